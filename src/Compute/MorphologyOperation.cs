namespace SurgicalNav.Compute;

/// <summary>Binary morphology with a spherical structuring element (radius in mm, anisotropic spacing respected).</summary>
public enum MorphologyOperation
{
    /// <summary>Sets every voxel whose centre lies within the radius of a set voxel centre.</summary>
    Dilate,

    /// <summary>Keeps a set voxel only when no clear voxel centre lies within the radius.</summary>
    Erode,

    /// <summary>Erode, then dilate: removes structures thinner than the sphere.</summary>
    Open,

    /// <summary>Dilate, then erode: closes gaps narrower than the sphere.</summary>
    Close,
}
