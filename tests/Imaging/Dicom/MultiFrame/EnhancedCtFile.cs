namespace SurgicalNav.Imaging.Tests.Dicom.MultiFrame;

/// <summary>
/// Builds an Enhanced CT Image Storage file (one file, many frames, geometry and rescale in the functional
/// groups) from a volume with dcmtk's dump2dcm: the shape real scanners send, written by a tool that is not ours.
/// </summary>
internal sealed record EnhancedCtFile
{
    /// <summary>Frame order in the file: entry n is the volume slice stored as frame n.</summary>
    public IReadOnlyList<int>? FrameOrder { get; init; }

    /// <summary>Per-slice (slope, intercept) in the PixelValueTransformationSequence of each frame; null: shared slope 1, intercept -1024.</summary>
    public Func<int, (double Slope, double Intercept)>? Rescale { get; init; }

    /// <summary>BitsStored (unsigned, BitsAllocated 16).</summary>
    public int BitsStored { get; init; } = 12;

    /// <summary>NumberOfFrames to declare; null: the number of frames written.</summary>
    public int? DeclaredFrames { get; init; }

    /// <summary>Writes the volume's slices as frames; returns the path.</summary>
    public string Write(Volume<short> hu, string folder, string name = "enhanced.dcm")
    {
        ImageGeometry g = hu.Geometry;
        int nx = g.Dimensions.X, ny = g.Dimensions.Y;
        IReadOnlyList<int> order = FrameOrder ?? Enumerable.Range(0, g.Dimensions.Z).ToArray();
        Vec3 row = g.Direction.Column(0), column = g.Direction.Column(1);
        string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "(0008,0016) UI =EnhancedCTImageStorage", "(0008,0018) UI [1.2.826.0.1.3680043.2.1125.77.1]", "(0008,0060) CS [CT]",
            "(0010,0010) PN [Phantom^Enhanced]", "(0010,0020) LO [ENH001]", "(0020,000d) UI [1.2.826.0.1.3680043.2.1125.77.2]",
            "(0020,000e) UI [1.2.826.0.1.3680043.2.1125.77.3]", "(0020,0052) UI [1.2.826.0.1.3680043.2.1125.77.4]",
            "(0028,0002) US 1", "(0028,0004) CS [MONOCHROME2]", $"(0028,0008) IS [{DeclaredFrames ?? order.Count}]",
            $"(0028,0010) US {ny}", $"(0028,0011) US {nx}", "(0028,0100) US 16", $"(0028,0101) US {BitsStored}", $"(0028,0102) US {BitsStored - 1}", "(0028,0103) US 0",
            "(5200,9229) SQ (Sequence with undefined length)", "(fffe,e000) na (Item with undefined length)",
        };
        lines.AddRange(Sequence("(0020,9116)", $"(0020,0037) DS [{F(row.X)}\\{F(row.Y)}\\{F(row.Z)}\\{F(column.X)}\\{F(column.Y)}\\{F(column.Z)}]"));
        lines.AddRange(Sequence("(0028,9110)", $"(0018,0050) DS [{F(g.SpacingMm.Z)}]", $"(0028,0030) DS [{F(g.SpacingMm.Y)}\\{F(g.SpacingMm.X)}]"));
        if (Rescale is null) lines.AddRange(Sequence("(0028,9145)", "(0028,1052) DS [-1024]", "(0028,1053) DS [1]", "(0028,1054) LO [HU]"));
        lines.AddRange(["(fffe,e00d) na", "(fffe,e0dd) na", "(5200,9230) SQ (Sequence with undefined length)"]);
        var raw = new byte[order.Count * nx * ny * 2];
        for (int f = 0; f < order.Count; f++)
        {
            int k = order[f];
            Vec3 p = g.IndexToPatient(0, 0, k);
            lines.Add("(fffe,e000) na (Item with undefined length)");
            lines.AddRange(Sequence("(0020,9113)", $"(0020,0032) DS [{F(p.X)}\\{F(p.Y)}\\{F(p.Z)}]"));
            (double slope, double intercept) = Rescale?.Invoke(k) ?? (1, -1024);
            if (Rescale is not null) lines.AddRange(Sequence("(0028,9145)", $"(0028,1052) DS [{F(intercept)}]", $"(0028,1053) DS [{F(slope)}]"));
            lines.Add("(fffe,e00d) na");
            Span<short> slice = hu.Slice(k);
            for (int n = 0; n < slice.Length; n++)
            {
                double stored = (slice[n] - intercept) / slope;
                Assert.That(stored, Is.InRange(0, (1 << BitsStored) - 1).And.EqualTo(Math.Round(stored)), "test volume must be representable");
                BitConverter.TryWriteBytes(raw.AsSpan((f * nx * ny + n) * 2), (ushort)stored);
            }
        }
        string rawPath = Path.Combine(folder, name + ".raw");
        File.WriteAllBytes(rawPath, raw);
        lines.AddRange(["(fffe,e0dd) na", $"(7fe0,0010) OW ={rawPath}"]);
        string dumpPath = Path.Combine(folder, name + ".dump");
        File.WriteAllLines(dumpPath, lines);
        string path = Path.Combine(folder, name);
        DcmTool.Run("dump2dcm", "+te", dumpPath, path);
        File.Delete(rawPath);
        File.Delete(dumpPath);
        return path;
    }

    private static IEnumerable<string> Sequence(string tag, params string[] elements) =>
        [$"{tag} SQ (Sequence with undefined length)", "(fffe,e000) na (Item with undefined length)", .. elements, "(fffe,e00d) na", "(fffe,e0dd) na"];
}
