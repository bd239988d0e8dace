namespace SurgicalNav.Imaging.IO;

/// <summary>The volume file formats <see cref="VolumeFile"/> reads and writes.</summary>
public enum VolumeFormat
{
    /// <summary>NRRD (.nrrd, .nhdr), patient LPS in the header's space field.</summary>
    Nrrd,

    /// <summary>NIfTI-1 (.nii, .nii.gz), RAS world frame converted to and from LPS.</summary>
    Nifti,
}
