using System.Diagnostics;
using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>
/// One account-region's AWS Batch: compute environments, queues, job definitions and jobs, with a job state machine
/// that moves SUBMITTED -> PENDING -> RUNNABLE -> STARTING -> RUNNING -> SUCCEEDED|FAILED as the emulator clock
/// passes. Callers hold <see cref="RegionState.Gate"/> and call <see cref="Advance"/> first.
/// </summary>
public sealed class BatchWorld
{
    public const int MaxArraySize = 10_000;
    public const int MaxDependencies = 20;

    private readonly PriorityQueue<BatchJob, DateTime> _timeline = new();
    private readonly Dictionary<string, List<BatchJob>> _dependents = new(StringComparer.Ordinal);
    private readonly Stopwatch _bucketClock = Stopwatch.StartNew();
    private double _tokens;
    private double _lastRefill;

    public BatchWorld(string account, string region)
    {
        Account = account;
        Region = region;
        // As terraform/batch.tf and multinode.tf make them: each environment one architecture (x86_64 here, as the
        // queues' environments must share one), the multi-node one with its own EFA launch template and a cluster
        // placement group, second in the On-Demand queue.
        AddComputeEnvironment("geoschem-spot-ce", "SPOT", 1024, ["c7i.4xlarge", "c7i.8xlarge", "c7i.16xlarge", "c7i.24xlarge", "c7i.48xlarge"]);
        AddComputeEnvironment("geoschem-ondemand-ce", "EC2", 1024, ["c7i.4xlarge", "c7i.8xlarge", "c7i.16xlarge", "c7i.24xlarge", "c7i.48xlarge"]);
        AddComputeEnvironment("geoschem-multinode-ce", "EC2", 1024, ["hpc7a.96xlarge"], LaunchTemplateRecord.MultiNodeId, "geoschem-multinode");
        AddQueue("geoschem-spot", 10, ["geoschem-spot-ce"], new() { ["geoschem:fallback-queue"] = "geoschem-ondemand" });
        AddQueue("geoschem-ondemand", 5, ["geoschem-ondemand-ce", "geoschem-multinode-ce"], []);
        // Graviton in its own environment and queue, as the platform's terraform keeps one architecture per environment.
        AddComputeEnvironment("geoschem-arm64-ce", "EC2", 1024, ["c7g.4xlarge", "c7g.8xlarge", "c7g.16xlarge"]);
        AddQueue("geoschem-arm64", 5, ["geoschem-arm64-ce"], []);
        _tokens = SubmitRatePerSecond;
    }

