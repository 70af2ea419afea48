using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// Which GEOS-Chem compile-time switches (mechanism, TOMAS, APM, RRTMG) the product's images are built with: every
/// variant of dockerfiles/variants.json is built by dockerfiles/scripts/build-geoschem.sh, whose `build` lines name one
/// executable per switch set. A plan needing a switch no image is built with is refused, not estimated.
/// </summary>
internal sealed class ImageBuildOptions
{
    // The script's mechanism table: "GCClassic) all_mechanisms="fullchem carbon Hg"; ..." and cmake_options_for's cases.
    private static readonly Regex ModelLine = new(@"^\s*(?<model>GCClassic|GCHP)\)\s*all_mechanisms=""(?<mechs>[^""]*)""", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex OptionsCase = new(@"^\s*(?<mech>[\w*]+)\)\s*echo\s+""(?<flags>-D[^""]*)""", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Lazy<ImageBuildOptions> Embedded = new(() => Parse(DataFiles.ReadBuildContextText("scripts/build-geoschem.sh")));

    private readonly List<(string Model, string Executable, HashSet<string> Flags)> _builds;

    private ImageBuildOptions(List<(string, string, HashSet<string>)> builds) => _builds = builds;

    public static ImageBuildOptions Default => Embedded.Value;

    public IEnumerable<(string Model, string Executable, IReadOnlySet<string> Flags)> Builds => _builds.Select(b => (b.Model, b.Executable, (IReadOnlySet<string>)b.Flags));

    /// <summary>
    /// Reads build-geoschem.sh's table: each model's mechanisms, the CMake options per mechanism ("*" the default, where
    /// "$1" is the mechanism), and its executable naming (fullchem is "gcclassic"/"gchp", others "gcclassic-hg").
    /// </summary>
    internal static ImageBuildOptions Parse(string script)
    {
        var options = OptionsCase.Matches(script).ToDictionary(m => m.Groups["mech"].Value, m => m.Groups["flags"].Value, StringComparer.Ordinal);
        var builds = new List<(string, string, HashSet<string>)>();
        foreach (Match model in ModelLine.Matches(script))
        {
            var name = model.Groups["model"].Value;
            foreach (var mechanism in model.Groups["mechs"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var flags = (options.TryGetValue(mechanism, out var own) ? own : options.GetValueOrDefault("*", "")).Replace("$1", mechanism, StringComparison.Ordinal);
                var executable = name.ToLowerInvariant() + (mechanism == "fullchem" ? "" : "-" + mechanism.ToLowerInvariant());
                builds.Add((name, executable, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)));
            }
        }
        return new(builds);
    }

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
        // With no switch needed, the fullchem build (-DMECH=fullchem, or no -DMECH) runs fullchem and its relatives.
        return (needed.Count == 0
            ? candidates.FirstOrDefault(b => b.Flags.Contains("-DMECH=fullchem") || !b.Flags.Any(f => f.StartsWith("-DMECH", StringComparison.OrdinalIgnoreCase)))
            : candidates.FirstOrDefault()).Executable;
    }
}
