using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Hosting;

internal static class Completion
{
    public static IEnumerable<CompletionResult> Matching(string wordToComplete, IEnumerable<(string Value, string Tooltip)> candidates)
    {
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return candidates
            .Where(c => pattern.IsMatch(c.Value))
            .Select(c => new CompletionResult(c.Value, c.Value, CompletionResultType.ParameterValue, c.Tooltip));
    }
}

/// <summary>Region names with their display names.</summary>
internal sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, RegionCatalog.Regions.OrderBy(r => r.Key).Select(r => (r.Key, r.Value)));
}

/// <summary>The EC2 vCPU quota codes with their names.</summary>
internal sealed class QuotaCodeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, QuotaClassCatalog.Default.Classes
            .SelectMany(c => new[] { c.OnDemand, c.Spot }).OfType<QuotaRef>().Select(q => (q.Code, q.Name)));
}

/// <summary>Instance types from the shipped catalog, with vCPUs, memory, architecture and processor.</summary>
internal sealed class InstanceTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, InstanceCatalog.Default.Specs.Select(s =>
            (s.InstanceType, $"{s.VCpus} vCPU, {s.MemoryGiB:0.#} GiB, {s.Architecture}, {s.Processor}")));
}
