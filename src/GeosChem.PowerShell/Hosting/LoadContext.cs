using System.Reflection;
using System.Runtime.Loader;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The private load context of GeosChem.PowerShell. The engine assembly (everything below the cmdlets) and every
/// dependency beside it (AWSSDK.*) load here, so a session that already holds another AWSSDK.Core (AWS.Tools) is not
/// disturbed. The cmdlet assembly, this class's, lives in the default context and names no AWS SDK type.
/// </summary>
internal sealed class LoadContext : AssemblyLoadContext
{
    public const string ContextName = "GeosChem.PowerShell";
    public const string EngineAssemblyName = "GeosChem.PowerShell.Engine";

    private static readonly object Gate = new();
    private static LoadContext? _instance;

    private readonly string _assemblyDirectory;
    private Assembly? _engine;

    private LoadContext(string assemblyDirectory) : base(ContextName, isCollectible: false)
    {
        _assemblyDirectory = assemblyDirectory;
    }

    /// <summary>Creates the context once per process and makes the default context send the engine assembly to it: the
    /// cmdlet assembly's references to the engine are bound there, and the engine's own (AWSSDK.*) here.</summary>
    public static void RedirectEngine()
    {
        lock (Gate)
        {
            if (_instance is not null) return;
            _instance = new LoadContext(Path.GetDirectoryName(typeof(LoadContext).Assembly.Location)!);
            Default.Resolving += (_, name) => string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) ? _instance.Engine() : null;
        }
    }

    // By path: a load by name would make the runtime compare the name it got back with an invariant-culture comparison,
    // whose first use in a process loads ICU's collation (docs/architecture.md, "On a ReadyToRun pwsh").
    private Assembly Engine()
    {
        lock (Gate)
        {
            return _engine ??= LoadFromAssemblyPath(Path.Combine(_assemblyDirectory, EngineAssemblyName + ".dll"));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(_assemblyDirectory, assemblyName.Name + ".dll");
        // Anything not shipped beside us (the BCL) comes from the default context, and so does the cmdlet assembly, which
        // lives there (the engine never references it).
        var isCmdletAssembly = string.Equals(assemblyName.Name, typeof(LoadContext).Assembly.GetName().Name, StringComparison.Ordinal);
        return File.Exists(candidate) && !isCmdletAssembly ? LoadFromAssemblyPath(candidate) : null;
    }
}
