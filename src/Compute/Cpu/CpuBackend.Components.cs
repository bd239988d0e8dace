namespace SurgicalNav.Compute.Cpu;

// Connected components by runs and union-find.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void LabelComponents(IDeviceVolume<byte> mask, Connectivity connectivity, IDeviceVolume<int> labels)
    {
        DeviceVolumeChecks.SameDimensions(mask, labels);
        HostVolume<byte> m = Host(mask);
        int[] l = Host(labels).Array;
        var dims = mask.Geometry.Dimensions;
        MaskRuns runs = MaskRuns.Find(m.Array, dims);
        runs.Connect(connectivity);
        int nx = dims.X, rows = dims.Y * dims.Z;
        // Root runs come first in linear order, so each component's label is known before its later runs need it.
        var first = new int[runs.Count];
        l.AsSpan(0, m.Count).Clear();
        for (int row = 0; row < rows; row++)
        {
            for (int r = runs.RowOffsets[row]; r < runs.RowOffsets[row + 1]; r++)
            {
                int root = runs.Root(r);
                if (root == r) first[r] = row * nx + runs.RunStart[r] + 1;
                l.AsSpan(row * nx + runs.RunStart[r], runs.RunEnd[r] - runs.RunStart[r]).Fill(first[root]);
            }
        }
    }
}
