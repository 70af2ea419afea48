using System.Reflection;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Hosting;

namespace GeosChem.PowerShell.Tests.Structure;

/// <summary>
/// The layer rule of docs/architecture.md, checked on the compiled assemblies: a type uses only types of its own layer
/// or of layers drawn below it, layers drawn side by side do not use each other, and PowerShell's types stay in the two
/// top layers. A reference hidden in a lambda or an async method counts (the method bodies are read). The two top
/// layers are the cmdlet assembly (default load context), the others the engine (the module's private one).
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Top to bottom; the layers of one row must not use each other. "(root)" is GeosChem.PowerShell itself (data files, text helpers).</summary>
    internal static readonly string[][] Picture =
    [
        ["Commands"],
        ["Hosting"],
        ["Platform"],
        ["Images"],
        ["Configuration", "Running", "Benchmarks", "RunDirectories"],
        ["Planning", "Timing"],
        ["Aws"],
        ["Errors"],
        ["Models", "(root)"],
    ];

    private static readonly Assembly CmdletAssembly = typeof(GcCmdlet).Assembly;
    private static readonly Assembly Engine = typeof(Errors.ErrorIds).Assembly;
    private static readonly Assembly OutputTypes = typeof(Models.GcQuota).Assembly;
    private static readonly Assembly[] Module = [CmdletAssembly, Engine, OutputTypes];
    private static IEnumerable<Type> ModuleTypes() => Module.SelectMany(a => a.GetTypes());

    internal static string? LayerOf(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !(ns == "GeosChem.PowerShell" || ns.StartsWith("GeosChem.PowerShell.", StringComparison.Ordinal))) return null;
        var parts = ns.Split('.');
        return parts.Length > 2 ? parts[2] : "(root)";
    }

    private static int RankOf(string layer)
    {
        for (var i = 0; i < Picture.Length; i++) if (Picture[i].Contains(layer)) return i;
        throw new InvalidOperationException($"The namespace layer '{layer}' is not in the picture; add it to LayerTests.Picture and docs/architecture.md.");
    }

    /// <summary>(user, used, layer of user, layer of used) for every reference between our own types.</summary>
    private static IEnumerable<(Type From, Type To, string FromLayer, string ToLayer)> References() =>
        from type in ModuleTypes()
        let fromLayer = LayerOf(type)
        where fromLayer is not null
        from used in TypeReferences.Of(type)
        where Module.Contains(used.Assembly)
        let toLayer = LayerOf(used)
        where toLayer is not null && toLayer != fromLayer
        select (type, used, fromLayer, toLayer);

    [Fact]
    public void EveryNamespaceIsInThePicture()
    {
        var layers = ModuleTypes().Select(LayerOf).OfType<string>().Distinct().ToList();
        Assert.All(layers, l => RankOf(l));
        Assert.Contains("Commands", layers);
        Assert.Contains("Aws", layers);
    }

    [Fact]
    public void NoLayerUsesALayerAboveItOrBesideIt()
    {
        var violations = References()
            .Where(r => RankOf(r.ToLayer) <= RankOf(r.FromLayer))
            .Select(r => $"{r.FromLayer} -> {r.ToLayer}: {Name(r.From)} uses {Name(r.To)}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(violations.Count == 0, "Layers reaching up or sideways:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheReadingSeesReferencesInsideAsyncMethodsAndLambdas()
    {
        var references = References().ToList();
        // Remove-GcPlatform names ListJobsRequest only inside an async method (a compiler-made state machine).
        Assert.Contains(references, r => r.From.DeclaringType == typeof(Commands.RemoveGcPlatformCommand) && r.To == typeof(Aws.Batch.ListJobsRequest));
        // Every cmdlet is seen using its base in Hosting: the relation the rule forbids the other way round.
        Assert.Contains(references, r => r.From == typeof(Commands.GetGcQuotaCommand) && r.To == typeof(GcAwsCmdlet));
    }

    [Fact]
    public void PowerShellTypesStayInCommandsAndHosting()
    {
        var violations = (from type in ModuleTypes()
                          let layer = LayerOf(type)
                          where layer is not null and not ("Commands" or "Hosting")
                          from used in TypeReferences.Of(type)
                          where used.Namespace?.StartsWith("System.Management.Automation", StringComparison.Ordinal) == true
                          select $"{Name(type)} uses {used.FullName}").Distinct().ToList();
        Assert.True(violations.Count == 0, "PowerShell types below Hosting:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void OnlyCommandsTheirBasesAndModelsArePublic()
    {
        var publicTypes = Module.SelectMany(a => a.GetExportedTypes()).Where(t => LayerOf(t) is not null).ToList();
        var elsewhere = publicTypes.Where(t => LayerOf(t) is not ("Commands" or "Hosting" or "Models")).Select(Name).ToList();
        Assert.True(elsewhere.Count == 0, "Public types outside Commands, Hosting and Models: " + string.Join(", ", elsewhere));
        var hosting = publicTypes.Where(t => LayerOf(t) == "Hosting").Select(t => t.Name).Order(StringComparer.Ordinal);
        // ModuleInitializer: PowerShell runs only a public IModuleAssemblyInitializer.
        Assert.Equal(["GcAwsCmdlet", "GcCmdlet", "GcPlanCmdlet", "ModuleInitializer"], hosting);
    }

    [Fact]
    public void TheDefaultContextAssembliesHoldCommandsHostingAndModelsAndNameNoAwsSdkAssembly()
    {
        Assert.Equal(["Commands", "Hosting"], CmdletAssembly.GetTypes().Select(LayerOf).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["Models"], OutputTypes.GetTypes().Select(LayerOf).OfType<string>().Distinct());
        Assert.DoesNotContain(Engine.GetTypes().Select(LayerOf), l => l is "Commands" or "Hosting" or "Models");
        // Both load in the default context, where another module's AWSSDK.Core may be: a reference to anything we ship
        // but each other and the engine would bind to whatever copy that context holds.
        string[] ours = [CmdletAssembly.GetName().Name!, Engine.GetName().Name!, OutputTypes.GetName().Name!];
        foreach (var assembly in new[] { CmdletAssembly, OutputTypes })
        {
            var foreign = assembly.GetReferencedAssemblies().Select(a => a.Name!)
                .Where(n => !ours.Contains(n) && n is not ("System.Management.Automation" or "netstandard") && !n.StartsWith("System.", StringComparison.Ordinal) && n != "System")
                .ToList();
            Assert.True(foreign.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", foreign)}");
        }
        Assert.Contains(Engine.GetReferencedAssemblies(), a => a.Name == "AWSSDK.Core");
        Assert.DoesNotContain(Engine.GetReferencedAssemblies(), a => a.Name == CmdletAssembly.GetName().Name);
    }

    [Fact]
    public void TheArchitectureDocumentDrawsThisPicture()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "architecture.md"));
        var rows = LayerRow().Matches(doc).Select(m => m.Groups["layers"].Value.Split('|', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(Picture.Select(r => string.Join(" | ", r)), rows.Select(r => string.Join(" | ", r)));
    }

    private static string Name(Type t) => (t.DeclaringType is { } d ? Name(d) : t.FullName ?? t.Name).Replace("GeosChem.PowerShell.", "");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (GeosChem.PowerShell.sln) is not above the test binaries.");
    }

    /// <summary>A row of the layer table in docs/architecture.md: "  3  Platform   ..." or "  5  Configuration | Running   ...".</summary>
    [GeneratedRegex(@"^ {0,4}\d\s{2,}(?<layers>[A-Za-z()]+(?: \| [A-Za-z()]+)*)(?=\s{2,}|$)", RegexOptions.Multiline)]
    private static partial Regex LayerRow();
}
