using System.Management.Automation;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Follows jobs to their end. It acts on one thing: a Spot job reclaimed its allowed number of times that asked to fall
/// back is resubmitted On-Demand, so the cmdlet supports -WhatIf (watch and say what it would resubmit) and -Confirm.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "GcBatchJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GcBatchJob))]
public sealed class WaitGcBatchJobCommand : GcAwsCmdlet
{
    private readonly List<(string Region, string JobId)> _jobs = [];
    private readonly JobWaiting _waiting;

    public WaitGcBatchJobCommand() => _waiting = new JobWaiting(this);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    protected override void ProcessRecord()
    {
        var region = Context.Region;
        foreach (var id in JobLookup.ValidIds(this, JobId)) _jobs.Add((region, id));
    }

    protected override void EndProcessing()
    {
        foreach (var group in _jobs.GroupBy(j => j.Region))
        {
            _waiting.WaitFor(Aws.ContextFor(group.Key), [.. group.Select(j => j.JobId).Distinct(StringComparer.Ordinal)], PollInterval, Timeout, "Waiting for GEOS-Chem jobs");
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        JobWaiting.AdviseOnStop(this, StopAdvice());
    }

    private string StopAdvice()
    {
        var ids = _waiting.Waiting.Count > 0 ? _waiting.Waiting : _jobs.Select(j => j.JobId).ToList();
        return ids.Count == 0 ? "" : $"The {ids.Count} job(s) keep running. To stop them: Stop-GcBatchJob -JobId {string.Join(",", ids.Take(5))}{(ids.Count > 5 ? ",..." : "")}";
    }
}
