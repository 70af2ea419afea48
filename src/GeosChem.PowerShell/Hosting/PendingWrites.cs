using System.Collections.Concurrent;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The queue between the threads that report and the pipeline thread that writes. Work abandoned by Ctrl+C may
/// report after the cmdlet is disposed (its runspace perhaps closed): those reports are dropped, never thrown on the
/// thread-pool thread that raised them, where an unhandled exception would end the whole pwsh process.
/// </summary>
internal sealed class PendingWrites : IDisposable
{
    private readonly BlockingCollection<Action> _pending = new();
    private readonly object _gate = new();
    private bool _closed;

    /// <summary>Queues a write for the pipeline thread; after <see cref="Dispose"/>, drops it.</summary>
    public void Post(Action write)
    {
        lock (_gate)
        {
            if (!_closed) _pending.Add(write);
        }
    }

    /// <summary>Runs queued writes on the calling thread until <paramref name="task"/> has finished, then the ones left.</summary>
    public void RunUntil(Task task)
    {
        task.ContinueWith(_ => Post(static () => { }), TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            if (_pending.TryTake(out var action, Timeout.Infinite)) action();
        }
        Drain();
    }

    public void Drain()
    {
        if (Volatile.Read(ref _closed)) return;
        while (_pending.TryTake(out var action)) action();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
        }
        _pending.Dispose();
    }
}
