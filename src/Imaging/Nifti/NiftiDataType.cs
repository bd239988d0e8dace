namespace SurgicalNav.Imaging.Nifti;

/// <summary>The NIfTI-1 voxel data types SurgicalNav reads and writes (the header's datatype code).</summary>
public enum NiftiDataType : short
{
    /// <summary>Unsigned 8-bit integer (DT_UINT8).</summary>
    UInt8 = 2,

    /// <summary>Signed 16-bit integer (DT_INT16).</summary>
    Int16 = 4,

    /// <summary>Signed 32-bit integer (DT_INT32).</summary>
    Int32 = 8,

    /// <summary>32-bit IEEE float (DT_FLOAT32).</summary>
    Float32 = 16,

    /// <summary>64-bit IEEE float (DT_FLOAT64).</summary>
    Float64 = 64,

    /// <summary>Signed 8-bit integer (DT_INT8).</summary>
    Int8 = 256,

    /// <summary>Unsigned 16-bit integer (DT_UINT16).</summary>
    UInt16 = 512,

    /// <summary>Unsigned 32-bit integer (DT_UINT32).</summary>
    UInt32 = 768,
}
