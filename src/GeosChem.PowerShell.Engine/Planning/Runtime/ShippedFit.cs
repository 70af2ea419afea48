using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>
/// The runtime model fitted to the shipped evidence and its leave-one-source-out results, stored in
/// Data/runtime-model-fit.json so that no estimate pays for the fit (about half a second quiet, seconds under load).
/// The file is written by <c>dotnet run --project src/GeosChem.PowerShell.Bench -c Release -- --write-fit</c>;
/// a unit test refits and fails when the file no longer matches the data or the model.
/// </summary>
internal sealed record ShippedFit(string InputsSha256, RuntimeModel Model, ModelAccuracy Accuracy)
{
    public const string FileName = "runtime-model-fit.json";

    /// <summary>The data files the fit depends on; their hash is stored beside the fit to name a stale file quickly.</summary>
    public static readonly string[] Inputs = ["calibration-runs.csv", "processor-speeds.json", "geoschem-domain.json", "ec2-instance-catalog.csv"];

    private static readonly Lazy<ShippedFit> Embedded = new(() => Parse(DataFiles.ReadText(FileName)));

    public static ShippedFit Default => Embedded.Value;

    public static string CurrentInputsSha256() => Sha256(string.Concat(Inputs.Select(f => f + "\n" + DataFiles.ReadText(f) + "\n")));

    public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>Fits the shipped evidence and measures it source by source: what the file holds.</summary>
    public static ShippedFit Compute()
    {
        var runs = RuntimeModelFit.UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default);
        var model = RuntimeModelFit.Fit(runs, InstanceCatalog.Default, ProcessorSpeeds.Default);
        var accuracy = new ModelAccuracy(RuntimeModelFit.LeaveOneSourceOut(runs, InstanceCatalog.Default, ProcessorSpeeds.Default, model));
        return new ShippedFit(CurrentInputsSha256(), model, accuracy);
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["note"] = "Generated from calibration-runs.csv by: dotnet run --project src/GeosChem.PowerShell.Bench -c Release -- --write-fit. Do not edit. CalibrationTests fail when it is stale.",
            ["inputsSha256"] = InputsSha256,
            ["parameterNames"] = new JsonArray([.. RuntimeModel.ParameterNames.Select(n => (JsonNode)n)]),
            ["parameters"] = new JsonArray([.. Model.Parameters.Select(p => (JsonNode)p)]),
            ["leaveOneSourceOut"] = new JsonArray([.. Accuracy.Results.Select(r => (JsonNode)new JsonObject
            {
                ["sourceRow"] = r.Run.SourceRow,
                ["predictedSeconds"] = r.PredictedSeconds,
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    internal static ShippedFit Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var parameters = root.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var runs = CalibrationRun.LoadEmbedded().ToDictionary(r => r.SourceRow);
        var results = root.GetProperty("leaveOneSourceOut").EnumerateArray()
            .Select(e => new LeaveOneOutResult(runs[e.GetProperty("sourceRow").GetInt32()], e.GetProperty("predictedSeconds").GetDouble())).ToList();
        return new ShippedFit(root.GetProperty("inputsSha256").GetString()!, new RuntimeModel(parameters, ProcessorSpeeds.Default), new ModelAccuracy(results));
    }
}
