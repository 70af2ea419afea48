using System.Text.Json;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning;

internal sealed record GridResolution(string Name, int Columns, int TransportStepSeconds, bool Nested, int? MaxCores, double? MemoryGiB, double? MemoryGiBPerCore);

internal sealed record ModelSpec(string Name, IReadOnlyList<string> Simulations, IReadOnlyList<GridResolution> Resolutions);

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
                r.GetProperty("name").GetString()!, r.GetProperty("columns").GetInt32(), r.GetProperty("transportStepSeconds").GetInt32(),
                r.TryGetProperty("nested", out var nested) && nested.GetBoolean(), (int?)Number(r, "maxCores"), Number(r, "memoryGiB"),
                Number(r, "memoryGiBPerCore"))).ToList();
            var simulations = model.Value.GetProperty("simulations").EnumerateArray().Select(s => s.GetString()!).ToList();
            models[model.Name] = new ModelSpec(model.Name, simulations, resolutions);
        }
        var retired = root.GetProperty("retiredSimulations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var options = root.GetProperty("fullchemOptions").EnumerateArray().Select(o => o.GetString()!).ToList();
        return new GeosChemDomain(root.GetProperty("version").GetString()!, models, retired, options);
    }
}
