using System.Management.Automation;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Wait, "GcBatchJob")]
[OutputType(typeof(GcBatchJob))]
public sealed class WaitGcBatchJobCommand : GcWaitingCmdlet
{
    private readonly List<(string Region, string JobId)> _jobs = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    protected override void ProcessRecord()
    {
        var region = Context.Region;
        foreach (var id in ValidIds(JobId)) _jobs.Add((region, id));
    }

    protected override void EndProcessing()
    {
        foreach (var group in _jobs.GroupBy(j => j.Region))
        {
            WaitFor(ContextFor(group.Key), [.. group.Select(j => j.JobId).Distinct(StringComparer.Ordinal)], Timeout, "Waiting for GEOS-Chem jobs");
        }
    }

    protected override string StopAdvice()
    {
        var ids = Waiting.Count > 0 ? Waiting : _jobs.Select(j => j.JobId).ToList();
        return ids.Count == 0 ? "" : $"The {ids.Count} job(s) keep running. To stop them: Stop-GcBatchJob -JobId {string.Join(",", ids.Take(5))}{(ids.Count > 5 ? ",..." : "")}";
    }
}
