using System.Runtime;

namespace SurgicalNav.Imaging;

/// <summary>
/// Hands memory that work has let go of back to the operating system. The pipeline drops volume-sized buffers phase
/// after phase (a copied-out CT, a mesh extraction's growth buffers); the collector would reclaim them only when its
/// own budget says so, and until then they stay resident beside what the next phase allocates. A phase that has just
/// dropped such buffers calls this before the next large allocation, so peak memory follows what is live.
/// </summary>
public static class FreedMemory
{
    /// <summary>
    /// A full blocking collection that also compacts the large-object heap, where the volumes live, and decommits
    /// what is free. Costs a few tens of milliseconds with a few hundred MB live; call it between phases, not in loops.
    /// </summary>
    public static void Return()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
