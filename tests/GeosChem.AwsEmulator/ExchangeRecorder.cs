using System.Collections.Concurrent;

namespace GeosChem.AwsEmulator;

/// <summary>One request and the emulator's answer, kept for conformance tests against the service models.</summary>
public sealed record Exchange(string Service, string Operation, string RequestBody, int StatusCode, string ResponseBody);

public sealed class ExchangeRecorder
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public bool Enabled { get; set; }

    public void Add(Exchange exchange)
    {
        if (!Enabled) return;
        _exchanges.Enqueue(exchange);
        while (_exchanges.Count > Capacity && _exchanges.TryDequeue(out _)) { }
    }

    public IReadOnlyList<Exchange> Snapshot() => _exchanges.ToArray();

    public void Clear() => _exchanges.Clear();
}
