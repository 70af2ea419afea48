using System.Globalization;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Tests;

public sealed class CalibrationTests
{
    private static readonly IReadOnlyList<CalibrationRun> Runs = CalibrationRun.LoadEmbedded();

    private static List<string[]> SourceRows() =>
        File.ReadAllLines(Path.Combine(FindRepo(), "src", "GeosChem.PowerShell.Engine", "Data", "geoschem-timings.csv")).Skip(1).Select(l => l.Split(',')).ToList();

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [Fact]
    public void EveryPublishedRowIsReadOnceAndFaithfullyWithItsSourceAndDerivation()
    {
        var source = SourceRows();
        Assert.Equal(source.Count, Runs.Count);
        Assert.Equal(Enumerable.Range(1, source.Count), Runs.Select(r => r.SourceRow));
        foreach (var run in Runs)
        {
            var row = source[run.SourceRow - 1];
            Assert.Equal(15, row.Length);
            Assert.Equal(row[0], run.Model);
            Assert.Equal(double.Parse(row[9], CultureInfo.InvariantCulture), run.WallSeconds);
            Assert.Equal(row[13], run.SourceGroup);
            Assert.False(string.IsNullOrWhiteSpace(row[12]), $"row {run.SourceRow} has no source");
            Assert.False(string.IsNullOrWhiteSpace(row[14]), $"row {run.SourceRow} does not say how its seconds were derived");
            if (run.InstanceType.Length > 0)
            {
                Assert.StartsWith(run.InstanceType, row[6]);
                var nodes = row[6].Contains(" x") ? int.Parse(row[6][(row[6].LastIndexOf('x') + 1)..], CultureInfo.InvariantCulture) : 1;
                Assert.Equal(nodes, run.Nodes);
            }
            Assert.True(run.Use is "fit" or "check" or "exclude", $"row {run.SourceRow}: use '{run.Use}'");
            if (run.Use != "fit") Assert.False(string.IsNullOrWhiteSpace(run.Reason), $"row {run.SourceRow} is left out without a reason");
        }
    }

    [Fact]
    public void TheGcstBenchmarkRowsUseThe30RanksOfGchpPr563()
    {
        foreach (var row in new[] { 21, 22 })
        {
            Assert.Equal(30, Runs[row - 1].WorkersPerNode);
            Assert.Contains("PR#563", SourceRows()[row - 1][7]);
        }
    }

    [Fact]
    public void FittedRunsAreUsableX86AndArm64IsOnlyChecked()
    {
        var usable = RuntimeModelFit.UsableRuns(Runs, InstanceCatalog.Default, GeosChemDomain.Default);
        Assert.Equal(Runs.Count(r => r.UseForFit), usable.Count);
        Assert.All(usable, r => Assert.Equal("x86_64", RuntimeModelFit.HardwareOf(r, InstanceCatalog.Default).Architecture));
        Assert.All(usable, r => Assert.NotNull(ProcessorSpeeds.Default.GenerationOf(RuntimeModelFit.HardwareOf(r, InstanceCatalog.Default).Processor)));
        Assert.All(RuntimeModelFit.CheckRuns(Runs, InstanceCatalog.Default), r => Assert.Equal("arm64", InstanceCatalog.Default.Find(r.InstanceType)!.Architecture));
    }

    [Fact]
    public void TimerComponentsNeverExceedTheirRun()
    {
        foreach (var run in Runs.Where(r => r.InputSeconds + r.ChemistrySeconds + r.TransportSeconds > 0))
        {
            Assert.True(run.InputSeconds + run.ChemistrySeconds + run.TransportSeconds <= run.WallSeconds, run.Describe());
        }
        Assert.Contains(Runs, r => r.UseForFit && r.InputSeconds > 0 && r.ChemistrySeconds > 0 && r.TransportSeconds > 0); // a full timer block is fitted
    }

    [Fact]
    public void TheFitStaysInsidePhysicalRanges()
    {
        var model = RuntimeModelFit.Default;
        Assert.InRange(model.ClassicChemistrySerialFraction, 0.001, 0.2);
        Assert.InRange(model.ClassicTransportSerialFraction, 0.001, 0.2);
        Assert.InRange(model.ClassicHyperThreadGain, 0, 0.4);
        Assert.InRange(model.GchpHyperThreadPenalty, 0, 0.6);
        Assert.InRange(model.OlderClassicWork, 0.2, 1.0);
        Assert.InRange(model.OlderGchpWork, 0.05, 1.0);
        Assert.InRange(model.WorkOf("TransportTracers").Transport, 0.0001, 1.5);
        Assert.Equal(0, model.WorkOf("TransportTracers").Chemistry);
    }

    [Fact]
    public void LeaveOneSourceOutPredictsEveryFittedRunFromTheOtherSources()
    {
        var accuracy = ModelAccuracy.Default;
        Assert.Equal(Runs.Count(r => r.UseForFit), accuracy.Results.Count);
        Assert.All(accuracy.Results, r => Assert.True(double.IsFinite(r.PredictedSeconds) && r.PredictedSeconds > 0));
        // A source's prediction comes from a fit without it, so it differs from the shipped fit's.
        var full = RuntimeModelFit.Default;
        Assert.All(accuracy.Results.GroupBy(r => r.Run.SourceGroup), g => Assert.Contains(g, r =>
            Math.Abs(r.PredictedSeconds / full.WallSeconds(RuntimeModelFit.PlanOf(r.Run, InstanceCatalog.Default, GeosChemDomain.Default)) - 1) > 1e-6));
    }

    [Fact]
    public void EveryResolutionClassIsMeasuredOrMarkedThin()
    {
        var classes = ModelAccuracy.Default.Classes(GeosChemDomain.Default);
        Assert.Contains(classes, c => c.Model == "GCClassic" && c.ResolutionClass == "nested");
        Assert.Contains(classes, c => c.Model == "GCHP" && c.ResolutionClass == "C360+");
        Assert.All(classes, c => Assert.Equal(c.Sources.Count < ModelAccuracy.MinimumSources, c.Thin));
        Assert.All(classes.Where(c => c.Runs > 0), c => Assert.All(ModelAccuracy.Default.Results
            .Where(r => r.Run.Model == c.Model && ModelAccuracy.ClassOf(c.Model, r.Run.Resolution) == c.ResolutionClass), r => Assert.Contains(r.Run.SourceGroup, c.Sources)));
    }

    [Fact]
    public void MeasuredRunsInTheShippedLayoutCanBeAddedToTheEvidence()
    {
        var shipped = string.Join('\n', File.ReadAllLines(Path.Combine(FindRepo(), "src", "GeosChem.PowerShell.Engine", "Data", "calibration-runs.csv")));
        var mine = shipped + "\n51,my-lab/2026-11,GCClassic,14.7.1,fullchem,standard,2x2.5,600,1,c7i.16xlarge,,,1,64,single,5400,600,2800,1500,fit,measured by Get-GcJobCost\n";
        var runs = CalibrationRun.Parse(mine);
        var usable = RuntimeModelFit.UsableRuns(runs, InstanceCatalog.Default, GeosChemDomain.Default);
        var added = Assert.Single(usable, r => r.SourceGroup == "my-lab/2026-11");
        Assert.Equal((600.0, 2800.0, 1500.0), (added.InputSeconds, added.ChemistrySeconds, added.TransportSeconds));
        Assert.Equal("2x2.5", ModelAccuracy.ClassOf(added.Model, added.Resolution));
    }
}
