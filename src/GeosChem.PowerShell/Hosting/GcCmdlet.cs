using System.Management.Automation;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The one base of every cmdlet: a cancellation source that Ctrl+C (StopProcessing) cancels, a bridge that runs async
/// work with all output on the pipeline thread, and the error helpers. Everything else a cmdlet needs it holds itself
/// (an <see cref="AwsSession"/>, a <see cref="ConfigurationFile"/>, a <see cref="JobWaiting"/>, ...), and those helpers
/// reach back here through the internal members.
/// </summary>
public abstract class GcCmdlet : PSCmdlet, IDisposable
{
    private readonly StopSignal _stopping = new();
    private readonly List<IDisposable> _owned = [];
    private PipelineBridge? _bridge;

    protected internal CancellationToken StopToken => _stopping.Token;

    internal PipelineBridge Bridge => _bridge ??= new PipelineBridge(this);

    protected internal T Run<T>(Func<CancellationToken, Task<T>> work) => Bridge.Run(work, StopToken);

    protected internal void Run(Func<CancellationToken, Task> work) => Bridge.Run(work, StopToken);

    protected internal IEnumerable<T> Stream<T>(IAsyncEnumerable<T> source) => Bridge.Stream(source, StopToken);

    protected internal T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>
    /// Writes a per-item error and carries on, unless the failure would repeat for every item. An AWS service failure
    /// is reported under <paramref name="awsFailureId"/> when one is given (see <see cref="ErrorRecords.From"/>).
    /// </summary>
    internal void WriteItemError(GcException exception, object? target = null, string? awsFailureId = null)
    {
        var record = ErrorRecords.From(exception, target, awsFailureId);
        if (ErrorRecords.DoomsTheRest(exception)) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>Stops the command with one of our errors; an AWS service failure under <paramref name="awsFailureId"/> when given.</summary>
    internal void ThrowGcError(GcException exception, string? awsFailureId = null) =>
        ThrowTerminatingError(ErrorRecords.From(exception, target: null, awsFailureId));

    protected override void StopProcessing() => _stopping.Stop();

    public void Dispose()
    {
        foreach (var item in _owned) item.Dispose();
        _owned.Clear();
        _bridge?.Dispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
