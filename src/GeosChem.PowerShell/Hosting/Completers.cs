using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

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

    /// <summary>The model named by an already-typed -Model, or every model.</summary>
    public static IEnumerable<ModelSpec> ModelsIn(IDictionary fakeBoundParameters)
    {
        var typed = fakeBoundParameters.Contains("Model") ? fakeBoundParameters["Model"]?.ToString() : null;
        var models = GeosChemDomain.Default.Models.Values;
        return typed is not null && GeosChemDomain.Default.Models.TryGetValue(typed, out var one) ? [one] : models;
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

/// <summary>The catalog's instance types that support EFA (for the multi-node environment).</summary>
internal sealed class EfaInstanceTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, InstanceCatalog.Default.Specs.Where(s => s.EfaSupported).Select(s =>
            (s.InstanceType, $"EFA, {s.VCpus} vCPU ({s.PhysicalCores} cores), {s.MemoryGiB:0.#} GiB, {s.Architecture}, {s.Processor}")));
}

/// <summary>GCClassic and GCHP.</summary>
internal sealed class ModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, GeosChemDomain.Default.Models.Values.Select(m => (m.Name, $"{m.Name}: {string.Join(", ", m.Simulations)}")));
}

/// <summary>The simulations of the -Model already typed (all of them otherwise).</summary>
internal sealed class SimulationCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Completion.ModelsIn(fakeBoundParameters).SelectMany(m => m.Simulations).Distinct()
            .Select(s => (s, $"{s} (chemistry x{ProcessorSpeeds.Default.WorkOf(s).Chemistry:0.##} of fullchem)")));
}

/// <summary>The resolutions of the -Model already typed (all of them otherwise).</summary>
internal sealed class ResolutionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Completion.ModelsIn(fakeBoundParameters).SelectMany(m => m.Resolutions.Select(r =>
            (r.Name, $"{m.Name} {r.Name}: {r.Columns:N0} columns{(r.Nested ? ", nested" : "")}"))));
}

/// <summary>The fullchem options the product's images are built for, with their estimated extra chemistry.</summary>
internal sealed class OptionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, GeosChemDomain.Default.FullchemOptions
            .Where(o => ImageBuildOptions.Default.ExecutableFor("GCClassic", "fullchem", o) is not null)
            .Select(o => (o, $"fullchem option {o} (chemistry x{ProcessorSpeeds.Default.OptionOf(o).Chemistry:0.##} of standard, est)")));
}

/// <summary>
/// Names read live from AWS Batch for the -Region/-ProfileName/-EndpointUrl already typed, within a short deadline
/// and cached for a minute; any failure (no credentials, no network) completes nothing rather than stalling the prompt.
/// </summary>
internal static class LiveBatchNames
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime At, List<(string, string)> Names)> Cache = new();

    public static IEnumerable<(string Value, string Tooltip)> Fetch(IDictionary bound, string kind,
        Func<Aws.Batch.BatchClient, CancellationToken, Task<List<(string, string)>>> read)
    {
        string? Text(string name) => bound.Contains(name) ? bound[name]?.ToString() : null;
        var key = $"{kind}|{Text("Region")}|{Text("ProfileName")}|{Text("EndpointUrl")}";
        if (Cache.TryGetValue(key, out var hit) && DateTime.UtcNow - hit.At < CacheFor) return hit.Names;
        try
        {
            var context = AwsContextResolver.WithConfiguredRegion(ProcessEnvironment.Instance, ConfiguredRegion.From(ProcessEnvironment.Instance)).Resolve(new AwsCommonParameters
            {
                Region = Text("Region"), ProfileName = Text("ProfileName"), ProfileLocation = Text("ProfileLocation"), EndpointUrl = Text("EndpointUrl"),
            }).WithRetry(new RetryOptions { MaxAttempts = 1, AttemptTimeout = Deadline });
            using var protocol = new Aws.Protocol.AwsProtocolClient(AwsServiceDescriptor.Batch, context, Aws.Protocol.AwsJson.CamelCase);
            using var timeout = new CancellationTokenSource(Deadline);
            var names = read(new Aws.Batch.BatchClient(protocol), timeout.Token).GetAwaiter().GetResult();
            Cache[key] = (DateTime.UtcNow, names);
            return names;
        }
        catch (Exception ex) when (ex is Errors.GcException or OperationCanceledException or HttpRequestException or InvalidOperationException)
        {
            return [];
        }
    }
}

