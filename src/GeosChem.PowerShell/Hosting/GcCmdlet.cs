using System.Management.Automation;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of every cmdlet: a cancellation source that Ctrl+C (StopProcessing) cancels, a bridge that runs async work
/// with all output on the pipeline thread, and the error helpers.
/// </summary>
public abstract class GcCmdlet : PSCmdlet, IDisposable
{
    private readonly StopSignal _stopping = new();
    private readonly List<IDisposable> _owned = [];
    private PipelineBridge? _bridge;

    protected CancellationToken StopToken => _stopping.Token;

    internal PipelineBridge Bridge => _bridge ??= new PipelineBridge(this);

    protected T Run<T>(Func<CancellationToken, Task<T>> work) => Bridge.Run(work, StopToken);

    protected void Run(Func<CancellationToken, Task> work) => Bridge.Run(work, StopToken);

    protected IEnumerable<T> Stream<T>(IAsyncEnumerable<T> source) => Bridge.Stream(source, StopToken);

    protected T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Writes a per-item error and carries on, unless the failure would repeat for every item.</summary>
    private protected void WriteItemError(GcException exception, string errorId, object? target = null)
    {
        var record = ErrorRecords.From(exception, errorId, target);
        if (ErrorRecords.DoomsTheRest(exception)) ThrowTerminatingError(record);
        WriteError(record);
    }

    private protected void ThrowGcError(GcException exception, string? errorId = null) =>
        ThrowTerminatingError(ErrorRecords.From(exception, errorId));

    /// <summary>
    /// ShouldProcess, except that -Force skips the confirmation prompt the way AWS Tools does; -WhatIf still only reports.
    /// </summary>
    protected bool ShouldProcessUnlessForced(string target, string action, bool force)
    {
        if (!force || IsWhatIf) return ShouldProcess(target, action);
        WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force).");
        return true;
    }

    private bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? bound is SwitchParameter { IsPresent: true }
            : GetVariableValue("WhatIfPreference") is { } preference && LanguagePrimitives.IsTrue(preference);

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
