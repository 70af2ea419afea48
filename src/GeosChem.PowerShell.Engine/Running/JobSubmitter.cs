using System.Collections.Concurrent;
using System.Globalization;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Submits jobs concurrently under a client-side rate limit. SubmitJob has no client token, so every submission
/// carries a tag derived from what it asks for (name, queue, definition, parameters, environment, dependencies; see
/// <see cref="SubmissionId"/>): a row submitted before (the same sweep run again, or a sweep stopped half-way and
/// started again) is found by that tag and not sent again, and when an answer is lost the job is looked up the same
/// way before anything is sent again. Never a duplicate, never a silent loss; -Force makes a fresh submission.
/// </summary>
internal sealed class JobSubmitter : IDisposable
{
    private readonly IBatchClient _batch;
    private readonly BatchDirectory _directory;
    private readonly SubmitOptions _options;
    private readonly IAwsCallObserver _observer;
    private readonly SemaphoreSlim _slots;
    private readonly RateGate _rate;
    private readonly ConcurrentDictionary<string, bool> _knownJobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<string, bool> _quotaChecked = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _quotaCalls = new(1);
    private int _submitted, _recovered, _resent, _existing, _duplicatesCancelled;

    public JobSubmitter(IBatchClient batch, BatchDirectory directory, SubmitOptions options, IAwsCallObserver observer)
    {
        _batch = batch;
        _directory = directory;
        _options = options;
        _observer = observer;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        _rate = new RateGate(options.RatePerSecond);
    }

    /// <summary>Jobs created, jobs found after a lost answer, and submissions sent again after a lookup found nothing.</summary>
    public (int Submitted, int Recovered, int Resent) Counts => (_submitted, _recovered, _resent);

    /// <summary>Rows not sent because the same submission had been made before.</summary>
    public int AlreadySubmitted => _existing;

    /// <summary>Successors of a Spot job that another watcher had made at the same moment, cancelled here so one remains.</summary>
    public int DuplicatesCancelled => _duplicatesCancelled;

    /// <summary>
    /// Stops taking on work: a submission that has not sent its SubmitJob yet fails with <see cref="ErrorIds.BatchSubmitNotAttempted"/>;
    /// one whose SubmitJob is out is left to settle (cancelling it would leave its outcome unknown).
    /// </summary>
    public void Close() => _closing.Cancel();

