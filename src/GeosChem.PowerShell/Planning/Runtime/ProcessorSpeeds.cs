using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Planning.Runtime;

internal sealed record ProcessorGeneration(string Name, Regex Match, double Speed);

/// <summary>Per-core speed by processor generation, and chemistry work by simulation (Data/processor-speeds.json).</summary>
internal sealed class ProcessorSpeeds
{
    private static readonly Lazy<ProcessorSpeeds> Embedded = new(() => Parse(DataFiles.ReadText("processor-speeds.json")));

    private ProcessorSpeeds(IReadOnlyList<ProcessorGeneration> generations, IReadOnlyDictionary<string, double> work, IReadOnlyDictionary<string, double> optionWork)
    {
        Generations = generations;
        SimulationWork = work;
        OptionWork = optionWork;
    }

    /// <summary>Work of a fullchem option (TOMAS, APM, RRTMG, ...) relative to standard fullchem.</summary>
    public IReadOnlyDictionary<string, double> OptionWork { get; }

    public static ProcessorSpeeds Default => Embedded.Value;

    public IReadOnlyList<ProcessorGeneration> Generations { get; }

    /// <summary>Work per column relative to fullchem, for the simulations the calibration does not cover.</summary>
    public IReadOnlyDictionary<string, double> SimulationWork { get; }

    public ProcessorGeneration? GenerationOf(string processor) => Generations.FirstOrDefault(g => g.Match.IsMatch(processor));

    internal static ProcessorSpeeds Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var generations = doc.RootElement.GetProperty("generations").EnumerateArray().Select(g => new ProcessorGeneration(
            g.GetProperty("name").GetString()!, new Regex(g.GetProperty("match").GetString()!, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            g.GetProperty("speed").GetDouble())).ToList();
        var work = doc.RootElement.GetProperty("simulationWork").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.OrdinalIgnoreCase);
        var optionWork = doc.RootElement.GetProperty("fullchemOptionWork").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.OrdinalIgnoreCase);
        return new ProcessorSpeeds(generations, work, optionWork);
    }
}
