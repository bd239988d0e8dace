using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SurgicalNav.Registration.Surface;

public sealed partial class KdTree
{
    /// <summary>Squared distances from (x, y, z) to the 8 slots of a leaf; keeps the smallest below best.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ScanLeaf(int leaf, float x, float y, float z, ref float best, ref int bestSlot)
    {
        int o = leaf * 3 * LeafSlots;
        ref float data = ref _leafXyz[o];
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> dx = Vector256.LoadUnsafe(ref data) - Vector256.Create(x);
            Vector256<float> dy = Vector256.LoadUnsafe(ref data, LeafSlots) - Vector256.Create(y);
            Vector256<float> dz = Vector256.LoadUnsafe(ref data, 2 * LeafSlots) - Vector256.Create(z);
            Vector256<float> d = dx * dx + dy * dy + dz * dz;
            uint closer = Vector256.LessThan(d, Vector256.Create(best)).ExtractMostSignificantBits();
            while (closer != 0)
            {
                int k = BitOperations.TrailingZeroCount(closer);
                closer &= closer - 1;
                float dk = d.GetElement(k);
                if (dk < best)
                {
                    best = dk;
                    bestSlot = leaf * LeafSlots + k;
                }
            }
            return;
        }
        for (int k = 0; k < LeafSlots; k++)
        {
            float ex = Unsafe.Add(ref data, k) - x, ey = Unsafe.Add(ref data, LeafSlots + k) - y, ez = Unsafe.Add(ref data, 2 * LeafSlots + k) - z;
            float dk = ex * ex + ey * ey + ez * ez;
            if (dk < best)
            {
                best = dk;
                bestSlot = leaf * LeafSlots + k;
            }
        }
    }
}
