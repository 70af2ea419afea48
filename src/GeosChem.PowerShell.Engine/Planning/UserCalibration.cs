using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Planning;

/// <summary>The estimator and recommender for one state of the user's calibration file, and what it rests on.</summary>
internal sealed record CalibratedPlanner(CostEstimator Estimator, InstanceRecommender Recommender, int FittedRuns, int StoredRuns);

/// <summary>
/// Estimates that learn from the user's own runs: the runtime model refitted on the shipped evidence plus the runs in the
/// user's calibration file. The refit is kept per process and on disk beside the file, keyed by the SHA-256 of the
/// file's text and of the shipped fit's inputs, so only a changed file (or a new module) refits.
/// </summary>
internal static class UserCalibration
{
    /// <summary>
    /// How much one of the user's runs counts in the fit against one published run. The user's runs were measured on
    /// the hardware, build and input data the user's next runs will use, so they carry none of the published evidence's
    /// guesses (processor generation, build, storage); yet a single run still carries run-to-run noise (Spot neighbours,
    /// input staging, a slow first day) and the model's terms are shared by every grid and instance. Four puts two runs
    /// level with the larger published sources (about eight runs), enough to pull the terms the user's plans depend on
    /// without letting one odd run bend the rest. Bench prints the learning curve that measures this choice on
    /// published runs held out by source.
    /// </summary>
    public const double Weight = 4;

    private static readonly ConcurrentDictionary<string, CalibratedPlanner> Planners = new(StringComparer.Ordinal);

    private static readonly CalibratedPlanner Shipped = new(CostEstimator.Default, InstanceRecommender.Default, 0, 0);

    /// <summary>The planner for the calibration file at <paramref name="path"/>; the shipped one when there is no file or no run to fit.</summary>
    public static CalibratedPlanner For(string? path)
    {
        if (path is null || CalibrationStore.ReadText(path) is not { } text) return Shipped;
        var key = ShippedFit.Sha256(ShippedFit.Default.InputsSha256 + "\n" + text);
        return Planners.GetOrAdd(key, _ => Learn(path, text, key));
    }

    /// <summary>The user's stored runs as evidence rows (arm64 ones marked "check").</summary>
    public static IReadOnlyList<CalibrationRun> AsEvidence(IReadOnlyList<UserRun> runs, string path)
    {
        var evidence = new List<CalibrationRun>();
        foreach (var run in runs)
        {
            try
            {
                evidence.Add(run.ToCalibrationRun(GeosChemDomain.Default, InstanceCatalog.Default, 100_000 + run.Id));
            }
            catch (GcException ex)
            {
                throw new GcException(ErrorIds.CalibrationFileUnreadable, GcErrorKind.InvalidData, $"Run {run.Id} in the calibration file {path} is not a plan GEOS-Chem can run: {ex.Message}",
                    $"Remove it with Remove-GcCalibrationRun -Id {run.Id}, or fix the row by hand.", path, ex);
            }
        }
        return evidence;
    }

    /// <summary>The shipped evidence plus the user's runs, fitted from the shipped parameters.</summary>
    public static RuntimeModel Refit(IReadOnlyList<CalibrationRun> userRuns)
    {
        var shipped = RuntimeModelFit.UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default);
        var mine = RuntimeModelFit.UsableRuns(userRuns, InstanceCatalog.Default, GeosChemDomain.Default);
        return RuntimeModelFit.Fit([.. shipped, .. mine], InstanceCatalog.Default, ProcessorSpeeds.Default, [.. ShippedFit.Default.Model.Parameters]);
    }

    /// <summary>Where the refit of the file at <paramref name="path"/> is kept.</summary>
    public static string CachePath(string path) => Path.ChangeExtension(path, ".fit.json");

    private static CalibratedPlanner Learn(string path, string text, string key)
    {
        var stored = CalibrationStore.Parse(text, path);
        var evidence = AsEvidence(stored, path);
        var fitted = RuntimeModelFit.UsableRuns(evidence, InstanceCatalog.Default, GeosChemDomain.Default);
        if (fitted.Count == 0)
        {
            var unchanged = new CostEstimator(GeosChemDomain.Default, InstanceCatalog.Default, ShippedFit.Default.Model, ModelAccuracy.Default, ImageBuildOptions.Default, evidence);
            return new CalibratedPlanner(unchanged, new InstanceRecommender(unchanged, InstanceCatalog.Default), 0, stored.Count);
        }
        var model = ReadCache(CachePath(path), key) ?? WriteCache(CachePath(path), key, Refit(evidence));
        var estimator = new CostEstimator(GeosChemDomain.Default, InstanceCatalog.Default, model, ModelAccuracy.Default, ImageBuildOptions.Default, evidence);
        return new CalibratedPlanner(estimator, new InstanceRecommender(estimator, InstanceCatalog.Default), fitted.Count, stored.Count);
    }

    private static RuntimeModel? ReadCache(string cachePath, string key)
    {
        try
        {
            if (!File.Exists(cachePath)) return null;
            using var doc = JsonDocument.Parse(File.ReadAllText(cachePath));
            if (doc.RootElement.GetProperty("key").GetString() != key) return null;
            var parameters = doc.RootElement.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            return parameters.Length == RuntimeModel.ParameterCount ? new RuntimeModel(parameters, ProcessorSpeeds.Default) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // a damaged cache is refitted and rewritten
        }
    }

    private static RuntimeModel WriteCache(string cachePath, string key, RuntimeModel model)
    {
        var json = new JsonObject
        {
            ["note"] = "The runtime model refitted on the shipped evidence plus the runs in the calibration file beside it; rewritten when that file changes.",
            ["key"] = key,
            ["parameters"] = new JsonArray([.. model.Parameters.Select(p => (JsonNode)p)]),
        };
        try
        {
            File.WriteAllText(cachePath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next session refits.
        }
        return model;
    }
}
