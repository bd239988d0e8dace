using System.Runtime.InteropServices;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Turns decoded stored pixel values into modality values (HU for CT) as short: extracts the BitsStored
/// bits below HighBit, sign-extends signed data, undoes MONOCHROME1 inversion, applies slope and intercept,
/// rounds and clamps to the short range.
/// </summary>
internal static class DicomPixelConverter
{
    /// <summary>Converts one decoded image (host byte order); returns how many values had to be clamped.</summary>
    public static long Convert(ReadOnlySpan<byte> stored, DicomPixelLayout layout, Span<short> destination)
    {
        int count = destination.Length;
        switch (layout.BitsAllocated)
        {
            case 8:
                return ConvertWithTable(stored[..count], BuildTable(layout, 256), destination);
            case 16:
                return ConvertWithTable(MemoryMarshal.Cast<byte, ushort>(stored)[..count], BuildTable(layout, 65536), destination);
            case 32:
                return Convert32(MemoryMarshal.Cast<byte, uint>(stored)[..count], layout, destination);
            default:
                throw new NotSupportedException($"{layout.BitsAllocated} bits allocated per sample");
        }
    }

    /// <summary>Modality value of one raw stored word, before rounding and clamping.</summary>
    public static double ModalityValue(uint raw, DicomPixelLayout layout)
    {
        int bitsStored = Math.Clamp(layout.BitsStored, 1, layout.BitsAllocated);
        int shift = Math.Max(0, layout.HighBit + 1 - bitsStored);
        long mask = (1L << bitsStored) - 1;
        long value = (raw >> shift) & mask;
        if (layout.IsSigned && (value & (1L << (bitsStored - 1))) != 0) value -= 1L << bitsStored;
        if (layout.IsMonochrome1)
        {
            // Inverting within the stored range keeps its ends: unsigned 0..max maps to max..0, signed -2^(b-1)..2^(b-1)-1 likewise.
            value = layout.IsSigned ? -1 - value : mask - value;
        }
        return value * layout.Slope + layout.Intercept;
    }

    private static short[] BuildTable(DicomPixelLayout layout, int size)
    {
        var table = new short[size];
        for (int raw = 0; raw < size; raw++) table[raw] = Clamp(ModalityValue((uint)raw, layout), out _);
        return table;
    }

    private static long ConvertWithTable<TRaw>(ReadOnlySpan<TRaw> raw, short[] table, Span<short> destination)
        where TRaw : unmanaged, IConvertible
    {
        long clamped = 0;
        bool tableClamps = false;
        foreach (short v in table) if (v == short.MinValue || v == short.MaxValue) { tableClamps = true; break; }
        if (typeof(TRaw) == typeof(ushort))
        {
            ReadOnlySpan<ushort> words = MemoryMarshal.Cast<TRaw, ushort>(raw);
            for (int n = 0; n < words.Length; n++) destination[n] = table[words[n]];
        }
        else
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<TRaw, byte>(raw);
            for (int n = 0; n < bytes.Length; n++) destination[n] = table[bytes[n]];
        }
        if (tableClamps)
        {
            foreach (short v in destination) if (v == short.MinValue || v == short.MaxValue) clamped++;
        }
        return clamped;
    }

    private static long Convert32(ReadOnlySpan<uint> raw, DicomPixelLayout layout, Span<short> destination)
    {
        long clamped = 0;
        for (int n = 0; n < raw.Length; n++)
        {
            destination[n] = Clamp(ModalityValue(raw[n], layout), out bool wasClamped);
            if (wasClamped) clamped++;
        }
        return clamped;
    }

    private static short Clamp(double value, out bool clamped)
    {
        double rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        clamped = rounded < short.MinValue || rounded > short.MaxValue;
        return (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
    }

}
