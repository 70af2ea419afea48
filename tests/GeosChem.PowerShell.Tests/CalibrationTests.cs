using System.Globalization;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Tests;

public sealed class CalibrationTests
{
    private static readonly IReadOnlyList<CalibrationRun> Runs = CalibrationRun.LoadEmbedded();

    private static List<string[]> SourceRows() =>
        File.ReadAllLines(Path.Combine(FindRepo(), "src", "GeosChem.PowerShell", "Data", "geoschem-timings.csv")).Skip(1).Select(l => l.Split(',')).ToList();

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [Fact]
    public void EveryPublishedRowIsReadOnceAndFaithfully()
    {
        var source = SourceRows();
        Assert.Equal(source.Count, Runs.Count);
        Assert.Equal(Enumerable.Range(1, source.Count), Runs.Select(r => r.SourceRow));
        foreach (var run in Runs)
        {
            var row = source[run.SourceRow - 1];
            Assert.Equal(row[0], run.Model);
            Assert.Equal(double.Parse(row[9], CultureInfo.InvariantCulture), run.WallSeconds);
            if (run.InstanceType.Length > 0) Assert.StartsWith(run.InstanceType, row[6]);
            var nodes = row[6].Contains(" x") ? int.Parse(row[6][(row[6].LastIndexOf('x') + 1)..], CultureInfo.InvariantCulture) : 1;
            if (run.InstanceType.Length > 0) Assert.Equal(nodes, run.Nodes);
            Assert.True(run.Use is "fit" or "check" or "exclude", $"row {run.SourceRow}: use '{run.Use}'");
            if (run.Use != "fit") Assert.False(string.IsNullOrWhiteSpace(run.Reason), $"row {run.SourceRow} is left out without a reason");
        }
    }

    [Fact]
    public void FittedRunsAreAllUsableAndArm64IsOnlyChecked()
    {
        var usable = RuntimeModelFit.UsableRuns(Runs, InstanceCatalog.Default, GeosChemDomain.Default);
        Assert.Equal(Runs.Count(r => r.UseForFit), usable.Count);
        Assert.All(usable, r => Assert.Equal("x86_64", InstanceCatalog.Default.Find(r.InstanceType)!.Architecture));
        Assert.All(RuntimeModelFit.CheckRuns(Runs, InstanceCatalog.Default), r => Assert.Equal("arm64", InstanceCatalog.Default.Find(r.InstanceType)!.Architecture));
    }

    [Fact]
    public void TheFitStaysInsidePhysicalRanges()
    {
        var model = RuntimeModelFit.Default;
        Assert.InRange(model.ClassicScaling, 0.2, 1.0 + 1e-2);
        Assert.InRange(model.GchpScaling, 0.2, 1.0 + 1e-2);
        Assert.InRange(model.ClassicHyperThreadGain, 0.10 - 1e-2, 0.25 + 1e-2);
        Assert.InRange(model.TransportTracersWork, 0.001, 1);
        Assert.True(model.CurrentGenerationFactor > 1, "GCHP 14 should cost more per day than GCHP 12.3");
    }

    [Fact]
    public void LeaveOneOutPredictsEveryFittedRunFromTheOthers()
    {
        var accuracy = ModelAccuracy.Default;
        Assert.Equal(Runs.Count(r => r.UseForFit), accuracy.Results.Count);
        Assert.All(accuracy.Results, r => Assert.True(double.IsFinite(r.PredictedSeconds) && r.PredictedSeconds > 0));
        Assert.True(accuracy.LogHalfWidth("GCHP") > 0 && accuracy.LogHalfWidth("GCClassic") > 0);
    }
}
