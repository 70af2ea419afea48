using System.Management.Automation;
using System.Reflection;

namespace GeosChem.PowerShell.Loader;

// The two steps of GeosChem.PowerShell.psm1, as cmdlets of the nested Loader module (not exported by the manifest).
// Cmdlets, not static methods called from the .psm1: PowerShell binds each .NET member a script uses dynamically on
// its first use, which cost more than the rest of the import together (docs/architecture.md, "What Import-Module does").

/// <summary>Returns the cmdlet assembly, loaded in the module's private load context.</summary>
[Cmdlet(VerbsCommon.Get, "GcModuleAssembly")]
[OutputType(typeof(Assembly))]
public sealed class GetGcModuleAssemblyCommand : PSCmdlet
{
    protected override void EndProcessing() => WriteObject(LoadContext.Initialize());
}

/// <summary>Finishes the import the .psm1 is running: re-exports the cmdlets after a repeated import and sets the hook
/// that registers the views before the first command.</summary>
[Cmdlet(VerbsLifecycle.Complete, "GcModuleImport")]
public sealed class CompleteGcModuleImportCommand : PSCmdlet
{
    private static readonly MethodInfo? AddExportedCmdlet =
        typeof(PSModuleInfo).GetMethod("AddExportedCmdlet", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>What Import-Module -Assembly -PassThru returned for the cmdlet assembly.</summary>
    [Parameter(Mandatory = true)]
    public PSModuleInfo AssemblyModule { get; set; } = null!;

    [Parameter(Mandatory = true)]
    public string FormatFile { get; set; } = null!;

    protected override void EndProcessing()
    {
        // Import-Module -Force re-uses the cached assembly module but does not re-export its cmdlets
        // (PowerShell issue 20710), so add them to the module being imported (the .psm1's) by hand.
        var module = SessionState.Module;
        if (LoadContext.Reused && module is not null && AddExportedCmdlet is not null)
        {
            foreach (var cmdlet in AssemblyModule.ExportedCmdlets.Values)
            {
                AddExportedCmdlet.Invoke(module, [cmdlet]);
            }
        }
        // The session's own intrinsics ($ExecutionContext), not this cmdlet's: the hook outlives this command.
        var engine = (EngineIntrinsics)GetVariableValue("ExecutionContext");
        FirstCommandViews.Register(engine.InvokeCommand, FormatFile);
    }
}