/// <summary>Job queues of the region, marked Spot or On-Demand.</summary>
internal sealed class JobQueueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, LiveBatchNames.Fetch(fakeBoundParameters, "queues", async (batch, ct) =>
        {
            var names = new List<(string, string)>();
            await foreach (var q in batch.DescribeJobQueuesAsync(null, ct).ConfigureAwait(false))
            {
                names.Add((q.JobQueueName, $"{q.JobQueueName} ({q.State}, priority {q.Priority})"));
            }
            return names;
        }));
}

/// <summary>Active job definitions of the region, newest revision of each.</summary>
internal sealed class JobDefinitionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, LiveBatchNames.Fetch(fakeBoundParameters, "definitions", async (batch, ct) =>
        {
            var newest = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var d in batch.DescribeJobDefinitionsAsync(new Aws.Batch.DescribeJobDefinitionsRequest(Status: "ACTIVE"), ct).ConfigureAwait(false))
            {
                newest[d.JobDefinitionName] = Math.Max(newest.GetValueOrDefault(d.JobDefinitionName), d.Revision);
            }
            return newest.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, $"{kv.Key}, newest revision {kv.Value}")).ToList();
        }));
}

/// <summary>Values of one field of the image matrix (model, architecture, compiler, MPI, version).</summary>
internal abstract class ImageFieldCompleter(Func<Images.ImageVariant, string> field) : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Images.ImageVariantCatalog.Default.Variants.GroupBy(field)
            .Select(g => (g.Key, $"{g.Key}: {g.Count()} variant(s), e.g. {g.First().Tag}")));
}

internal sealed class ImageModelCompleter() : ImageFieldCompleter(v => v.Model);
internal sealed class ImageArchitectureCompleter() : ImageFieldCompleter(v => v.Architecture);
internal sealed class ImageCompilerCompleter() : ImageFieldCompleter(v => v.Compiler);
internal sealed class ImageMpiCompleter() : ImageFieldCompleter(v => v.Mpi);

/// <summary>The GEOS-Chem versions the images are built for.</summary>
internal sealed class ImageVersionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Images.ImageVariantCatalog.Default.Versions
            .Select(v => (v, v == Images.ImageVariantCatalog.Default.DefaultVersion ? $"GEOS-Chem {v} (default)" : $"GEOS-Chem {v}")));
}

/// <summary>Image tags of the matrix at the default version.</summary>
internal sealed class ImageTagCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Images.ImageVariantCatalog.Default.Variants.Select(v => (v.Tag, $"{v.Tag} ({v.Support})")));
}

/// <summary>The dotted names of the configuration's settings.</summary>
internal sealed class ConfigurationSettingCompleter : IArgumentCompleter
{
    private static readonly Lazy<List<string>> Names = new(() => Walk(typeof(Models.GcConfiguration), "").ToList());

    private static IEnumerable<string> Walk(Type type, string prefix)
    {
        foreach (var p in type.GetProperties().Where(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), false).Length == 0 && p.Name != "Schema"))
        {
            var name = prefix + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            if (p.PropertyType.Namespace == typeof(Models.GcConfiguration).Namespace && p.PropertyType.IsClass) foreach (var inner in Walk(p.PropertyType, name + ".")) yield return inner;
            else yield return name;
        }
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, Names.Value.Select(n => (n, n)));
}

/// <summary>
/// The ids (or job ids, for -JobId) of the runs in the calibration file the command line names with -ConfigurationPath,
/// else the default one; nothing when there is no file or it cannot be read.
/// </summary>
internal sealed class CalibrationRunCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var configuration = fakeBoundParameters.Contains("ConfigurationPath") ? fakeBoundParameters["ConfigurationPath"]?.ToString() : null;
        IReadOnlyList<UserRun> runs;
        try
        {
            runs = CalibrationStore.Load(Configuration.CalibrationLocation.PathFor(configuration is null ? null : Path.GetFullPath(configuration), ProcessEnvironment.Instance));
        }
        catch (Exception ex) when (ex is Errors.GcException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var byJob = parameterName == "JobId";
        return Completion.Matching(wordToComplete, runs.Where(r => !byJob || r.JobId.Length > 0).Select(r =>
            (byJob ? r.JobId : r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
             $"{r.Id}: {r.Model} {r.Simulation} {r.Resolution} on {r.Nodes} x {r.InstanceType}, {r.WallSeconds:0} s for {r.SimulatedDays:0.##} days")));
    }
}
