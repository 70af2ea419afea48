using System.Collections.Concurrent;

namespace GeosChem.AwsEmulator;

public enum FaultKind { None, Throttle, ServerError, Drop, DropAfterHandling }

/// <summary>What faults to inject, at which rates; rates are probabilities per request (0..1).</summary>
public sealed record FaultSettings
{
    public double ThrottleRate { get; init; }
    public double ServerErrorRate { get; init; }
    /// <summary>The connection is cut before the request is handled: nothing happened.</summary>
    public double DropRate { get; init; }
    /// <summary>The request is handled, then the connection is cut: the client cannot know it succeeded.</summary>
    public double DropAfterHandlingRate { get; init; }
    public int LatencyMs { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Only these operations get faults (all when empty).</summary>
    public string[] Operations { get; init; } = [];
}

/// <summary>Decides, reproducibly from a seed, which requests fail and how, and counts what it did.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private FaultSettings _settings = new();
    private Random _random = new(1);

    public ConcurrentDictionary<string, long> Counters { get; } = new();

    public FaultSettings Settings
    {
        get { lock (_gate) return _settings; }
        set { lock (_gate) { _settings = value; _random = new Random(value.Seed); } }
    }

    public (FaultKind Kind, int LatencyMs) Decide(string operation)
    {
        lock (_gate)
        {
            var s = _settings;
            if (s.Operations.Length > 0 && !s.Operations.Contains(operation, StringComparer.Ordinal)) return (FaultKind.None, 0);
            var roll = _random.NextDouble();
            var kind = FaultKind.None;
            if ((roll -= s.ThrottleRate) < 0) kind = FaultKind.Throttle;
            else if ((roll -= s.ServerErrorRate) < 0) kind = FaultKind.ServerError;
            else if ((roll -= s.DropRate) < 0) kind = FaultKind.Drop;
            else if ((roll -= s.DropAfterHandlingRate) < 0) kind = FaultKind.DropAfterHandling;
            if (kind != FaultKind.None) Count("fault:" + kind);
            return (kind, s.LatencyMs);
        }
    }

    public void Count(string name) => Counters.AddOrUpdate(name, 1, (_, n) => n + 1);

    public void Reset()
    {
        Settings = new FaultSettings();
        Counters.Clear();
    }
}
