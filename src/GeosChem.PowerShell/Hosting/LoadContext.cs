using System.Reflection;
using System.Runtime.Loader;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The private load context of GeosChem.PowerShell. The engine assembly (every layer below the cmdlets but the output
/// types) and every dependency beside it (AWSSDK.*) load here, so a session that already holds another AWSSDK.Core
/// (AWS.Tools) is not disturbed. The cmdlet assembly and the output types (GeosChem.PowerShell.Models, whose type names
/// PowerShell must resolve) live in the default context and name no AWS SDK type.
/// </summary>
internal sealed class LoadContext : AssemblyLoadContext
{
    public const string ContextName = "GeosChem.PowerShell";
    public const string EngineAssemblyName = "GeosChem.PowerShell.Engine";
    public const string ModelsAssemblyName = "GeosChem.PowerShell.Models";
    private const string CmdletAssemblyName = "GeosChem.PowerShell";

    private static readonly object Gate = new();
    private static LoadContext? _instance;

    private readonly string _assemblyDirectory;
    private Assembly? _engine;
    private Assembly? _models;

    private LoadContext(string assemblyDirectory) : base(ContextName, isCollectible: false)
    {
        _assemblyDirectory = assemblyDirectory;
    }

    /// <summary>Creates the context once per process and has the default context send the engine to it, and take the
    /// output types from the module's folder: the cmdlets' references to both are bound in the default context.</summary>
    public static void RedirectEngine()
    {
        lock (Gate)
        {
            if (_instance is not null) return;
            _instance = new LoadContext(Path.GetDirectoryName(typeof(LoadContext).Assembly.Location)!);
            Default.Resolving += (_, name) => name.Name switch
            {
                EngineAssemblyName => _instance.Engine(),
                ModelsAssemblyName => _instance.Models(),
                _ => null,
            };
        }
    }

    private Assembly Engine()
    {
        lock (Gate) return _engine ??= LoadFromAssemblyPath(PathOf(EngineAssemblyName));
    }

    private Assembly Models()
    {
        lock (Gate) return _models ??= Default.LoadFromAssemblyPath(PathOf(ModelsAssemblyName));
    }

    private string PathOf(string assemblyName) => Path.Combine(_assemblyDirectory, assemblyName + ".dll");

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The default context's own (the BCL, the output types, the cmdlet assembly) come from there; everything else
        // shipped beside us loads here.
        if (assemblyName.Name is ModelsAssemblyName or CmdletAssemblyName) return null;
        var candidate = PathOf(assemblyName.Name!);
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
