using System.Reflection;
using System.Runtime.Loader;

namespace GeosChem.PowerShell.Loader;

/// <summary>
/// The private load context of GeosChem.PowerShell. The cmdlet assembly and every dependency beside it
/// (AWSSDK.*) load here, so a session that already holds another AWSSDK.Core (AWS.Tools) is not disturbed.
/// Only this tiny assembly lives in the default context.
/// </summary>
public sealed class LoadContext : AssemblyLoadContext
{
    public const string ContextName = "GeosChem.PowerShell";
    private const string MainAssemblyName = "GeosChem.PowerShell";

    private static readonly object Gate = new();
    private static LoadContext? _instance;

    private readonly string _assemblyDirectory;
    private readonly Assembly _loaderAssembly;
    private readonly string _loaderName;

    private LoadContext(string assemblyDirectory) : base(ContextName, isCollectible: false)
    {
        _assemblyDirectory = assemblyDirectory;
        _loaderAssembly = typeof(LoadContext).Assembly;
        _loaderName = _loaderAssembly.GetName().Name!;
    }

    /// <summary>True when the last <see cref="Initialize"/> found the context made by an earlier import in this process
    /// (Import-Module -Force, or another runspace).</summary>
    public static bool Reused { get; private set; }

    /// <summary>Creates the context once per process and returns the cmdlet assembly loaded in it.</summary>
    public static Assembly Initialize()
    {
        lock (Gate)
        {
            Reused = _instance is not null;
            if (_instance is null)
            {
                var directory = Path.GetDirectoryName(typeof(LoadContext).Assembly.Location)!;
                _instance = new LoadContext(directory);
            }
            return _instance.LoadFromAssemblyName(new AssemblyName(MainAssemblyName));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Share the one loader copy between both contexts.
        if (string.Equals(assemblyName.Name, _loaderName, StringComparison.Ordinal))
        {
            return _loaderAssembly;
        }

        var candidate = Path.Combine(_assemblyDirectory, assemblyName.Name + ".dll");
        // Anything not shipped beside us (the BCL, System.Management.Automation) comes from the default context.
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
