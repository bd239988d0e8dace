namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// OpenIGTLink's 64-bit timestamp: the upper 32 bits are whole seconds since the Unix epoch (UTC), the lower
/// 32 bits the fraction of a second in units of 2^-32 s. Conversions here are to and from nanoseconds since the epoch.
/// </summary>
public static class IgtlTimestamp
{
    /// <summary>Nanoseconds since the Unix epoch from a wire timestamp; 0 stays 0 ("no timestamp").</summary>
    public static long ToNs(ulong wire)
    {
        ulong seconds = wire >> 32;
        ulong fraction = wire & 0xFFFFFFFFUL;
        ulong nanos = (fraction * 1_000_000_000UL + 0x80000000UL) >> 32;
        return (long)(seconds * 1_000_000_000UL + nanos);
    }

    /// <summary>Wire timestamp from nanoseconds since the Unix epoch (negative values give 0).</summary>
    public static ulong FromNs(long ns)
    {
        if (ns <= 0) return 0;
        ulong seconds = (ulong)ns / 1_000_000_000UL;
        ulong nanos = (ulong)ns % 1_000_000_000UL;
        ulong fraction = ((nanos << 32) + 500_000_000UL) / 1_000_000_000UL;
        if (fraction > 0xFFFFFFFFUL) fraction = 0xFFFFFFFFUL;
        return (seconds << 32) | fraction;
    }
}
