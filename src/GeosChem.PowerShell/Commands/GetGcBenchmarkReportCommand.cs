using System.Management.Automation;
using GeosChem.PowerShell.Benchmarks;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Per plan of a benchmark: wall time, throughput, cost per simulated day and year, component times, speed-up and
/// parallel efficiency against the smallest plan, and our estimate beside the measurement; -HtmlPath writes one
/// self-contained page with plots.
/// </summary>
[Cmdlet(VerbsCommon.Get, "GcBenchmarkReport", DefaultParameterSetName = BenchmarkSet)]
[OutputType(typeof(GcBenchmarkResult))]
public sealed class GetGcBenchmarkReportCommand : GcAwsCmdlet
{
    private const string BenchmarkSet = "Benchmark";
    private const string JobSet = "Job";
    private const string TimingSet = "Timing";

    /// <summary>A benchmark from Start-GcBenchmark: its jobs are looked up and their logs read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BenchmarkSet)]
    public GcBenchmark[] Benchmark { get; set; } = [];

    /// <summary>Finished jobs (of a benchmark, or any jobs tagged with their plan).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public GcBatchJob[] Job { get; set; } = [];

    /// <summary>Timings already read with Get-GcRunTiming from benchmark jobs.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TimingSet)]
    public GcRunTiming[] Timing { get; set; } = [];

    /// <summary>Also write the report as one self-contained HTML page (plots embedded; the page makes no request).</summary>
    [Parameter]
    public string? HtmlPath { get; set; }

    /// <summary>The HTML page's title (default: the benchmark id).</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>Current On-Demand and Spot prices from AWS (cached); without it, On-Demand from the shipped catalog and no Spot cost.</summary>
    [Parameter]
    public SwitchParameter Live { get; set; }

    private readonly List<GcRunTiming> _timings = [];
    private JobTimings? _reader;

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case TimingSet:
                _timings.AddRange(Timing);
                break;
            case JobSet:
                foreach (var job in Job) Read(job);
                break;
            default:
                foreach (var benchmark in Benchmark)
                {
                    var ids = JobLookup.ValidIds(this, benchmark.JobId);
                    if (ids.Count == 0) continue;
                    var (batch, _) = Aws.Batch(Context);
                    var jobs = JobLookup.Describe(this, batch, ids).ToList();
                    for (var i = 0; i < jobs.Count; i++)
                    {
                        WriteProgress(new ProgressRecord(1, $"Reading the timers of benchmark {benchmark.Id}", $"{i} of {jobs.Count} job logs read")
                        {
                            PercentComplete = 100 * i / jobs.Count,
                        });
                        Read(jobs[i]);
                    }
                    WriteProgress(new ProgressRecord(1, $"Reading the timers of benchmark {benchmark.Id}", "Done") { RecordType = ProgressRecordType.Completed });
                }
                break;
        }
    }

    private void Read(GcBatchJob job)
    {
        try
        {
            _reader ??= new JobTimings(new JobLogReader(Aws.Logs(Context)), Aws.Ecs(Context));
            var timing = Run(ct => _reader.ReadAsync(job, ct));
            foreach (var warning in timing.Warnings) WriteWarning($"Job {job.JobId}: {warning}");
            _timings.Add(timing);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, job.JobId, awsFailureId: ErrorIds.BatchJobLogFailed);
        }
    }

    protected override void EndProcessing()
    {
        if (_timings.Count == 0) return;
        var region = _timings.Select(t => t.Region).FirstOrDefault(r => !string.IsNullOrEmpty(r));
        var prices = PriceBook.CatalogOnly;
        if (Live)
        {
            var context = region is null ? Context : Aws.ContextFor(region);
            prices = new PriceBook(new PriceSource(this).Live(context, LivePrices.DefaultMaxAge, force: false).Prices);
            region = context.Region;
        }
        region ??= new PriceSource(this).Offline(out _);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var runs = new List<(BenchmarkRun Run, GcRunTiming Timing)>();
        foreach (var timing in _timings)
        {
            try
            {
                runs.Add((BenchmarkRuns.From(timing, prices, region, today), timing));
            }
            catch (GcException ex)
            {
                WriteItemError(ex, timing.JobId ?? timing.Path);
            }
        }
        if (runs.Count == 0) return;
        var rows = BenchmarkAnalysis.Analyse([.. runs.Select(r => r.Run)]);
        foreach (var row in rows)
        {
            var timing = runs.First(r => ReferenceEquals(r.Run, row.Run)).Timing;
            WriteObject(BenchmarkResults.From(row, timing, region));
        }
        if (HtmlPath is not null) WriteHtml(rows);
    }

    private void WriteHtml(IReadOnlyList<BenchmarkRow> rows)
    {
        var path = GetUnresolvedProviderPathFromPSPath(HtmlPath);
        var title = Title ?? $"GEOS-Chem benchmark {_timings.Select(t => t.BenchmarkId).FirstOrDefault(b => b is not null) ?? ""}".TrimEnd();
        try
        {
            File.WriteAllText(path, BenchmarkHtmlReport.Render(title, rows, DateTime.UtcNow));
            WriteVerbose($"Wrote the benchmark report to {path}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteItemError(new GcException(ErrorIds.BenchmarkReportWriteFailed, GcErrorKind.PermissionDenied, $"Cannot write the report to {path}: {ex.Message}",
                "Give a path in a folder you may write to.", path, ex), path);
        }
    }
}
