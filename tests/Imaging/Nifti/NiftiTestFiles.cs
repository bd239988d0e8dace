using System.Buffers.Binary;
using System.Text;

namespace SurgicalNav.Imaging.Tests.Nifti;

/// <summary>Hand-built NIfTI-1 headers, byte by byte after the NIfTI-1 specification, so a test does not trust our own writer.</summary>
internal sealed class NiftiTestFiles
{
    private readonly byte[] _h = new byte[352];

    public NiftiTestFiles(short nx, short ny, short nz, short datatype, short bitpix)
    {
        Int32(0, 348);
        short[] dim = [3, nx, ny, nz, 1, 1, 1, 1];
        for (int n = 0; n < 8; n++) Int16(40 + 2 * n, dim[n]);
        Int16(70, datatype);
        Int16(72, bitpix);
        Float(108, 352);
        Encoding.ASCII.GetBytes("n+1\0").CopyTo(_h, 344);
        _h[123] = 2; // mm
    }

    public NiftiTestFiles Int16(int at, short v) { BinaryPrimitives.WriteInt16LittleEndian(_h.AsSpan(at), v); return this; }

    public NiftiTestFiles Int32(int at, int v) { BinaryPrimitives.WriteInt32LittleEndian(_h.AsSpan(at), v); return this; }

    public NiftiTestFiles Float(int at, float v) { BinaryPrimitives.WriteSingleLittleEndian(_h.AsSpan(at), v); return this; }

    public NiftiTestFiles PixDim(float qfac, float dx, float dy, float dz) => Float(76, qfac).Float(80, dx).Float(84, dy).Float(88, dz);

    public NiftiTestFiles Sform(short code, float[] srowX, float[] srowY, float[] srowZ)
    {
        Int16(254, code);
        for (int c = 0; c < 4; c++) Float(280 + 4 * c, srowX[c]).Float(296 + 4 * c, srowY[c]).Float(312 + 4 * c, srowZ[c]);
        return this;
    }

    public NiftiTestFiles Qform(short code, float b, float c, float d, float ox, float oy, float oz) =>
        Int16(252, code).Float(256, b).Float(260, c).Float(264, d).Float(268, ox).Float(272, oy).Float(276, oz);

    public NiftiTestFiles Scale(float slope, float intercept) => Float(112, slope).Float(116, intercept);

    /// <summary>The header followed by <paramref name="voxels"/> (little endian, already encoded).</summary>
    public byte[] With(byte[] voxels) => [.. _h, .. voxels];

    public static byte[] Int16Voxels(IEnumerable<short> values)
    {
        short[] v = values.ToArray();
        var bytes = new byte[v.Length * 2];
        for (int n = 0; n < v.Length; n++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * n), v[n]);
        return bytes;
    }
}
