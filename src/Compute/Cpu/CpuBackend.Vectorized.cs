using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SurgicalNav.Compute.Cpu;

// SIMD kernels. Each takes spans, runs Vector256 when the caller says the hardware accelerates it, and always
// finishes with a scalar tail that computes exactly what the vector body computes (no FMA in either).
public sealed partial class CpuBackend
{
    private static void ThresholdRun(ReadOnlySpan<short> src, Span<byte> dst, short low, short high, bool simd)
    {
        int i = simd ? ThresholdVector256(src, dst, low, high) : 0;
        for (; i < src.Length; i++)
        {
            short v = src[i];
            dst[i] = (byte)(v >= low && v <= high ? 1 : 0);
        }
    }

    private static int ThresholdVector256(ReadOnlySpan<short> src, Span<byte> dst, short low, short high)
    {
        ref short s = ref MemoryMarshal.GetReference(src);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        Vector256<short> lo = Vector256.Create(low), hi = Vector256.Create(high);
        Vector256<sbyte> one = Vector256.Create((sbyte)1);
        nuint n = (nuint)src.Length, i = 0;
        for (; i + 32 <= n; i += 32)
        {
            Vector256<short> a = Vector256.LoadUnsafe(ref s, i);
            Vector256<short> b = Vector256.LoadUnsafe(ref s, i + 16);
            Vector256<short> inA = Vector256.GreaterThanOrEqual(a, lo) & Vector256.LessThanOrEqual(a, hi);
            Vector256<short> inB = Vector256.GreaterThanOrEqual(b, lo) & Vector256.LessThanOrEqual(b, hi);
            // Masks are all-ones (-1); narrowing keeps -1 and the AND turns it into label 1.
            (Vector256.Narrow(inA, inB) & one).AsByte().StoreUnsafe(ref d, i);
        }
        return (int)i;
    }

    /// <summary>dst[i] = sum_t weights[t] * src[offsets[t] + i], in float.</summary>
    private static void Convolve(float[] src, ReadOnlySpan<int> offsets, ReadOnlySpan<float> weights, Span<float> dst, bool simd)
    {
        ref float s = ref MemoryMarshal.GetArrayDataReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length, i = 0;
        if (simd)
        {
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (int t = 0; t < weights.Length; t++)
                {
                    acc += Vector256.Create(weights[t]) * Vector256.LoadUnsafe(ref s, (nuint)(offsets[t] + i));
                }
                acc.StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float acc = 0;
            for (int t = 0; t < weights.Length; t++) acc += weights[t] * Unsafe.Add(ref s, offsets[t] + i);
            Unsafe.Add(ref d, i) = acc;
        }
    }

    /// <summary>dst[i] = round-to-even(clamp(sum_t weights[t] * src[offsets[t] + i])), accumulated in float.</summary>
    private static void ConvolveToShort(float[] src, ReadOnlySpan<int> offsets, ReadOnlySpan<float> weights, Span<short> dst, bool simd)
    {
        ref float s = ref MemoryMarshal.GetArrayDataReference(src);
        ref short d = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length, i = 0;
        if (simd)
        {
            Vector256<float> min = Vector256.Create((float)short.MinValue), max = Vector256.Create((float)short.MaxValue);
            for (; i + 16 <= n; i += 16)
            {
                Vector256<float> lower = Vector256<float>.Zero, upper = Vector256<float>.Zero;
                for (int t = 0; t < weights.Length; t++)
                {
                    Vector256<float> w = Vector256.Create(weights[t]);
                    lower += w * Vector256.LoadUnsafe(ref s, (nuint)(offsets[t] + i));
                    upper += w * Vector256.LoadUnsafe(ref s, (nuint)(offsets[t] + i + 8));
                }
                Vector256<int> a = Vector256.ConvertToInt32(Vector256.Round(Vector256.Min(Vector256.Max(lower, min), max)));
                Vector256<int> b = Vector256.ConvertToInt32(Vector256.Round(Vector256.Min(Vector256.Max(upper, min), max)));
                Vector256.Narrow(a, b).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float acc = 0;
            for (int t = 0; t < weights.Length; t++) acc += weights[t] * Unsafe.Add(ref s, offsets[t] + i);
            Unsafe.Add(ref d, i) = RoundToShort(acc);
        }
    }
}
