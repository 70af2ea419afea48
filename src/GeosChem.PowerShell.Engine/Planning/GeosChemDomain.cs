using System.Text.Json;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// One grid: global, or a nested domain (its columns from its longitude and latitude range, as createRunDir.sh sets
/// them); GCHP cubed-sphere grids carry their cube size. Steps are GEOS-Chem's defaults for the grid.
/// </summary>
internal sealed record GridResolution(string Name, int Columns, int TransportStepSeconds, int ChemistryStepSeconds, bool Nested, string? Domain, int CubeSize)
{
    /// <summary>GCHP: the most ranks the grid takes (at least 4x4 cells per rank on each face); null for Classic.</summary>
    public int? MaxCores => CubeSize > 0 ? GchpDecomposition.MaxRanks(CubeSize) : null;
}

/// <summary>Memory a run needs (est; see Data/geoschem-domain.json): Classic holds one global state; GCHP holds a
/// per-rank share of the grid plus fixed per-rank buffers, and each node holds global input state.</summary>
internal sealed record MemoryRule(double BaseGiB, double GiBPerThousandColumns, double Headroom, double PerRankGiB, double BytesPerColumnPerRank, double PerNodeGlobalGiB);

internal sealed record ModelSpec(string Name, IReadOnlyList<string> Simulations, IReadOnlyList<GridResolution> Resolutions, MemoryRule Memory,
    (int Transport, int Chemistry)? TomasSteps = null);

/// <summary>
/// GEOS-Chem 14.7's models, simulations and resolutions, and which combinations exist (Data/geoschem-domain.json).
/// Names are matched without regard to case and come back in their canonical spelling.
/// </summary>
internal sealed class GeosChemDomain
{
    private static readonly Lazy<GeosChemDomain> Embedded = new(() => Parse(DataFiles.ReadText("geoschem-domain.json")));

    private GeosChemDomain(string version, IReadOnlyDictionary<string, ModelSpec> models, IReadOnlyDictionary<string, string> retired, IReadOnlyList<string> options)
    {
        Version = version;
        Models = models;
        Retired = retired;
        FullchemOptions = options;
    }

    public static GeosChemDomain Default => Embedded.Value;

    public string Version { get; }
    public IReadOnlyDictionary<string, ModelSpec> Models { get; }
    public IReadOnlyDictionary<string, string> Retired { get; }
    public IReadOnlyList<string> FullchemOptions { get; }

