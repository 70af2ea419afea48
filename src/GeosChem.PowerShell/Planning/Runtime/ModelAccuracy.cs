namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>
/// How far off the fitted model is, measured by leave-one-out over the calibration runs, per model. The range of an
/// estimate is this error (its 80th percentile, in log terms) on each side.
/// </summary>
internal sealed class ModelAccuracy
{
    private static readonly Lazy<ModelAccuracy> Shipped = new(() =>
    {
        var runs = RuntimeModelFit.UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default);
        // The shipped fit is the full fit of these same runs: reuse it rather than fitting again.
        return new ModelAccuracy(RuntimeModelFit.LeaveOneOut(runs, InstanceCatalog.Default, ProcessorSpeeds.Default, RuntimeModelFit.Default));
    });

    public ModelAccuracy(IReadOnlyList<LeaveOneOutResult> results) => Results = results;

    public static ModelAccuracy Default => Shipped.Value;

    public IReadOnlyList<LeaveOneOutResult> Results { get; }

    /// <summary>The 80th percentile of |log error| for a model's runs.</summary>
    public double LogHalfWidth(string model)
    {
        var errors = Results.Where(r => r.Run.Model == model).Select(r => Math.Abs(r.LogError)).Order().ToList();
        if (errors.Count == 0) return Math.Log(2);
        return errors[Math.Min(errors.Count - 1, (int)Math.Ceiling(0.8 * errors.Count) - 1)];
    }

    public double MedianAbsError(string? model = null) => Median(Results.Where(r => model is null || r.Run.Model == model).Select(r => Math.Abs(r.ErrorFraction)));

    public double MaxAbsError(string? model = null) => Results.Where(r => model is null || r.Run.Model == model).Select(r => Math.Abs(r.ErrorFraction)).DefaultIfEmpty().Max();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
