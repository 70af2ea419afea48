using System.Management.Automation;
using System.Reflection;

namespace GeosChem.PowerShell.Loader;

// The one step of GeosChem.PowerShell.psm1 before its Import-Module -Assembly, as a cmdlet of the nested Loader module
// (not exported by the manifest). A cmdlet, not static methods called from the .psm1: PowerShell binds each .NET member
// a script uses dynamically on its first use, and every command the .psm1 runs is PowerShell code compiled on first use
// (docs/architecture.md, "What Import-Module does").

/// <summary>Returns the cmdlet assembly, loaded in the module's private load context, and sets the hook that registers
/// the views before the first command after the import.</summary>
[Cmdlet(VerbsData.Initialize, "GcModuleImport")]
[OutputType(typeof(Assembly))]
public sealed class InitializeGcModuleImportCommand : PSCmdlet
{
    internal const string FormatFileName = "GeosChem.PowerShell.Format.ps1xml";

    // Import-Module -Assembly skips an assembly whose module is still in the session's module table, even with -Force,
    // and then exports nothing (PowerShell issue 20710): after Import-Module -Force of this module, that is the old
    // cmdlet-assembly module. Removing it first makes the .psm1's import a fresh one. Runs only on a repeated import.
    private const string RemoveStaleScript =
        "Microsoft.PowerShell.Core\\Get-Module -All | Microsoft.PowerShell.Core\\Where-Object Path -EQ $args[0] | Microsoft.PowerShell.Core\\Remove-Module -Force";

    protected override void EndProcessing()
    {
        var assembly = LoadContext.Initialize();
        if (LoadContext.Reused)
        {
            InvokeCommand.InvokeScript(RemoveStaleScript, assembly.Location);
        }
        // The session's own intrinsics ($ExecutionContext), not this cmdlet's: the hook outlives this command.
        var engine = (EngineIntrinsics)GetVariableValue("ExecutionContext");
        // Only the .psm1 runs this cmdlet (the manifest does not export it), so the module is GeosChem.PowerShell's.
        FirstCommandViews.Register(engine.InvokeCommand, Path.Combine(SessionState.Module!.ModuleBase, FormatFileName));
        WriteObject(assembly);
    }
}
