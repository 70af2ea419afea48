namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>How much evidence stands behind one model and resolution class, and how far off the model was there.</summary>
internal sealed record AccuracyClass(string Model, string ResolutionClass, int Runs, IReadOnlyList<string> Sources, double MedianAbsError, double MaxAbsError, double LogHalfWidth)
{
    /// <summary>Fewer than three independent sources cannot tell a model error from one machine's quirk.</summary>
    public bool Thin => Sources.Count < ModelAccuracy.MinimumSources;
}

/// <summary>
/// How far off the fitted model is, measured by leaving one source out at a time, grouped by model and resolution class.
/// The range of an estimate is the class's error (its 80th percentile, in log terms) on each side.
/// </summary>
internal sealed class ModelAccuracy
{
    public const int MinimumSources = 3;

    private readonly Dictionary<(string, string), AccuracyClass> _classes;

    public ModelAccuracy(IReadOnlyList<LeaveOneOutResult> results)
    {
        Results = results;
        _classes = results.GroupBy(r => (r.Run.Model, ClassOf(r.Run.Model, r.Run.Resolution)))
            .ToDictionary(g => g.Key, g => Summarise(g.Key.Model, g.Key.Item2, g.ToList()));
    }

    /// <summary>The shipped evidence's leave-one-source-out results, read from Data/runtime-model-fit.json.</summary>
    public static ModelAccuracy Default => ShippedFit.Default.Accuracy;

    public IReadOnlyList<LeaveOneOutResult> Results { get; }

    /// <summary>Every class of the domain, measured or not, in a stable order.</summary>
    public IReadOnlyList<AccuracyClass> Classes(GeosChemDomain domain) =>
        domain.Models.Values.SelectMany(m => m.Resolutions.Select(r => ClassOf(m.Name, r.Name)).Distinct().Select(c => For(m.Name, c))).ToList();

    public AccuracyClass For(string model, string resolutionClass) =>
        _classes.TryGetValue((model, resolutionClass), out var c) ? c : new AccuracyClass(model, resolutionClass, 0, [], double.NaN, double.NaN, double.NaN);

    /// <summary>
    /// Resolution classes as GEOS-Chem users think of them: Classic 4x5, 2x2.5, 0.5 and finer (global), nested;
    /// GCHP C24-C48 (benchmark and test grids), C90, C180, C360 and finer.
    /// </summary>
    public static string ClassOf(string model, string resolution)
    {
        if (model == "GCHP")
        {
            var n = int.TryParse(resolution.TrimStart('C', 'c'), out var size) ? size : 0;
            return n <= 48 ? "C24-C48" : n <= 90 ? "C90" : n <= 180 ? "C180" : "C360+";
        }
        if (resolution.Contains('_')) return "nested";
        return resolution switch { "4x5" => "4x5", "2x2.5" => "2x2.5", _ => "0.5 and finer" };
    }

    /// <summary>The error width the model has earned at this class, and otherwise across the model's runs.</summary>
    public double LogHalfWidth(string model, string resolutionClass)
    {
        var cls = For(model, resolutionClass);
        return !double.IsNaN(cls.LogHalfWidth) ? cls.LogHalfWidth : ModelWidth(model);
    }

    public double ModelWidth(string model) => Percentile80(Results.Where(r => r.Run.Model == model).Select(r => Math.Abs(r.LogError)));

    public double MedianAbsError(string? model = null) => Median(Results.Where(r => model is null || r.Run.Model == model).Select(r => Math.Abs(r.ErrorFraction)));

    public double MaxAbsError(string? model = null) => Results.Where(r => model is null || r.Run.Model == model).Select(r => Math.Abs(r.ErrorFraction)).DefaultIfEmpty().Max();

    private static AccuracyClass Summarise(string model, string cls, List<LeaveOneOutResult> runs) => new(model, cls, runs.Count,
        runs.Select(r => r.Run.SourceGroup).Distinct().Order(StringComparer.Ordinal).ToList(),
        Median(runs.Select(r => Math.Abs(r.ErrorFraction))), runs.Max(r => Math.Abs(r.ErrorFraction)), Percentile80(runs.Select(r => Math.Abs(r.LogError))));

    private static double Percentile80(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return Math.Log(2);
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.8 * sorted.Count) - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