    /// <summary>Checks a (model, simulation, resolution, option) combination and returns it in canonical spelling.</summary>
    public (ModelSpec Model, string Simulation, GridResolution Resolution) Resolve(string model, string simulation, string resolution, string? option = null)
    {
        var spec = Models.Values.FirstOrDefault(m => Named(m.Name, model))
            ?? throw Invalid(ErrorIds.ModelUnknown, $"'{model}' is not a GEOS-Chem model.", "Use GCClassic or GCHP.", model);

        var retired = Retired.FirstOrDefault(r => Named(r.Key, simulation));
        if (retired.Key is not null)
        {
            throw Invalid(ErrorIds.SimulationRetired, $"The {retired.Key} simulation was retired in GEOS-Chem 14.7.0.", $"Use -Simulation carbon: {retired.Value}.", simulation);
        }
        var sim = spec.Simulations.FirstOrDefault(s => Named(s, simulation));
        if (sim is null)
        {
            var elsewhere = Models.Values.FirstOrDefault(m => m != spec && m.Simulations.Any(s => Named(s, simulation)));
            throw Invalid(ErrorIds.SimulationUnknown, $"{spec.Name} has no '{simulation}' simulation.",
                (elsewhere is null ? "" : $"It is a {elsewhere.Name} simulation. ") + $"{spec.Name} runs: {string.Join(", ", spec.Simulations)}.", simulation);
        }

        var grid = spec.Resolutions.FirstOrDefault(r => Named(r.Name, resolution));
        if (grid is null)
        {
            var elsewhere = Models.Values.FirstOrDefault(m => m != spec && m.Resolutions.Any(r => Named(r.Name, resolution)));
            var hint = elsewhere is null ? "" : $"{resolution} is a {elsewhere.Name} resolution; {spec.Name} " +
                (spec.Name == "GCHP" ? "runs on cubed-sphere grids. " : "runs on latitude-longitude grids. ");
            throw Invalid(ErrorIds.ResolutionInvalid, $"{spec.Name} does not run at '{resolution}'.",
                hint + $"{spec.Name} resolutions: {string.Join(", ", spec.Resolutions.Select(r => r.Name))}.", resolution);
        }

        if (option is not null && !option.Equals("standard", StringComparison.OrdinalIgnoreCase))
        {
            if (!FullchemOptions.Contains(option, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid(ErrorIds.SimulationOptionUnknown, $"'{option}' is not a fullchem option.", $"Options: {string.Join(", ", FullchemOptions)}.", option);
            }
            if (sim != "fullchem")
            {
                throw Invalid(ErrorIds.SimulationOptionInvalid, $"The '{option}' option applies to fullchem only, not to {sim}.",
                    $"Drop the option, or use -Simulation fullchem.", option);
            }
        }
        return (spec, sim, grid);
    }

    /// <summary>
    /// A grid's columns: given for global grids; for nested domains counted from the range, cell centres on both edges
    /// (0.5x0.625 NA, -140..-40 by 10..70: 161 x 121 = 19,481).
    /// </summary>
    private static int ColumnsOf(JsonElement r)
    {
        if (r.TryGetProperty("columns", out var c)) return c.GetInt32();
        var name = r.GetProperty("name").GetString()!;
        var cell = name.Split('_')[0].Split('x');
        var dLat = double.Parse(cell[0], System.Globalization.CultureInfo.InvariantCulture);
        var dLon = double.Parse(cell[1], System.Globalization.CultureInfo.InvariantCulture);
        double Span(string p) { var a = r.GetProperty(p); return a[1].GetDouble() - a[0].GetDouble(); }
        return (int)((Math.Round(Span("lonRange") / dLon) + 1) * (Math.Round(Span("latRange") / dLat) + 1));
    }

    /// <summary>GEOS-Chem's default (transport, chemistry) steps for a grid and fullchem option: TOMAS runs longer steps at 4x5 and 2x2.5.</summary>
    public (int Transport, int Chemistry) StepsFor(ModelSpec model, GridResolution grid, string? option) =>
        option is not null && option.StartsWith("TOMAS", StringComparison.OrdinalIgnoreCase) && model.TomasSteps is { } tomas && grid.TransportStepSeconds >= 600
            ? tomas : (grid.TransportStepSeconds, grid.ChemistryStepSeconds);

    /// <summary>Names as users type them: any case, stray spaces.</summary>
    private static bool Named(string canonical, string? given) => canonical.Equals(given?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static GcException Invalid(string id, string problem, string fix, object? target) =>
        new(id, GcErrorKind.InvalidArgument, problem, fix, target);

    internal static GeosChemDomain Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        var models = new Dictionary<string, ModelSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in root.GetProperty("models").EnumerateObject())
        {
            var resolutions = model.Value.GetProperty("resolutions").EnumerateArray().Select(r => new GridResolution(
                r.GetProperty("name").GetString()!, ColumnsOf(r), r.GetProperty("transportStepSeconds").GetInt32(), r.GetProperty("chemistryStepSeconds").GetInt32(),
                r.TryGetProperty("nested", out var nested) && nested.GetBoolean(), r.TryGetProperty("domain", out var d) ? d.GetString() : null,
                (int)(Number(r, "cubeSize") ?? 0))).ToList();
            var simulations = model.Value.GetProperty("simulations").EnumerateArray().Select(s => s.GetString()!).ToList();
            var m = model.Value.GetProperty("memory");
            var memory = new MemoryRule(Number(m, "baseGiB") ?? 0, Number(m, "gibPerThousandColumns") ?? 0, Number(m, "headroom") ?? 1, Number(m, "perRankGiB") ?? 0,
                Number(m, "bytesPerColumnPerRank") ?? 0, Number(m, "perNodeGlobalGiB") ?? 0);
            (int, int)? tomas = model.Value.TryGetProperty("tomasTimesteps", out var t)
                ? (t.GetProperty("transportStepSeconds").GetInt32(), t.GetProperty("chemistryStepSeconds").GetInt32()) : null;
            models[model.Name] = new ModelSpec(model.Name, simulations, resolutions, memory, tomas);
        }
        var retired = root.GetProperty("retiredSimulations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var options = root.GetProperty("fullchemOptions").EnumerateArray().Select(o => o.GetString()!).ToList();
        return new GeosChemDomain(root.GetProperty("version").GetString()!, models, retired, options);
    }
}
