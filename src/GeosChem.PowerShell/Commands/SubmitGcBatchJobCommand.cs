using System.Collections;
using System.Globalization;
using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Submit, "GcBatchJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GcBatchJob))]
public sealed class SubmitGcBatchJobCommand : GcAwsCmdlet
{
    private readonly JobWaiting _waiting;

    private readonly QuotaPlanners _quotas;

    private readonly BudgetSpendSource _spend;

    public SubmitGcBatchJobCommand()
    {
        _waiting = new JobWaiting(this);
        _spend = new BudgetSpendSource(this);
        _quotas = new QuotaPlanners(Aws, usageOptional: true);
    }

    private readonly List<(Task<GcBatchJob> Task, string Name)> _inFlight = [];
    private readonly Dictionary<string, JobSubmitter> _submitters = new(StringComparer.Ordinal);
    private readonly List<GcBatchJob> _submitted = [];
    private int _rows;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobName")]
    public string Name { get; set; } = "";

    /// <summary>The job queue; default: the configuration's defaults.jobQueue, else the deployed Spot queue.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobQueueCompleter))]
    public string? JobQueue { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobDefinitionCompleter))]
    public string JobDefinition { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RunDirectory { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? OutputPrefix { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RestartPrefix { get; set; }

    /// <summary>A DateTime, or text yyyy-MM-dd[THH:mm[:ss]]; an object so that a bad CSV date is an error for its row, not silently unbound.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public object? SimulationStart { get; set; }

    /// <summary>As -SimulationStart.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public object? SimulationEnd { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Parameters { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Environment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? ArraySize { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? DependsOn { get; set; }

    /// <summary>Standard: wait for the whole of each job named. N_TO_N: array child i waits for child i of each array named.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Standard", "N_TO_N", IgnoreCase = true)]
    public string DependencyType { get; set; } = "Standard";

    [Parameter]
    public SwitchParameter Sequential { get; set; }

    /// <summary>Runs the period as chained segments (10d, 1mo, 1y), each resuming from the previous one's end restart.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SegmentLength { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 1000)]
    public int? NodeCount { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Tag { get; set; }

    [Parameter]
    public SwitchParameter FallbackToOnDemand { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(JobQueueCompleter))]
    public string? FallbackJobQueue { get; set; }

    [Parameter]
    [ValidateRange(1, 10)]
    public int MaxSpotReclaims { get; set; } = 2;

    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Submit rows again that were submitted before with the same content (otherwise their existing jobs are returned).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary>How often -Wait polls the jobs.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Parameter]
    [ValidateRange(0.1, 1000)]
    public double MaxSubmitRate { get; set; } = RateFromEnvironment();

    /// <summary>The job's estimated cost in USD: binds from a recommendation's or estimate's EstimatedCost, through Register-GcJobDefinition, or a CSV column.</summary>
    // No ValidateRange: a definition registered without a recommendation binds its null EstimatedCost here.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double? EstimatedCost { get; set; }

    /// <summary>The configuration whose defaults (queue, results bucket, region) apply; default: the per-user configuration.</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    protected override void BeginProcessing()
    {
        _configuration = new ConfigurationFile(this, ConfigurationPath).LoadIfPresent(this);
        _results = ResultsLocation.From(_configuration?.Deployed);
        _budget = new SweepBudget(_configuration?.Budget.MonthlyUsd, _configuration?.Budget.PerJobUsd);
    }

    protected override void ProcessRecord()
    {
        _rows++;
        SubmissionSpec spec;
        var context = Context;
        try
        {
            spec = Segments.Apply(Spec(), SegmentLength);
            CheckInputList(context, spec);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: Name);
            return;
        }
        if (!ShouldProcess($"{spec.Name} on {spec.Queue} in {context.Region}", $"Submit {spec.Definition}{(spec.ArraySize is { } n ? $" as an array of {n}" : "")}"))
        {
            return;
        }
        if (_results is not null && OutputPrefix is null) WriteVerbose($"'{spec.Name}' writes its output to {spec.OutputPrefix} (the deployed results bucket's {ResultsLocation.WritablePrefix} prefix).");
        if (_budget.JobWarning(spec.Name, EstimatedCost) is { } overJobBudget) WriteWarning(overJobBudget);
        var submitter = SubmitterFor(context);
        if (_budget.ChecksSweeps && !Force)
        {
            // The whole submission's estimate is known only once every row is in: hold the rows until then.
            _held.Add((submitter, spec, EstimatedCost));
            return;
        }
        Start(submitter, spec);
        WriteFinishedSubmissions(block: false);
    }

    private void Start(JobSubmitter submitter, SubmissionSpec spec) => _inFlight.Add((Task.Run(() => SubmitOrClose(submitter, spec)), spec.Name));

    protected override void EndProcessing()
    {
        _inputDone = true;
        if (_held.Count > 0)
        {
            try
            {
                var spend = _spend.Read(_configuration, Context);
                _budget.CheckSweep([.. _held.Select(h => (h.Spec.Name, h.EstimatedUsd))], spend);
                WriteVerbose($"Budget: {_budget.Describe(spend)}.");
            }
            catch (GcException ex)
            {
                ThrowGcError(ex);
            }
            foreach (var (submitter, spec, _) in _held) Start(submitter, spec);
            _held.Clear();
        }
        WriteFinishedSubmissions(block: true);
        foreach (var (region, submitter) in _submitters)
        {
            var (submitted, recovered, resent) = submitter.Counts;
            WriteVerbose($"{region}: {submitted} submitted; {recovered} found after a lost answer; {resent} sent again after a lookup found nothing.");
            if (submitter.AlreadySubmitted > 0)
            {
                WriteWarning($"{submitter.AlreadySubmitted} row(s) in {region} had been submitted before with the same content: their existing jobs are returned, "
                    + "nothing was sent again. Use -Force to submit them anew.");
            }
        }
        if (!Wait || _submitted.Count == 0) return;
        foreach (var group in _submitted.GroupBy(j => j.Region))
        {
            var context = Aws.ContextFor(group.Key);
            _waiting.WaitFor(context, [.. group.Select(j => j.JobId)], PollInterval, WaitTimeout, "Waiting for submitted GEOS-Chem jobs");
        }
    }

    private void WriteFinishedSubmissions(bool block)
    {
        Bridge.Drain();
        while (_inFlight.Count > 0 && (block || _inFlight[0].Task.IsCompleted))
        {
            var (task, name) = _inFlight[0];
            _inFlight.RemoveAt(0);
            if (block)
            {
                WriteProgress(new ProgressRecord(1, "Submitting GEOS-Chem jobs", $"{_submitted.Count} of {_rows} submitted")
                {
                    PercentComplete = _rows == 0 ? 0 : Math.Min(100, 100 * _submitted.Count / _rows),
                });
            }
            if (Settle(task, name) is { } doom) DrainAndStop(doom, name);
        }
        if (block) WriteProgress(new ProgressRecord(1, "Submitting GEOS-Chem jobs", "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>Submits a row; a failure that dooms the rest closes the sweep at once, not when its row's turn to be written comes.</summary>
    private async Task<GcBatchJob> SubmitOrClose(JobSubmitter submitter, SubmissionSpec spec)
    {
        try
        {
            return await submitter.SubmitAsync(spec, StopToken).ConfigureAwait(false);
        }
        catch (GcException ex) when (ErrorRecords.DoomsTheRest(ex))
        {
            submitter.Close();
            throw;
        }
    }

    /// <summary>Writes one row's fate: its job, or its error; returns the error when it would fail every other row too.</summary>
    private GcException? Settle(Task<GcBatchJob> task, string name)
    {
        try
        {
            var job = Run(_ => task);
            _submitted.Add(job);
            if (!Wait) WriteObject(job);
            return null;
        }
        catch (GcException ex) when (ex.ErrorId == ErrorIds.BatchSubmitNotAttempted)
        {
            _notAttempted.Add(name);
            WriteError(ErrorRecords.From(ex, name));
            return null;
        }
        catch (GcException ex)
        {
            _failed++;
            WriteError(ErrorRecords.From(ex, name, ErrorIds.BatchSubmitFailed));
            return ErrorRecords.DoomsTheRest(ex) ? ex : null;
        }
    }

    /// <summary>
    /// A failure that would repeat for every row (throttled beyond retries, an outcome that stayed unknown, access
    /// denied): rows whose SubmitJob has not gone out are not sent, those in flight settle, each row's fate is written
    /// (jobs as objects, failures and unsent rows as errors naming the row), then the command stops saying what happened.
    /// </summary>
    private void DrainAndStop(GcException cause, string row)
    {
        foreach (var submitter in _submitters.Values) submitter.Close();
        while (_inFlight.Count > 0)
        {
            var (task, name) = _inFlight[0];
            _inFlight.RemoveAt(0);
            Settle(task, name);
        }
        var unsent = _notAttempted.Count == 0 ? "" :
            $" Not sent: {string.Join(", ", _notAttempted.Take(10))}{(_notAttempted.Count > 10 ? $" and {_notAttempted.Count - 10} more" : "")}.";
        ThrowTerminatingError(ErrorRecords.From(new GcException(ErrorIds.BatchSweepStopped, cause.Kind,
            $"Submitting stopped at row '{row}': {cause.Problem} Of the {_rows} row(s) read, {_submitted.Count} were submitted, {_failed} failed "
            + $"and {_notAttempted.Count} were not sent{(_inputDone ? "" : $"; rows after row {_rows} of the input were not read")}.{unsent}",
            $"{cause.Fix} Then run the same command again: rows already submitted are recognised by their submission id and not sent twice.", row)));
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        JobWaiting.AdviseOnStop(this, StopAdvice());
    }

    private string StopAdvice()
    {
        var ids = _submitted.Select(j => j.JobId).ToList();
        return ids.Count == 0 ? "" :
            $"{ids.Count} job(s) were submitted and keep running; stop them with: Stop-GcBatchJob -JobId {string.Join(",", ids.Take(5))}{(ids.Count > 5 ? ",..." : "")}"
            + (_inFlight.Count > 0 ? $". {_inFlight.Count} submission(s) were in flight; list the queue with Get-GcBatchJob to see whether they landed." : "");
    }

    private JobSubmitter SubmitterFor(AwsContext context)
    {
        if (_submitters.TryGetValue(context.Region, out var known)) return known;
        var (batch, directory) = Aws.Batch(context);
        var submitter = Own(new JobSubmitter(batch, directory, new SubmitOptions { RatePerSecond = MaxSubmitRate, Results = _results, Quotas = _quotas.For(context), Warn = Bridge.Warning }, Bridge));
        return _submitters[context.Region] = submitter;
    }

    /// <summary>The job's period against its run directory's input list (.gc-inputs), before anything is sent. A list
    /// that cannot be read is only a warning: the container checks the period again before it stages anything.</summary>
    private void CheckInputList(AwsContext context, SubmissionSpec spec)
    {
        if (spec.RunDirectory is not { } runDirectory || runDirectory.Contains("{index}", StringComparison.Ordinal)) return;
        if (spec.SimulationStart is null && spec.SimulationEnd is null) return;
        if (!_inputLists.TryGetValue(context.Region, out var check))
        {
            _inputLists[context.Region] = check = new InputListCheck(Aws.ObjectStore(context));
        }
        try
        {
            Run(ct => check.CheckAsync(runDirectory, spec.SimulationStart, spec.SimulationEnd, ct));
        }
        catch (GcException ex) when (ex.ErrorId != ErrorIds.InputListPeriodMismatch)
        {
            WriteWarning($"Could not read {runDirectory}{InputManifest.FileName} to compare its period with the job '{spec.Name}': {ex.Problem} "
                + "The job is sent unchecked; its container checks the period before staging.");
        }
    }

    private readonly Dictionary<string, InputListCheck> _inputLists = new(StringComparer.Ordinal);
    private Models.GcConfiguration? _configuration;
    private ResultsLocation? _results;
    private SweepBudget _budget = new(null, null);
    private readonly List<(JobSubmitter Submitter, SubmissionSpec Spec, double? EstimatedUsd)> _held = [];
    private readonly List<string> _notAttempted = [];
    private int _failed;
    private bool _inputDone;

    private string QueueOrDefault()
    {
        if (!string.IsNullOrWhiteSpace(JobQueue)) return JobQueue.Trim();
        var configuration = _configuration;
        return configuration?.Defaults.JobQueue ?? configuration?.Deployed?.SpotJobQueue
            ?? throw new GcException(ErrorIds.BatchJobQueueMissing, GcErrorKind.InvalidArgument, "No -JobQueue was given, and the configuration names no default queue.",
                "Pass -JobQueue, or set one: Set-GcConfiguration defaults.jobQueue <name> (Deploy-GcPlatform records the platform's queues).");
    }

    private SubmissionSpec Spec()
    {
        var start = BatchInput.Date(SimulationStart is PSObject startObject ? startObject.BaseObject : SimulationStart, nameof(SimulationStart));
        var end = BatchInput.Date(SimulationEnd is PSObject endObject ? endObject.BaseObject : SimulationEnd, nameof(SimulationEnd));
        var name = BatchInput.Name(Name, "job name");
        return new()
        {
            Name = name,
            Queue = QueueOrDefault(),
            Definition = JobDefinition.Trim(),
            RunDirectory = BatchInput.S3Prefix(RunDirectory, nameof(RunDirectory)),
            OutputPrefix = BatchInput.S3Prefix(OutputPrefix, nameof(OutputPrefix)) ?? _results?.DefaultOutputPrefix(name),
            RestartPrefix = BatchInput.S3Prefix(RestartPrefix, nameof(RestartPrefix)),
            SimulationStart = start,
            SimulationEnd = end is { } e && start is { } b && e <= b
                ? throw new GcException(ErrorIds.SimulationPeriodInvalid, GcErrorKind.InvalidArgument,
                    $"-SimulationEnd {e:yyyy-MM-dd HH:mm} is not after -SimulationStart {b:yyyy-MM-dd HH:mm}.", "Swap them, or correct the row.", Name)
                : end,
            Parameters = Strings(Parameters),
            Environment = Strings(Environment),
            Tags = Strings(Tag),
            ArraySize = BatchInput.ArraySize(ArraySize),
            Sequential = Sequential,
            DependsOn = BatchInput.Dependencies(DependsOn),
            NToN = DependencyType.Equals("N_TO_N", StringComparison.OrdinalIgnoreCase),
            NodeCount = NodeCount is > 1 ? NodeCount : null,
            FallbackToOnDemand = FallbackToOnDemand,
            FallbackQueue = FallbackJobQueue,
            MaxSpotReclaims = MaxSpotReclaims,
            Resubmit = Force,
        };
    }

    private static Dictionary<string, string> Strings(Hashtable? table) =>
        (table ?? []).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);

    private static double RateFromEnvironment() =>
        double.TryParse(System.Environment.GetEnvironmentVariable("GC_BATCH_SUBMIT_RATE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? rate : SubmitOptions.DefaultRatePerSecond;
}