    public string Account { get; }
    public string Region { get; }
    public Dictionary<string, ComputeEnvironmentRecord> ComputeEnvironments { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JobQueueRecord> Queues { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<JobDefinitionRecord>> Definitions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BatchJob> Jobs { get; } = new(StringComparer.Ordinal);
    public List<BatchJob> TopLevel { get; } = [];
    public Dictionary<string, (string InstanceId, string InstanceType)> ContainerInstances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (BatchJob Job, BatchAttempt Attempt)> LogStreams { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The newest restart file written under each restart prefix, as simulation time: what the emulated container
    /// "synced to S3". An attempt that starts where one exists resumes from it, as the restart contract says.
    /// </summary>
    public Dictionary<string, DateTime> NewestRestart { get; } = new(StringComparer.Ordinal);

    public BatchTimings Timings { get; set; } = new();
    public List<JobScenario> Scenarios { get; set; } = [];
    /// <summary>SubmitJob calls per second before TooManyRequestsException (AWS's published SubmitJob rate is 50).</summary>
    public double SubmitRatePerSecond { get; set; } = 50;

    private string Arn(string kind, string name) => $"arn:aws:batch:{Region}:{Account}:{kind}/{name}";

    public void AddComputeEnvironment(string name, string type, int maxVCpus, string[] instanceTypes,
        string launchTemplateId = LaunchTemplateRecord.BatchId, string? placementGroup = null) =>
        ComputeEnvironments[name] = new ComputeEnvironmentRecord(name, Arn("compute-environment", name), type, maxVCpus, instanceTypes,
            $"arn:aws:ecs:{Region}:{Account}:cluster/{name}_Batch_{Math.Abs(name.GetHashCode(StringComparison.Ordinal)):x8}", launchTemplateId, placementGroup);

    public void AddQueue(string name, int priority, string[] environments, Dictionary<string, string> tags) =>
        Queues[name] = new JobQueueRecord(name, Arn("job-queue", name), priority, environments, tags);

    public JobQueueRecord? FindQueue(string nameOrArn) =>
        Queues.GetValueOrDefault(nameOrArn) ?? Queues.Values.FirstOrDefault(q => q.Arn == nameOrArn);

    public ComputeEnvironmentRecord FirstEnvironment(JobQueueRecord queue) => ComputeEnvironments[queue.ComputeEnvironments[0]];

    /// <summary>The queue's first environment (in order) that offers the instance type, its family, or any type when none is named.</summary>
    public ComputeEnvironmentRecord EnvironmentFor(JobQueueRecord queue, string? instanceType) =>
        queue.ComputeEnvironments.Select(n => ComputeEnvironments[n])
            .FirstOrDefault(e => instanceType is null || e.InstanceTypes.Any(t => t == instanceType || t == instanceType.Split('.')[0]))
        ?? FirstEnvironment(queue);

    /// <summary>True when a SubmitJob may go through now; a token bucket refilled in real time.</summary>
    public bool TryTakeSubmitToken()
    {
        var now = _bucketClock.Elapsed.TotalSeconds;
        _tokens = Math.Min(SubmitRatePerSecond, _tokens + (now - _lastRefill) * SubmitRatePerSecond);
        _lastRefill = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    public JobDefinitionRecord Register(string name, string type, JsonObject body)
    {
        var revisions = Definitions.TryGetValue(name, out var list) ? list : Definitions[name] = [];
        var revision = revisions.Count + 1;
        var record = new JobDefinitionRecord(name, revision, Arn("job-definition", $"{name}:{revision}"), type, body);
        revisions.Add(record);
        return record;
    }

    /// <summary>A definition by name (latest active revision), name:revision, or ARN.</summary>
    public JobDefinitionRecord? FindDefinition(string reference)
    {
        var all = Definitions.Values.SelectMany(v => v);
        if (reference.StartsWith("arn:", StringComparison.Ordinal)) return all.FirstOrDefault(d => d.Arn == reference);
        var colon = reference.LastIndexOf(':');
        if (colon > 0 && int.TryParse(reference[(colon + 1)..], out var revision))
        {
            return all.FirstOrDefault(d => d.Name == reference[..colon] && d.Revision == revision);
        }
        return Definitions.TryGetValue(reference, out var revisions) ? revisions.LastOrDefault(d => d.Status == "ACTIVE") : null;
    }

    public JobScenario ScenarioFor(string jobName) =>
        Scenarios.FirstOrDefault(s => Glob.Matches(s.NamePattern, jobName)) ?? new JobScenario();

    public BatchJob Submit(BatchJob job)
    {
        Add(job);
        if (job.IsArrayParent)
        {
            for (var i = 0; i < job.ArraySize; i++)
            {
                var deps = new List<(string, string?)>();
                foreach (var (depId, type) in job.DependsOn)
                {
                    if (type == "N_TO_N") deps.Add(($"{depId}:{i}", null));
                    else deps.Add((depId, null));
                }
                if (job.DependsOn.Any(d => d.JobId == "" && d.Type == "SEQUENTIAL") && i > 0) deps.Add(($"{job.JobId}:{i - 1}", null));
                var child = Child(job, i, deps);
                job.Children.Add(child);
                Add(child);
            }
        }
        else if (job.IsMultiNodeParent)
        {
            for (var n = 0; n < job.NumNodes; n++)
            {
                var node = new BatchJob
                {
                    JobId = $"{job.JobId}#{n}", JobName = job.JobName, JobQueueArn = job.JobQueueArn, Definition = job.Definition,
                    CreatedAt = job.CreatedAt, Scenario = job.Scenario, Parent = job, NodeIndex = n, NumNodes = job.NumNodes, IsMainNode = n == 0,
                    Tags = job.Tags, Parameters = job.Parameters,
                };
                job.Children.Add(node);
                Jobs[node.JobId] = node;
            }
        }
        return job;
    }

    /// <summary>Adds a job as it stands, outside the state machine (for seeding large listings).</summary>
    public void AddAsIs(BatchJob job)
    {
        Jobs[job.JobId] = job;
        TopLevel.Add(job);
    }

    private static BatchJob Child(BatchJob parent, int index, List<(string, string?)> deps) => new()
    {
        JobId = $"{parent.JobId}:{index}", ArrayIndex = index, JobName = parent.JobName, JobQueueArn = parent.JobQueueArn, Definition = parent.Definition, CreatedAt = parent.CreatedAt,
        Scenario = parent.Scenario, Parameters = parent.Parameters, Tags = parent.Tags, ContainerOverrides = parent.ContainerOverrides,
        DependsOn = deps, RetryAttempts = parent.RetryAttempts, RetryRules = parent.RetryRules, TimeoutSeconds = parent.TimeoutSeconds,
        ArraySize = parent.ArraySize, Parent = parent,
    };

    private void Add(BatchJob job)
    {
        Jobs[job.JobId] = job;
        if (job.IsTopLevel) TopLevel.Add(job);
        foreach (var (depId, _) in job.DependsOn.Where(d => d.JobId != ""))
        {
            (_dependents.TryGetValue(depId, out var list) ? list : _dependents[depId] = []).Add(job);
        }
        Schedule(job, job.CreatedAt.AddSeconds(Timings.SubmittedSeconds));
    }

    private void Schedule(BatchJob job, DateTime at)
    {
        job.NextTransitionAt = at;
        _timeline.Enqueue(job, at);
    }

    /// <summary>Moves every job whose next step is due by <paramref name="now"/>.</summary>
    public void Advance(DateTime now)
    {
        while (_timeline.TryPeek(out var job, out var at) && at <= now)
        {
            _timeline.Dequeue();
            if (job.NextTransitionAt != at || job.IsFinished) continue; // superseded
            job.NextTransitionAt = null;
            Step(job, at);
        }
    }

    private void Step(BatchJob job, DateTime at)
    {
        switch (job.Status)
        {
            case "SUBMITTED":
                job.Status = "PENDING";
                if (job.IsArrayParent) return; // finishes when its children do
                TryRelease(job, at);
                return;
            case "RUNNABLE":
                StartAttempt(job, at);
                return;
            case "STARTING":
                job.Status = "RUNNING";
                job.CurrentAttempt!.StartedAt = at;
                if (BatchLogs.Simulation(job) is { Prefix: { } prefix } && NewestRestart.TryGetValue(prefix, out var restart)) job.CurrentAttempt.ResumedFrom = restart;
                job.StartedAt ??= at;
                Mirror(job);
                var run = job.Scenario.RunSeconds ?? Timings.RunningSeconds;
                var reclaim = job.ReclaimsSoFar < job.Scenario.SpotReclaims && IsSpot(job);
                var end = reclaim ? run / 2 : run;
                if (job.TimeoutSeconds is { } limit && limit < end) end = limit;
                Schedule(job, at.AddSeconds(end));
                return;
            case "RUNNING":
                EndAttempt(job, at);
                return;
        }
    }

    private bool IsSpot(BatchJob job) =>
        Queues.Values.FirstOrDefault(q => q.Arn == job.JobQueueArn) is { } queue && FirstEnvironment(queue).Type == "SPOT";

    private void TryRelease(BatchJob job, DateTime at)
    {
        var deps = job.DependsOn.Where(d => d.JobId != "").Select(d => Jobs.GetValueOrDefault(d.JobId)).ToList();
        if (deps.Any(d => d?.Status == "FAILED"))
        {
            Finish(job, at, "FAILED", "Dependent Job failed");
            return;
        }
        if (deps.All(d => d is null || d.Status == "SUCCEEDED"))
        {
            job.Status = "RUNNABLE";
            Schedule(job, at.AddSeconds(Timings.RunnableSeconds));
        }
    }

    private void StartAttempt(BatchJob job, DateTime at)
    {
        var queue = Queues.Values.First(q => q.Arn == job.JobQueueArn);
        var environment = EnvironmentFor(queue, job.Definition.InstanceType);
        var instanceType = job.Definition.InstanceType ?? PickInstanceType(environment, job.VCpus);
        var instanceId = $"i-{Guid.NewGuid():N}"[..19];
        var containerInstance = $"arn:aws:ecs:{Region}:{Account}:container-instance/{environment.Name}/{Guid.NewGuid():N}";
        ContainerInstances[containerInstance] = (instanceId, instanceType);
        var task = $"{Guid.NewGuid():N}";
        var attempt = new BatchAttempt
        {
            Number = job.Attempts.Count + 1,
            InstanceType = instanceType,
            ContainerInstanceArn = containerInstance,
            TaskArn = $"arn:aws:ecs:{Region}:{Account}:task/{environment.Name}/{task}",
            LogStreamName = $"{job.Definition.Name}/default/{task}",
        };
        job.Attempts.Add(attempt);
        LogStreams[attempt.LogStreamName] = (job, attempt);
        job.Status = "STARTING";
        Mirror(job);
        Schedule(job, at.AddSeconds(Timings.StartingSeconds));
    }

    private static string PickInstanceType(ComputeEnvironmentRecord environment, int vcpus) =>
        environment.InstanceTypes.FirstOrDefault(t => InstanceTypeData.All.TryGetValue(t, out var row) && row.VCpus >= vcpus)
        ?? environment.InstanceTypes[^1];

    private void EndAttempt(BatchJob job, DateTime at, string? forcedReason = null, bool reclaimNow = false)
    {
        var attempt = job.CurrentAttempt!;
        attempt.StartedAt ??= at;
        attempt.StoppedAt = at;
        var run = job.Scenario.RunSeconds ?? Timings.RunningSeconds;
        var ranFor = (at - attempt.StartedAt.Value).TotalSeconds;
        var reclaimed = reclaimNow || (forcedReason is null && job.ReclaimsSoFar < job.Scenario.SpotReclaims && IsSpot(job) && ranFor < run - 1e-6
                                       && !(job.TimeoutSeconds is { } t && ranFor >= t));
        if (forcedReason is not null)
        {
            attempt.StatusReason = forcedReason;
            attempt.Reason = forcedReason;
        }
        else if (reclaimed)
        {
            job.ReclaimsSoFar++;
            attempt.StatusReason = $"Host EC2 (instance {ContainerInstances[attempt.ContainerInstanceArn].InstanceId}) terminated.";
        }
        else if (job.TimeoutSeconds is { } limit && ranFor >= limit && limit < run)
        {
            attempt.StatusReason = "Job attempt duration exceeded timeout";
        }
        else
        {
            attempt.ExitCode = job.Scenario.ExitCode;
            attempt.StatusReason = "Essential container in task exited";
        }

        RecordRestarts(job, attempt, ranFor / run);

        if (attempt.ExitCode == 0)
        {
            Finish(job, at, "SUCCEEDED", attempt.StatusReason);
        }
        else if (forcedReason is null && job.Attempts.Count < job.RetryAttempts && RetryDecision(job.RetryRules, attempt) == "RETRY")
        {
            job.Status = "RUNNABLE";
            Mirror(job);
            Schedule(job, at.AddSeconds(Timings.RunnableSeconds));
        }
        else
        {
            Finish(job, at, "FAILED", attempt.StatusReason);
        }
    }

    /// <summary>Daily restart files up to how far the attempt got.</summary>
    private void RecordRestarts(BatchJob job, BatchAttempt attempt, double fractionRun)
    {
        if (BatchLogs.Simulation(job) is not { Prefix: { } prefix } sim) return;
        var from = attempt.ResumedFrom ?? sim.Start;
        var reached = from.AddTicks((long)((sim.End - from).Ticks * Math.Clamp(fractionRun, 0, 1))).Date;
        if (reached > from && (!NewestRestart.TryGetValue(prefix, out var known) || reached > known)) NewestRestart[prefix] = reached;
    }

    /// <summary>Batch's rule: the first evaluateOnExit entry whose given patterns all match decides; none matching means retry.</summary>
    public static string RetryDecision(IReadOnlyList<RetryRule> rules, BatchAttempt attempt)
    {
        foreach (var rule in rules)
        {
            if (rule.OnStatusReason is { } sr && !Glob.Matches(sr, attempt.StatusReason ?? "")) continue;
            if (rule.OnReason is { } r && !Glob.Matches(r, attempt.Reason ?? "")) continue;
            if (rule.OnExitCode is { } ec && !Glob.Matches(ec, attempt.ExitCode?.ToString() ?? "")) continue;
            return rule.Action.ToUpperInvariant();
        }
        return "RETRY";
    }

    private void Finish(BatchJob job, DateTime at, string status, string? reason)
    {
        job.Status = status;
        job.StatusReason = reason;
        job.StoppedAt = at;
        job.NextTransitionAt = null;
        Mirror(job);
        if (job.Parent is { IsArrayParent: true } parent && parent.Children.All(c => c.IsFinished))
        {
            parent.StartedAt = parent.Children.Min(c => c.StartedAt);
            var failed = parent.Children.Count(c => c.Status == "FAILED");
            Finish(parent, at, failed == 0 ? "SUCCEEDED" : "FAILED", failed == 0 ? null : $"{failed} of {parent.Children.Count} child jobs failed");
        }
        if (_dependents.TryGetValue(job.JobId, out var waiting))
        {
            foreach (var dependent in waiting.Where(d => d.Status == "PENDING")) TryRelease(dependent, at);
        }
    }

    /// <summary>The nodes of a multi-node job follow its main node.</summary>
    private static void Mirror(BatchJob job)
    {
        if (!job.IsMultiNodeParent) return;
        foreach (var node in job.Children)
        {
            node.Status = job.Status;
            node.StatusReason = job.StatusReason;
            node.StartedAt = job.StartedAt;
            node.StoppedAt = job.StoppedAt;
        }
    }

    public void Cancel(BatchJob job, string reason, DateTime now)
    {
        if (job.Status is "SUBMITTED" or "PENDING" or "RUNNABLE")
        {
            foreach (var child in job.Children.Where(c => !c.IsFinished)) Cancel(child, reason, now);
            if (!job.IsFinished) Finish(job, now, "FAILED", reason);
        }
    }

    public void Terminate(BatchJob job, string reason, DateTime now)
    {
        foreach (var child in job.Children.Where(c => !c.IsFinished && !c.JobId.Contains('#'))) Terminate(child, reason, now);
        if (job.IsFinished) return;
        if (job.Status is "STARTING" or "RUNNING") EndAttempt(job, now, reason);
        else Finish(job, now, "FAILED", reason);
    }

    /// <summary>Ends the running attempt of a job as a Spot reclaim would (for tests).</summary>
    public bool Reclaim(BatchJob job, DateTime now)
    {
        if (job.Status != "RUNNING") return false;
        EndAttempt(job, now, reclaimNow: true);
        return true;
    }
}

/// <summary>Batch's glob: '*' matches any run of characters; matching ignores case.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string text)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
    }
}
