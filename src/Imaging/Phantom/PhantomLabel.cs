namespace SurgicalNav.Imaging.Phantom;

/// <summary>Label values of the phantom's ground truth; they match SurgicalNav's abdominal segment table.</summary>
public static class PhantomLabel
{
    /// <summary>Everything inside the skin that has no other label.</summary>
    public const byte Body = 1;

    /// <summary>Vertebrae and ribs.</summary>
    public const byte Bone = 2;

    /// <summary>Contrast-filled vessels: aorta, IVC, portal and hepatic veins, renal vessels.</summary>
    public const byte Vessels = 3;

    /// <summary>Liver parenchyma (without tumours and vessels).</summary>
    public const byte Liver = 4;

    /// <summary>Hypodense liver tumours.</summary>
    public const byte Tumor = 5;

    /// <summary>Kidneys.</summary>
    public const byte Kidney = 6;

    /// <summary>Names by value, for files and reports.</summary>
    public static IReadOnlyDictionary<byte, string> Names { get; } = new Dictionary<byte, string>
    {
        [Body] = "body", [Bone] = "bone", [Vessels] = "vessels", [Liver] = "liver", [Tumor] = "tumor", [Kidney] = "kidney",
    };
}
