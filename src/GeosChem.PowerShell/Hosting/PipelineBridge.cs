using System.Management.Automation;
using GeosChem.PowerShell.Aws;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Runs async work from a cmdlet while keeping every PowerShell call on the pipeline thread: messages raised on
/// other threads are queued and written by the pipeline thread while it waits for the work to finish (and dropped
/// once the cmdlet is disposed, see <see cref="PendingWrites"/>).
/// </summary>
internal sealed class PipelineBridge(PSCmdlet cmdlet) : IAwsCallObserver, IDisposable
{
    private readonly PendingWrites _writes = new();

    public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

    public void Debug(string message) => Post(() => cmdlet.WriteDebug(message));

    public void Warning(string message) => Post(() => cmdlet.WriteWarning(message));

    public void Progress(ProgressRecord record) => Post(() => cmdlet.WriteProgress(record));

    /// <summary>Runs a write on the pipeline thread at its next chance.</summary>
    public void Post(Action write) => _writes.Post(write);

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
        _writes.RunUntil(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    public void Drain() => _writes.Drain();

    public void Dispose() => _writes.Dispose();
}
