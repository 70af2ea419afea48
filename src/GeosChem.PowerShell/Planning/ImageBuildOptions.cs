using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// Which GEOS-Chem compile-time switches (mechanism, TOMAS, APM, RRTMG) the product's images are built with: every
/// variant of dockerfiles/variants.json is built by dockerfiles/scripts/build-geoschem.sh, whose `build` lines name one
/// executable per switch set. A plan needing a switch no image is built with is refused, not estimated.
/// </summary>
internal sealed class ImageBuildOptions
{
    private static readonly Regex BuildLine = new(@"^\s*build\s+(?<exe>gcclassic\S*|gchp\S*)(?<flags>(\s+-D\S+)*)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Lazy<ImageBuildOptions> Embedded = new(() => Parse(DataFiles.ReadBuildContextText("scripts/build-geoschem.sh")));

    private readonly List<(string Model, string Executable, HashSet<string> Flags)> _builds;

    private ImageBuildOptions(List<(string, string, HashSet<string>)> builds) => _builds = builds;

    public static ImageBuildOptions Default => Embedded.Value;

    public IEnumerable<(string Model, string Executable, IReadOnlySet<string> Flags)> Builds => _builds.Select(b => (b.Model, b.Executable, (IReadOnlySet<string>)b.Flags));

    internal static ImageBuildOptions Parse(string script) => new(BuildLine.Matches(script).Select(m => (
        m.Groups["exe"].Value.StartsWith("gchp", StringComparison.Ordinal) ? "GCHP" : "GCClassic",
        m.Groups["exe"].Value,
        m.Groups["flags"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase))).ToList());

    /// <summary>The CMake switches GEOS-Chem needs for a simulation and fullchem option (createRunDir.sh, GC-ConfigureClassic.cmake).</summary>
    public static IReadOnlyList<string> SwitchesFor(string simulation, string option) => (simulation, option.ToUpperInvariant()) switch
    {
        ("carbon", _) => ["-DMECH=carbon"],
        ("Hg", _) => ["-DMECH=Hg"],
        (_, "TOMAS15") => ["-DTOMAS=y", "-DTOMAS_BINS=15"],
        (_, "TOMAS40") => ["-DTOMAS=y", "-DTOMAS_BINS=40"],
        (_, "APM") => ["-DAPM=y"],
        (_, "RRTMG") => ["-DRRTMG=y"],
        _ => [],
    };

    /// <summary>The executable built with every switch the plan needs, or null when no image has one.</summary>
    public string? ExecutableFor(string model, string simulation, string option)
    {
        var needed = SwitchesFor(simulation, option);
        var candidates = _builds.Where(b => b.Model == model && needed.All(b.Flags.Contains));
        // With no switch needed, the default build (no -DMECH) is the one that runs fullchem and its relatives.
        return (needed.Count == 0 ? candidates.FirstOrDefault(b => !b.Flags.Any(f => f.StartsWith("-DMECH", StringComparison.OrdinalIgnoreCase))) : candidates.FirstOrDefault()).Executable;
    }
}
