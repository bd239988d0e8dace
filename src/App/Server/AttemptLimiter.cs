using System.Collections.Concurrent;
using System.Net;

namespace SurgicalNav.App.Server;

/// <summary>
/// Counts failed pairing attempts per remote address in a sliding window; past <see cref="MaxFailures"/>
/// within <see cref="Window"/> the address is locked out until its oldest failure leaves the window.
/// </summary>
public sealed class AttemptLimiter
{
    private readonly ConcurrentDictionary<IPAddress, Queue<long>> _failures = new();
    private readonly Func<long> _nowMs;

    /// <summary>Creates a limiter; <paramref name="nowMs"/> is a monotonic clock in ms (Environment.TickCount64 by default).</summary>
    public AttemptLimiter(int maxFailures = 5, TimeSpan? window = null, Func<long>? nowMs = null)
    {
        MaxFailures = maxFailures;
        Window = window ?? TimeSpan.FromMinutes(1);
        _nowMs = nowMs ?? (() => Environment.TickCount64);
    }

    /// <summary>Failures allowed per address within <see cref="Window"/>.</summary>
    public int MaxFailures { get; }

    /// <summary>The sliding window.</summary>
    public TimeSpan Window { get; }

    /// <summary>Seconds until the address may try again, or 0 when it is not locked out.</summary>
    public int LockedOutSeconds(IPAddress address)
    {
        if (!_failures.TryGetValue(address, out var queue)) return 0;
        lock (queue)
        {
            Trim(queue);
            if (queue.Count < MaxFailures) return 0;
            long until = queue.Peek() + (long)Window.TotalMilliseconds;
            return (int)Math.Max(1, Math.Ceiling((until - _nowMs()) / 1000.0));
        }
    }

    /// <summary>Records one failed attempt from the address.</summary>
    public void Fail(IPAddress address)
    {
        var queue = _failures.GetOrAdd(address, _ => new Queue<long>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(_nowMs());
        }
    }

    private void Trim(Queue<long> queue)
    {
        long oldest = _nowMs() - (long)Window.TotalMilliseconds;
        while (queue.Count > 0 && queue.Peek() <= oldest) queue.Dequeue();
    }
}
