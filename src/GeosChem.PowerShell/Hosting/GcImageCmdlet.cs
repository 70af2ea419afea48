using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Ecr;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of the image build cmdlets: the build service for a region, a progress bar per build fed by its steps, and the
/// build's output written as host information (shown like Write-Host, capturable with 6>).
/// </summary>
public abstract class GcImageCmdlet : GcAwsCmdlet, IBuildObserver
{
    /// <summary>How often the command polls; the cmdlets that follow builds take it as -PollInterval.</summary>
    private protected virtual TimeSpan PollEvery => TimeSpan.FromSeconds(15);

    private protected ImageBuildService BuildServiceFor(AwsContext context)
    {
        var cloud = new BuilderGateway(context, Own(SdkClients.Ec2(context)), Own(SdkClients.Ssm(context)), Own(SdkClients.S3(context)));
        // The SSM agent is polled at most every 10 s, sooner when the caller polls faster.
        return new ImageBuildService(cloud, CreateEcrClient(context), context.Region, () => DateTime.UtcNow)
        {
            AgentPoll = PollEvery < TimeSpan.FromSeconds(10) ? PollEvery : TimeSpan.FromSeconds(10),
        };
    }

    private protected EcrClient CreateEcrClient(AwsContext context) => new(Own(NewProtocolClient(AwsServiceDescriptor.Ecr, context, AwsJson.CamelCase)));

    private readonly Dictionary<string, int> _progressIds = new(StringComparer.Ordinal);

    void IBuildObserver.Step(GcImageBuild build, int step, int total, string text) => Bridge.Post(() =>
    {
        if (!_progressIds.TryGetValue(build.BuildId, out var id)) _progressIds[build.BuildId] = id = 10 + _progressIds.Count;
        WriteProgress(new ProgressRecord(id, $"Building {build.Variant} ({build.BuildId})", step == 0 ? text : $"step {step} of {total}: {text}")
        {
            PercentComplete = total == 0 ? 0 : Math.Clamp(100 * step / total, 0, 100),
        });
    });

    void IBuildObserver.Output(GcImageBuild build, string line) => Bridge.Post(() =>
        WriteInformation(new HostInformationMessage { Message = $"[{build.BuildId}] {line}", NoNewLine = false }, ["GcBuildOutput", "PSHOST"]));

    void IBuildObserver.Note(string message) => Bridge.Post(() => WriteVerbose(message));

    private protected void CompleteProgress(GcImageBuild build)
    {
        if (_progressIds.TryGetValue(build.BuildId, out var id))
        {
            WriteProgress(new ProgressRecord(id, $"Building {build.Variant} ({build.BuildId})", build.Status) { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>
    /// Terminates a builder on the way out, even when Ctrl+C has already cancelled the command's own token: a fresh
    /// token with its own deadline, and nothing written to the (possibly stopped) pipeline.
    /// </summary>
    private protected static void TerminateRegardless(ImageBuildService service, GcImageBuild build)
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
