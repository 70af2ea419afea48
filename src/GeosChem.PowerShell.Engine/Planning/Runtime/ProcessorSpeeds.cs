using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Planning.Runtime;

internal sealed record ProcessorGeneration(string Name, Regex Match, double Speed);

/// <summary>Work of a simulation relative to fullchem, per model component, and the memory it needs relative to fullchem.</summary>
internal sealed record SimulationWork(double Chemistry, double Transport, double Input, double Memory, bool Fitted);

/// <summary>Extra chemistry of a fullchem option, and its diagnostics load (benchmark = 1).</summary>
internal sealed record OptionWork(double Chemistry, double Output);

/// <summary>Per-core speed by processor generation, and work by simulation and option (Data/processor-speeds.json).</summary>
internal sealed class ProcessorSpeeds
{
    private static readonly Lazy<ProcessorSpeeds> Embedded = new(() => Parse(DataFiles.ReadText("processor-speeds.json")));

    private ProcessorSpeeds(IReadOnlyList<ProcessorGeneration> generations, IReadOnlyDictionary<string, SimulationWork> work, IReadOnlyDictionary<string, OptionWork> optionWork)
    {
        Generations = generations;
        Simulations = work;
        Options = optionWork;
    }

    public static ProcessorSpeeds Default => Embedded.Value;

    public IReadOnlyList<ProcessorGeneration> Generations { get; }

    public IReadOnlyDictionary<string, SimulationWork> Simulations { get; }

    public IReadOnlyDictionary<string, OptionWork> Options { get; }

    public ProcessorGeneration? GenerationOf(string processor) => Generations.FirstOrDefault(g => g.Match.IsMatch(processor));

    public SimulationWork WorkOf(string simulation) => Simulations.TryGetValue(simulation, out var w) ? w : Simulations["fullchem"];

    public OptionWork OptionOf(string? option) => option is not null && Options.TryGetValue(option, out var w) ? w : Options["standard"];

    internal static ProcessorSpeeds Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var generations = doc.RootElement.GetProperty("generations").EnumerateArray().Select(g => new ProcessorGeneration(
            g.GetProperty("name").GetString()!, new Regex(g.GetProperty("match").GetString()!, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            g.GetProperty("speed").GetDouble())).ToList();
        var work = doc.RootElement.GetProperty("simulationWork").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .ToDictionary(p => p.Name, p => new SimulationWork(p.Value.GetProperty("chemistry").GetDouble(), p.Value.GetProperty("transport").GetDouble(),
                p.Value.GetProperty("input").GetDouble(), p.Value.GetProperty("memory").GetDouble(),
                p.Value.TryGetProperty("fitted", out var f) && f.GetBoolean()), StringComparer.OrdinalIgnoreCase);
        var options = doc.RootElement.GetProperty("fullchemOptionWork").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .ToDictionary(p => p.Name, p => new OptionWork(p.Value.GetProperty("chemistry").GetDouble(), p.Value.GetProperty("output").GetDouble()),
                StringComparer.OrdinalIgnoreCase);
        return new ProcessorSpeeds(generations, work, options);
    }
}
