using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Image builds for a cmdlet: the build service for a region, a progress bar per build fed by its steps, and the
/// build's output written as host information (shown like Write-Host, capturable with 6>).
/// </summary>
/// <param name="pollEvery">How often the cmdlet polls (its -PollInterval, else 15 s).</param>
internal sealed class ImageBuilds(GcAwsCmdlet cmdlet, TimeSpan pollEvery) : IBuildObserver
{
    private readonly Dictionary<string, int> _progressIds = new(StringComparer.Ordinal);

    public ImageBuilds(GcAwsCmdlet cmdlet) : this(cmdlet, TimeSpan.FromSeconds(15)) { }

    public ImageBuildService ServiceFor(AwsContext context) =>
        // The SSM agent is polled at most every 10 s, sooner when the caller polls faster.
        new(cmdlet.Aws.Builder(context), cmdlet.Aws.Ecr(context), context.Region, () => DateTime.UtcNow)
        {
            AgentPoll = pollEvery < TimeSpan.FromSeconds(10) ? pollEvery : TimeSpan.FromSeconds(10),
        };

    void IBuildObserver.Step(GcImageBuild build, int step, int total, string text) => cmdlet.Bridge.Post(() =>
    {
        if (!_progressIds.TryGetValue(build.BuildId, out var id)) _progressIds[build.BuildId] = id = 10 + _progressIds.Count;
        cmdlet.WriteProgress(new ProgressRecord(id, $"Building {build.Variant} ({build.BuildId})", step == 0 ? text : $"step {step} of {total}: {text}")
        {
            PercentComplete = total == 0 ? 0 : Math.Clamp(100 * step / total, 0, 100),
        });
    });

    void IBuildObserver.Output(GcImageBuild build, string line) => cmdlet.Bridge.Post(() =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = $"[{build.BuildId}] {line}", NoNewLine = false }, ["GcBuildOutput", "PSHOST"]));

    void IBuildObserver.Note(string message) => cmdlet.Bridge.Post(() => cmdlet.WriteVerbose(message));
    void IBuildObserver.Warn(string message) => cmdlet.Bridge.Post(() => cmdlet.WriteWarning(message));

    public void CompleteProgress(GcImageBuild build)
    {
        if (_progressIds.TryGetValue(build.BuildId, out var id))
        {
            cmdlet.WriteProgress(new ProgressRecord(id, $"Building {build.Variant} ({build.BuildId})", build.Status) { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>
    /// Terminates a builder on the way out, even when Ctrl+C has already cancelled the command's own token: a fresh
    /// token with its own deadline, and nothing written to the (possibly stopped) pipeline.
    /// </summary>
    public static void TerminateRegardless(ImageBuildService service, GcImageBuild build)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            service.TerminateAsync(build, deadline.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is Errors.GcException or OperationCanceledException)
        {
            // The shutdown timer in the builder's user data still ends it.
        }
    }
}
