namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The cancellation that Ctrl+C raises. PowerShell calls StopProcessing on the thread that asked for the stop, which
/// can race the pipeline thread disposing the cmdlet: a stop that arrives after Dispose has nothing left to cancel.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly object _gate = new();
    private bool _disposed;

    public CancellationToken Token { get; }

    public StopSignal() => Token = _source.Token;

    public void Stop()
    {
        lock (_gate)
        {
            if (!_disposed) _source.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _source.Dispose();
    }
}
