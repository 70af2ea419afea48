using System.Collections.Concurrent;
using System.Management.Automation;
using GeosChem.PowerShell.Aws;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Runs async work from a cmdlet while keeping every PowerShell call on the pipeline thread: messages raised on
/// other threads are queued and written by the pipeline thread while it waits for the work to finish.
/// </summary>
internal sealed class PipelineBridge(PSCmdlet cmdlet) : IAwsCallObserver, IDisposable
{
    private readonly BlockingCollection<Action> _pending = new();

    public void Verbose(string message) => _pending.Add(() => cmdlet.WriteVerbose(message));

    public void Debug(string message) => _pending.Add(() => cmdlet.WriteDebug(message));

    public void Warning(string message) => _pending.Add(() => cmdlet.WriteWarning(message));

    public void Progress(ProgressRecord record) => _pending.Add(() => cmdlet.WriteProgress(record));

    /// <summary>Runs a write on the pipeline thread at its next chance.</summary>
    public void Post(Action write) => _pending.Add(write);

    public T Run<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Task<T> task;
        try
        {
            task = work(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        return Await(task, cancellationToken);
    }

    public void Run(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        Run(async ct => { await work(ct).ConfigureAwait(false); return true; }, cancellationToken);

    /// <summary>Enumerates an async stream on the pipeline thread, so each item can be written as soon as it arrives.</summary>
    public IEnumerable<T> Stream<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (Await(enumerator.MoveNextAsync().AsTask(), cancellationToken))
            {
                yield return enumerator.Current;
            }
        }
        finally
        {
            try { enumerator.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        }
    }

    private T Await<T>(Task<T> task, CancellationToken cancellationToken)
    {
        task.ContinueWith(_ => _pending.Add(static () => { }), TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            if (_pending.TryTake(out var action, Timeout.Infinite)) action();
        }
        Drain();
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    public void Drain()
    {
        while (_pending.TryTake(out var action)) action();
    }

    public void Dispose() => _pending.Dispose();
}
