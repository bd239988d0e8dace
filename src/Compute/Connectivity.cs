namespace SurgicalNav.Compute;

/// <summary>Which of a voxel's 26 neighbours count as connected: faces (6), faces and edges (18) or all (26).</summary>
public enum Connectivity
{
    /// <summary>Neighbours that share a face.</summary>
    Six = 6,

    /// <summary>Neighbours that share a face or an edge.</summary>
    Eighteen = 18,

    /// <summary>Neighbours that share a face, an edge or a corner.</summary>
    TwentySix = 26,
}
