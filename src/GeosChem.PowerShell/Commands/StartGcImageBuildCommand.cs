using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Builds a GEOS-Chem image on a short-lived EC2 builder driven by SSM and pushes it to ECR. With -Wait, follows the build
/// and terminates the builder however the build ends (success, failure, timeout, Ctrl+C); without, returns once the
/// build runs, and the builder powers itself off when its script ends.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "GcImageBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GcImageBuild))]
public sealed class StartGcImageBuildCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageModelCompleter))]
    public string Model { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageArchitectureCompleter))]
    public string? Architecture { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageCompilerCompleter))]
    public string? Compiler { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageMpiCompleter))]
    public string? Mpi { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageVersionCompleter))]
    public string? Version { get; set; }

    [Parameter]
    public string? SubnetId { get; set; }

    [Parameter]
    public string[]? SecurityGroupId { get; set; }

    [Parameter]
    public string? InstanceProfile { get; set; }

    [Parameter]
    public string? ArtifactBucket { get; set; }

    [Parameter]
    public string? Repository { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string? BuilderInstanceType { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(3);

    /// <summary>An id of your own (gcb-...), so that repeating a launch that failed half-way does not start a second builder.</summary>
    [Parameter]
    public string? BuildId { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    public SwitchParameter AllowUnsupported { get; set; }

    /// <summary>The configuration whose deployed subnet, security groups, instance profile, bucket, repository and region apply; default: the per-user configuration.</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    private PlatformConfiguration? _platform;

    protected override void BeginProcessing() => _platform = PlatformConfiguration.From(new ConfigurationFile(this, ConfigurationPath).LoadIfPresent(this));

    protected override void ProcessRecord()
    {
        ImageVariant variant;
        BuildSettings settings;
        try
        {
            variant = VariantMapper.Resolve(ImageVariantCatalog.Default, Model, Architecture, Compiler, Mpi, Version);
            if (!variant.Supported && !AllowUnsupported)
            {
                throw new GcException(ErrorIds.ImageVariantUnsupported, GcErrorKind.InvalidOperation,
                    $"{variant.Tag} is outside what GEOS-Chem supports: {variant.Notes}", "Choose a supported variant (Get-GcImageVariant), or add -AllowUnsupported to build it for testing.", variant.Tag);
            }
            if (Timeout < TimeSpan.FromMinutes(10))
            {
                throw new GcException(ErrorIds.BuildTimeoutTooShort, GcErrorKind.InvalidArgument, $"-Timeout {Timeout} is too short for an image build.",
                    "Builds take 30-120 minutes; give at least '00:10:00', typically '03:00:00'.", Timeout);
            }
            settings = BuildSettings.Resolve(_platform, SubnetId, SecurityGroupId, InstanceProfile, ArtifactBucket, Repository)
                with { Timeout = Timeout, BuilderInstanceType = BuilderInstanceType };
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: Model);
            return;
        }

        var context = Context;
        var buildId = BuildId ?? ImageBuildService.NewBuildId();
        if (!ShouldProcess($"{variant.Tag} in {context.Region}", $"Launch a {settings.BuilderInstanceType ?? variant.BuilderInstanceType} builder ({buildId}) and build"))
        {
            return;
        }
        var builds = new ImageBuilds(this, PollInterval);
        var service = builds.ServiceFor(context);
        GcImageBuild? build = null;
        var handedOff = false;
        try
        {
            build = Run(ct => service.LaunchAsync(variant, settings, buildId, builds, ct));
            Run(ct => service.SendBuildAsync(build, variant, settings, builds, ct));
            if (!Wait)
            {
                handedOff = true;
                WriteVerbose($"Build {buildId} runs on {build.InstanceId}; follow it with Wait-GcImageBuild -BuildId {buildId}. The builder powers itself off when the build ends.");
            }
            else
            {
                Run(ct => service.FollowAsync(build, PollInterval, settings.Timeout, builds, ct));
            }
        }
        catch (GcException ex)
        {
            if (build is not null) build.Status = ImageBuildStatus.Failed;
            WriteItemError(ex, buildId, awsFailureId: ErrorIds.ImageBuildStartFailed);
        }
        finally
        {
            if (!handedOff) CleanUp(service, buildId, build);
        }
        if (build is null) return;
        builds.CompleteProgress(build);
        WriteObject(build);
        if (ImageBuildStatus.IsFailure(build.Status)) WriteError(ErrorRecords.From(GcErrors.ImageBuildFailed(build), target: build));
    }

    /// <summary>Terminates the builder: the one launched, or, when the launch's answer was lost, any carrying the build id.</summary>
    private void CleanUp(ImageBuildService service, string buildId, GcImageBuild? build)
    {
        if (build is { InstanceId.Length: > 0 })
        {
            ImageBuilds.TerminateRegardless(service, build);
            return;
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            foreach (var orphan in service.FindAsync(buildId, deadline.Token).GetAwaiter().GetResult()) ImageBuilds.TerminateRegardless(service, orphan);
        }
        catch (Exception ex) when (ex is GcException or OperationCanceledException)
        {
            // Nothing found or nothing reachable: the builder's own shutdown timer remains.
        }
    }
}
