using System.Buffers;

namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// Scratch arrays for the CPU kernels. Small ones (rows, slices) come from the shared pool, so repeated calls reuse
/// them. Volume-sized ones are allocated and left to the collector: the shared pool keeps what it is given for up to a
/// minute, so a pipeline stage that dropped a 100 MB scratch volume would carry it, unused, through the next stages,
/// where <see cref="Imaging.FreedMemory.Return"/> cannot reach it.
/// </summary>
internal static class ScratchArray
{
    /// <summary>Largest element count served from the shared pool.</summary>
    internal const int PoolLimit = 1 << 20;

    /// <summary>An array of at least <paramref name="count"/> elements; its contents are undefined.</summary>
    public static T[] Rent<T>(int count) =>
        count <= PoolLimit ? ArrayPool<T>.Shared.Rent(count) : GC.AllocateUninitializedArray<T>(count);

    /// <summary>Gives an array from <see cref="Rent"/> back; a volume-sized one is simply dropped.</summary>
    public static void Return<T>(T[] array)
    {
        if (array.Length <= PoolLimit) ArrayPool<T>.Shared.Return(array);
    }
}