    public async Task<GcBatchJob> SubmitAsync(SubmissionSpec spec, CancellationToken ct)
    {
        // Everything before SubmitJob goes out may be abandoned when the sweep is closed; SubmitJob itself and the
        // lookups that settle a lost answer are not (only Ctrl+C stops those).
        using var beforeSending = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        try
        {
            await _slots.WaitAsync(beforeSending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw NotAttempted(spec);
        }
        try
        {
            return await SubmitHoldingSlotAsync(spec, beforeSending.Token, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw NotAttempted(spec);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static GcException NotAttempted(SubmissionSpec spec) =>
        new(ErrorIds.BatchSubmitNotAttempted, GcErrorKind.OperationStopped,
            $"'{spec.Name}' was not submitted: the sweep stopped on an earlier error before this row's SubmitJob was sent.",
            "Fix what stopped the sweep, then run the same command again: rows already submitted are found by their submission id and not sent twice.", spec.Name);

    private async Task<GcBatchJob> SubmitHoldingSlotAsync(SubmissionSpec spec, CancellationToken beforeSending, CancellationToken ct)
    {
        {
            var (request, queue, definition) = await PrepareAsync(spec, beforeSending).ConfigureAwait(false);
            var submissionId = request.Tags![BatchJobMapper.SubmissionTag];
            var since = DateTime.UtcNow.AddMinutes(-10);
            if (!spec.Resubmit && await ExistingAsync(queue.Name, spec.Name, submissionId, beforeSending).ConfigureAwait(false) is { } existing)
            {
                Interlocked.Increment(ref _existing);
                _observer.Verbose($"'{spec.Name}' was submitted before with the same content as job {existing.JobId} ({existing.Status}); not sending it again (-Force does).");
                return existing;
            }
            for (var round = 1; ; round++)
            {
                await _rate.WaitAsync(beforeSending).ConfigureAwait(false);
                try
                {
                    var response = await _batch.SubmitJobAsync(request, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref _submitted);
                    var job = Describe(response.JobId, spec, request, queue, definition);
                    return spec.PreviousJobId is null ? job : await OneSuccessorAsync(job, spec, ct).ConfigureAwait(false);
                }
                catch (AwsOutcomeUnknownException lost)
                {
                    _observer.Verbose($"SubmitJob for '{spec.Name}' had no clear answer ({lost.Problem}); looking for submission {submissionId} before sending again.");
                }
                if (_options.LookupSettleDelay > TimeSpan.Zero) await Task.Delay(_options.LookupSettleDelay, ct).ConfigureAwait(false);
                var found = await FindSubmissionAsync(queue.Name, spec.Name, submissionId, since, ct).ConfigureAwait(false);
                if (found is not null)
                {
                    Interlocked.Increment(ref _recovered);
                    Interlocked.Increment(ref _submitted);
                    _observer.Verbose($"Submission {submissionId} of '{spec.Name}' had gone through as job {found}; not sending it again.");
                    return Describe(found, spec, request, queue, definition);
                }
                if (round >= _options.MaxResolveRounds)
                {
                    throw new GcException(ErrorIds.BatchSubmitUnresolved, GcErrorKind.ConnectionError,
                        $"SubmitJob for '{spec.Name}' lost its answer {round} times and the job is not in {queue.Name}; it was not submitted.",
                        "Check the network, then submit this row again; nothing of it is running.", spec.Name);
                }
                Interlocked.Increment(ref _resent);
            }
        }
    }

    /// <summary>
    /// Two watchers of one Spot job may both look for its successor, find none, and both submit one: Batch has no
    /// client token to stop that. So after submitting, every successor of the job in the queue is listed and the first
    /// made (earliest creation, then lowest id) is kept by every watcher alike, provided ListJobs shows a new job within the
    /// settle delay (<see cref="SubmitOptions.LookupSettleDelay"/>); a later one is terminated at once (TerminateJob: CancelJob would not stop one already STARTING).
    /// </summary>
    private async Task<GcBatchJob> OneSuccessorAsync(GcBatchJob mine, SubmissionSpec spec, CancellationToken ct)
    {
        // Every watcher must see every successor for all of them to pick the same one: let ListJobs catch up first.
        if (_options.LookupSettleDelay > TimeSpan.Zero) await Task.Delay(_options.LookupSettleDelay, ct).ConfigureAwait(false);
        var successors = new List<JobDetailShape>();
        var ids = new List<string>();
        await foreach (var summary in _batch.ListJobsAsync(new ListJobsRequest { JobQueue = mine.JobQueue, Filters = [new ListJobsFilterShape("JOB_NAME", [spec.Name])] }, ct).ConfigureAwait(false))
        {
            ids.Add(summary.JobId);
        }
        foreach (var chunk in ids.Chunk(BatchClient.DescribeJobsBatchSize))
        {
            successors.AddRange((await _batch.DescribeJobsAsync(chunk, ct).ConfigureAwait(false))
                .Where(d => d.Tags?.GetValueOrDefault(BatchJobMapper.PreviousJobTag) == spec.PreviousJobId && d.Status != "FAILED" || d.JobId == mine.JobId));
        }
        var keep = successors.OrderBy(d => d.CreatedAt ?? long.MaxValue).ThenBy(d => d.JobId, StringComparer.Ordinal).FirstOrDefault();
        if (keep is null || keep.JobId == mine.JobId) return mine;
        await _batch.TerminateJobAsync(mine.JobId, $"Duplicate On-Demand successor of {spec.PreviousJobId}: {keep.JobId} was submitted first and is kept.", ct).ConfigureAwait(false);
        Interlocked.Increment(ref _duplicatesCancelled);
        _observer.Verbose($"Another watcher had already resubmitted {spec.PreviousJobId} as {keep.JobId}; terminated this watcher's copy {mine.JobId}.");
        return BatchJobMapper.FromDetail(keep, _batch.Region);
    }

    private async Task<(SubmitJobRequest, QueueInfo, JobDefinitionShape)> PrepareAsync(SubmissionSpec spec, CancellationToken ct)
    {
        var queue = await _directory.QueueAsync(spec.Queue, ct).ConfigureAwait(false);
        var definition = await _directory.DefinitionAsync(spec.Definition, ct).ConfigureAwait(false);
        var multiNode = definition.Type == "multinode";
        if (multiNode && queue.IsSpot)
        {
            throw new GcException(ErrorIds.MultiNodeOnSpot, GcErrorKind.InvalidOperation,
                $"'{definition.JobDefinitionName}' is a multi-node definition and '{queue.Name}' runs on Spot; AWS Batch does not run multi-node parallel jobs on Spot.",
                "Submit it to an On-Demand queue (-JobQueue), or use a single-node definition on Spot.", spec.Name);
        }
        PlatformFit.Check(definition, queue, spec.NodeCount, spec.Name);
        await WarnAboutQuotaAsync(definition, queue, spec, beforeSending: ct).ConfigureAwait(false);
        var role = definition.ContainerProperties?.JobRoleArn ?? definition.NodeProperties?.NodeRangeProperties.FirstOrDefault()?.Container?.JobRoleArn;
        _options.Results?.CheckWritable(role, spec.Name, (nameof(spec.OutputPrefix), spec.OutputPrefix),
            (nameof(spec.RestartPrefix), spec.RestartPrefix ?? RestartContract.DefaultRestartPrefix(spec.RunDirectory, spec.OutputPrefix)));
        if (multiNode && spec.ArraySize is not null)
        {
            throw new GcException(ErrorIds.MultiNodeArray, GcErrorKind.InvalidArgument,
                "AWS Batch does not run multi-node parallel jobs as arrays.", "Submit one multi-node job per member of the sweep instead.", spec.Name);
        }
        if (spec.Sequential && spec.ArraySize is null)
        {
            throw new GcException(ErrorIds.BatchSequentialNeedsArray, GcErrorKind.InvalidArgument,
                "-Sequential runs the children of an array one after another, but no -ArraySize was given.", "Add -ArraySize, or drop -Sequential.", spec.Name);
        }
        await CheckDependenciesAsync(spec, ct).ConfigureAwait(false);

        var tags = new Dictionary<string, string>(spec.Tags, StringComparer.Ordinal);
        if (spec.PreviousJobId is not null) tags[BatchJobMapper.PreviousJobTag] = spec.PreviousJobId;
        RetryStrategyShape? retry = null;
        if (spec.FallbackToOnDemand && queue.IsSpot)
        {
            var fallback = spec.FallbackQueue ?? queue.FallbackQueue ?? throw new GcException(ErrorIds.BatchFallbackQueueUnknown, GcErrorKind.InvalidArgument,
                $"-FallbackToOnDemand needs an On-Demand queue, and '{queue.Name}' has no '{QueueInfo.FallbackQueueTag}' tag naming one.",
                "Name it with -FallbackJobQueue, or tag the Spot queue with it.", spec.Name);
            var fallbackQueue = await _directory.QueueAsync(fallback, ct).ConfigureAwait(false);
            if (fallbackQueue.IsSpot)
            {
                throw new GcException(ErrorIds.BatchFallbackQueueIsSpot, GcErrorKind.InvalidArgument,
                    $"The fallback queue '{fallback}' runs on Spot too, so falling back to it would not escape reclaims.",
                    "Name an On-Demand queue with -FallbackJobQueue.", spec.Name);
            }
            tags[BatchJobMapper.FallbackQueueTag] = fallbackQueue.Name;
            tags[BatchJobMapper.MaxReclaimsTag] = spec.MaxSpotReclaims.ToString(CultureInfo.InvariantCulture);
            // Batch itself gives up after that many reclaims; the waiting cmdlet then moves the job On-Demand.
            // The definition's rules as Batch stores them (actions in lower case), sent back in the model's own case.
            retry = definition.RetryStrategy is { } r
                ? r with { Attempts = spec.MaxSpotReclaims, EvaluateOnExit = r.EvaluateOnExit?.Select(e => e with { Action = e.Action?.ToUpperInvariant() }).ToList() }
                : new RetryStrategyShape(spec.MaxSpotReclaims, JobDefinitionBuilder.RetryRules());
        }
        if (tags.Count > 50)
        {
            throw new GcException(ErrorIds.BatchTooManyTags, GcErrorKind.InvalidArgument, $"The job would carry {tags.Count} tags; AWS Batch allows 50.",
                "Pass fewer -Tag entries.", spec.Name);
        }

        var environment = Environment(spec);
        var overrides = environment.Count == 0 ? null : new ContainerOverridesShape { Environment = environment };
        List<JobDependencyShape>? dependsOn = spec.DependsOn.Count == 0 && !spec.Sequential ? null
            : [.. spec.DependsOn.Select(id => new JobDependencyShape(id, spec.NToN ? "N_TO_N" : null)),
               .. spec.Sequential ? new[] { new JobDependencyShape(null, "SEQUENTIAL") } : []];
        var request = new SubmitJobRequest
        {
            JobName = spec.Name,
            JobQueue = queue.Name,
            JobDefinition = $"{definition.JobDefinitionName}:{definition.Revision}",
            ArrayProperties = spec.ArraySize is { } size ? new ArrayPropertiesShape(size) : null,
            DependsOn = dependsOn,
            Parameters = spec.Parameters.Count == 0 ? null : new Dictionary<string, string>(spec.Parameters),
            ContainerOverrides = multiNode ? null : overrides,
            NodeOverrides = multiNode && (overrides is not null || spec.NodeCount is not null)
                ? new NodeOverridesShape(spec.NodeCount, overrides is null ? null : [new NodePropertyOverrideShape("0:", overrides)]) : null,
            RetryStrategy = retry,
            PropagateTags = true,
            Tags = tags,
        };
        tags[BatchJobMapper.SubmissionTag] = spec.Resubmit ? Guid.NewGuid().ToString("D") : SubmissionId.For(request);
        return (request, queue, definition);
    }

    /// <summary>Once per definition, queue and node count: a warning when the job needs more vCPUs than the account's quota for its instance class.</summary>
    private async Task WarnAboutQuotaAsync(JobDefinitionShape definition, QueueInfo queue, SubmissionSpec spec, CancellationToken beforeSending)
    {
        if (_options.Quotas is not { } quotas) return;
        var container = definition.ContainerProperties ?? definition.NodeProperties?.NodeRangeProperties.FirstOrDefault()?.Container;
        var nodes = definition.Type == "multinode" ? spec.NodeCount ?? definition.NodeProperties?.NumNodes ?? 1 : 1;
        var key = $"{definition.JobDefinitionArn}|{queue.Name}|{nodes}";
        if (!_quotaChecked.TryAdd(key, true)) return;
        var types = container?.InstanceType is { } type ? [type]
            : queue.Environments.SelectMany(e => e.ComputeResources?.InstanceTypes ?? []).Distinct(StringComparer.Ordinal).ToList();
        await _quotaCalls.WaitAsync(beforeSending).ConfigureAwait(false);
        try
        {
            var warning = await quotas.PlanWarningAsync(types, PlatformFit.VCpus(container) * nodes, queue.IsSpot, spec.Name, beforeSending).ConfigureAwait(false);
            if (warning is not null) _options.Warn(warning);
        }
        catch (GcException ex) when (ex is not AwsOutcomeUnknownException)
        {
            _observer.Verbose($"The vCPU quota could not be checked ({ex.Problem}); submitting without that check.");
        }
        finally
        {
            _quotaCalls.Release();
        }
    }

    private static List<KeyValuePairShape> Environment(SubmissionSpec spec)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var restart = spec.RestartPrefix ?? RestartContract.DefaultRestartPrefix(spec.RunDirectory, spec.OutputPrefix);
        if (spec.RunDirectory is not null) env[RestartContract.RunDirectory] = spec.RunDirectory;
        if (spec.OutputPrefix is not null) env[RestartContract.OutputPrefix] = spec.OutputPrefix;
        if (restart is not null) env[RestartContract.RestartPrefix] = restart;
        if (spec.SimulationStart is { } start) env[RestartContract.SimulationStart] = RestartContract.FormatSimulationTime(start);
        if (spec.SimulationEnd is { } end) env[RestartContract.SimulationEnd] = RestartContract.FormatSimulationTime(end);
        foreach (var (key, value) in spec.Environment) env[key] = value;
        return [.. env.Select(kv => new KeyValuePairShape(kv.Key, kv.Value))];
    }

    private async Task CheckDependenciesAsync(SubmissionSpec spec, CancellationToken ct)
    {
        var unknown = spec.DependsOn.Where(id => !_knownJobs.ContainsKey(id)).ToList();
        if (unknown.Count == 0) return;
        var found = await _batch.DescribeJobsAsync(unknown, ct).ConfigureAwait(false);
        foreach (var job in found) _knownJobs[job.JobId] = true;
        var missing = unknown.Where(id => !_knownJobs.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new GcException(ErrorIds.BatchDependencyNotFound, GcErrorKind.ObjectNotFound,
                $"-DependsOn names job(s) that do not exist in {_batch.Region}: {string.Join(", ", missing)}.",
                "Check the ids (Get-GcBatchJob -JobId ...) and the -Region; jobs are regional and Batch forgets finished ones after about a week.", spec.Name);
        }
    }

    /// <summary>The job an earlier identical submission made, with its current state; null when there is none.</summary>
    private async Task<GcBatchJob?> ExistingAsync(string queue, string name, string submissionId, CancellationToken ct)
    {
        var id = await FindSubmissionAsync(queue, name, submissionId, DateTime.MinValue, ct).ConfigureAwait(false);
        if (id is null) return null;
        _knownJobs[id] = true;
        var detail = (await _batch.DescribeJobsAsync([id], ct).ConfigureAwait(false)).FirstOrDefault();
        return detail is null ? null : BatchJobMapper.FromDetail(detail, _batch.Region);
    }

    /// <summary>The job a submission created, found by its submission tag among the queue's recent jobs of that name.</summary>
    private async Task<string?> FindSubmissionAsync(string queue, string name, string submissionId, DateTime since, CancellationToken ct)
    {
        var candidates = new List<string>();
        var listing = _batch.ListJobsAsync(new ListJobsRequest { JobQueue = queue, Filters = [new ListJobsFilterShape("JOB_NAME", [name])] }, ct);
        await foreach (var summary in listing.ConfigureAwait(false))
        {
            if (BatchJobMapper.Time(summary.CreatedAt) < since) break; // newest first: the rest are older
            candidates.Add(summary.JobId);
        }
        foreach (var chunk in candidates.Chunk(BatchClient.DescribeJobsBatchSize))
        {
            var details = await _batch.DescribeJobsAsync(chunk, ct).ConfigureAwait(false);
            var match = details.FirstOrDefault(d => d.Tags?.GetValueOrDefault(BatchJobMapper.SubmissionTag) == submissionId);
            if (match is not null) return match.JobId;
        }
        return null;
    }

    private GcBatchJob Describe(string jobId, SubmissionSpec spec, SubmitJobRequest request, QueueInfo queue, JobDefinitionShape definition)
    {
        _knownJobs[jobId] = true;
        var environment = (request.ContainerOverrides?.Environment ?? request.NodeOverrides?.NodePropertyOverrides?.FirstOrDefault()?.ContainerOverrides?.Environment ?? [])
            .ToDictionary(e => e.Name, e => e.Value);
        return new GcBatchJob
        {
            JobId = jobId,
            JobName = spec.Name,
            JobQueue = queue.Name,
            JobDefinition = request.JobDefinition,
            Status = BatchJobStatus.Submitted,
            CreatedAt = DateTime.UtcNow,
            ArraySize = spec.ArraySize,
            NodeCount = definition.Type == "multinode" ? spec.NodeCount ?? definition.NodeProperties?.NumNodes : null,
            Attempts = 0,
            RestartPrefix = environment.GetValueOrDefault(RestartContract.RestartPrefix),
            LogGroupName = definition.ContainerProperties?.LogConfiguration?.Options?.GetValueOrDefault("awslogs-group")
                ?? definition.NodeProperties?.NodeRangeProperties.FirstOrDefault()?.Container?.LogConfiguration?.Options?.GetValueOrDefault("awslogs-group"),
            SubmissionId = request.Tags![BatchJobMapper.SubmissionTag],
            PreviousJobId = spec.PreviousJobId,
            Tags = request.Tags,
            Region = _batch.Region,
        };
    }

    public void Dispose()
    {
        _slots.Dispose();
        _closing.Dispose();
        _quotaCalls.Dispose();
    }
}
