using System.Management.Automation;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// PowerShell runs this when it imports the cmdlet assembly (the manifest's root module), after listing the assembly's
/// public types and before reading their attributes; nothing of the import needs an engine type, and from here on the
/// default load context sends the engine to the private one. Listing the types must not need the engine (a Pester test
/// in Module.Tests.ps1 lists them with the engine absent).
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    internal const string FormatFileName = "GeosChem.PowerShell.Format.ps1xml";

    public void OnImport()
    {
        LoadContext.RedirectEngine();
        // The module base is two folders above bin/net8.0, where the build publishes the assemblies.
        var moduleBase = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "..", ".."));
        // A SessionState made here is bound to the importing runspace (the pipeline thread's); its InvokeCommand is that
        // runspace's own ($ExecutionContext.InvokeCommand), whose lookup hook serves every command.
        FirstCommandViews.Register(new SessionState().InvokeCommand, Path.Combine(moduleBase, FormatFileName));
    }
}
