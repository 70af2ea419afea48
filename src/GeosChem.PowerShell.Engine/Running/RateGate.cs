using System.Diagnostics;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Spaces calls evenly at a fixed rate across all threads: each caller is given the next free slot and waits for it.
/// Even spacing (no bursts) keeps a client under a server-side token bucket of the same rate.
/// </summary>
internal sealed class RateGate(double perSecond)
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _intervalSeconds = 1.0 / Math.Max(0.001, perSecond);
    private double _nextFreeSeconds;

    public Task WaitAsync(CancellationToken ct)
    {
        double waitSeconds;
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            var slot = Math.Max(now, _nextFreeSeconds);
            _nextFreeSeconds = slot + _intervalSeconds;
            waitSeconds = slot - now;
        }
        return waitSeconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(waitSeconds), ct);
    }
}
