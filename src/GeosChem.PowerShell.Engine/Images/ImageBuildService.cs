using System.Globalization;
using GeosChem.PowerShell.Aws.Ecr;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Images;

/// <summary>What a build reports while it runs: steps for the progress bar, output lines, notes.</summary>
internal interface IBuildObserver
{
    void Step(GcImageBuild build, int step, int total, string text);
    void Output(GcImageBuild build, string line);
    void Note(string message);
    void Warn(string message);
}

/// <summary>
/// Runs an image build on a short-lived EC2 builder: uploads the build context, launches the newest Rocky Linux 9 AMI
/// (IMDSv2 only, no key pair, a shutdown timer in its user data, ClientToken = build id), sends the build script with
/// SSM Run Command, follows it, and terminates the builder. Builds are found again by their instance tags.
/// </summary>
internal sealed class ImageBuildService(IBuilderCloud cloud, EcrClient ecr, string region, Func<DateTime> now)
{
    public const string BuildIdTag = "geoschem:build-id";
    public const string VariantTag = "geoschem:variant";
    public const string ImageTag = "geoschem:image-uri";
    public const string CommandTag = "geoschem:command-id";
    public const string LogTag = "geoschem:log-location";
    public const string StartedTag = "geoschem:started-at";
    public const string TimeoutTag = "geoschem:timeout-minutes";

    public TimeSpan AgentWait { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan AgentPoll { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long GetCommandInvocation may answer InvocationDoesNotExist for a command just sent.</summary>
    public TimeSpan InvocationGrace { get; init; } = TimeSpan.FromMinutes(2);

    public static string NewBuildId() => "gcb-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A build id goes into the builder's user data and SSM script, an S3 key, a ClientToken and tags: letters, digits
    /// and hyphens only (at most 64), checked before it reaches any of them.
    /// </summary>
    public static string ValidBuildId(string buildId) =>
        System.Text.RegularExpressions.Regex.IsMatch(buildId, "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$") ? buildId
            : throw new GcException(ErrorIds.ImageBuildIdInvalid, GcErrorKind.InvalidArgument,
                $"-BuildId '{buildId}' may only hold letters, digits and hyphens (at most 64, starting with a letter or digit).",
                "Leave -BuildId out to get a fresh one (gcb-...), or give one such as gcb-nightly-2026-11-27.", buildId);

    /// <summary>Uploads the context and launches the builder. The build id doubles as the launch's ClientToken.</summary>
    public async Task<GcImageBuild> LaunchAsync(ImageVariant variant, BuildSettings settings, string buildId, IBuildObserver observer, CancellationToken ct)
    {
        ValidBuildId(buildId);
        var (ssmAgent, awsCli) = BuilderDownloads.For(variant);
        foreach (var warning in SigningKeyCheck.Check([ssmAgent, awsCli], now().ToUniversalTime())) observer.Warn(warning);
        await CheckLatestSignerAsync(ssmAgent, variant, observer, ct).ConfigureAwait(false);
        var build = new GcImageBuild { BuildId = buildId, Variant = variant.Tag, Status = "Launching", Region = region, StartedAt = now() };
        observer.Step(build, 0, 6, "preparing: ECR repository, build context, AMI");
        var repository = await ecr.EnsureRepositoryAsync(settings.Repository, ct).ConfigureAwait(false);
        build.ImageUri = $"{repository.RepositoryUri}:{variant.Tag}";
        if (repository.ImageTagMutability == "IMMUTABLE")
        {
            // The push at the end of a 1-2 hour build would fail: say so before a builder is paid for.
            await foreach (var image in ecr.DescribeImagesAsync(repository.RepositoryName, ct).ConfigureAwait(false))
            {
                if (image.ImageTags?.Contains(variant.Tag) == true)
                {
                    throw new GcException(ErrorIds.ImageTagExists, GcErrorKind.ResourceExists,
                        $"{build.ImageUri} exists ({image.ImageDigest}) and repository '{repository.RepositoryName}' has immutable tags, so a rebuild could not push it.",
                        "Use the image you have (Get-GcImage), or delete that tag first if it must be rebuilt; no builder was launched.", buildId);
                }
            }
        }
        var prefix = $"geoschem-builds/{buildId}";
        build.LogLocation = $"s3://{settings.ArtifactBucket}/{prefix}/logs/";
        await cloud.PutObjectAsync(settings.ArtifactBucket, $"{prefix}/context.tar.gz", BuildContext.Pack(), ct).ConfigureAwait(false);
        var images = await cloud.DescribeImagesAsync(AmiSelector.RockyOwner, AmiSelector.NameFilter(variant), AmiSelector.Ec2Architecture(variant), ct).ConfigureAwait(false);
        var ami = AmiSelector.Choose(images, variant, region);
        observer.Note($"Builder AMI {ami.ImageId} ({ami.Name}, {ami.CreationDate:yyyy-MM-dd}).");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Name"] = $"geoschem-builder-{variant.Tag}",
            [BuildIdTag] = buildId,
            [VariantTag] = variant.Tag,
            [ImageTag] = build.ImageUri,
            [LogTag] = build.LogLocation,
            [StartedTag] = build.StartedAt!.Value.ToString("o", CultureInfo.InvariantCulture),
            [TimeoutTag] = ((int)settings.Timeout.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            ["geoschem:managed-by"] = "GeosChem.PowerShell",
        };
        build.InstanceId = await cloud.RunBuilderAsync(new BuilderLaunch(ami.ImageId, settings.BuilderInstanceType ?? variant.BuilderInstanceType,
            settings.SubnetId, settings.SecurityGroupIds, settings.InstanceProfile, BuilderScripts.UserData(variant, settings, buildId, region),
            buildId, settings.RootVolumeGiB, tags), ct).ConfigureAwait(false);
        build.InstanceState = "pending";
        observer.Note($"Launched builder {build.InstanceId} ({settings.BuilderInstanceType ?? variant.BuilderInstanceType}); it powers itself off after {settings.ShutdownAfter.TotalMinutes:0} minutes at the latest.");
        return build;
    }

    /// <summary>
    /// A download pinned by its signer rather than its version (the SSM agent's latest/ package) is checked against the
    /// signature AWS publishes today: AWS starts signing with a new key weeks before the old one expires, and the builder
    /// would then refuse the agent after it has been paid for. An unreadable signature is a warning: the builder checks anyway.
    /// </summary>
    private async Task CheckLatestSignerAsync(BuilderDownloads.PinnedRow row, ImageVariant variant, IBuildObserver observer, CancellationToken ct)
    {
        if (row.Version != "latest") return;
        var signatureUrl = new Uri(BuilderDownloads.Url(row, variant, region) + ".sig");
        var signature = await cloud.GetPublicObjectAsync(signatureUrl, ct).ConfigureAwait(false);
        if (signature is null)
        {
            observer.Warn($"Could not read {signatureUrl} to see which key signs today's {row.Name}; the builder checks its signature against the pinned key itself.");
            return;
        }
        OpenPgpSignature signer;
        try
        {
            signer = OpenPgpSignature.ReadDetached(signature);
        }
        catch (FormatException ex)
        {
            observer.Warn($"{signatureUrl} is not an OpenPGP signature ({ex.Message}); the builder checks the download itself.");
            return;
        }
        var pinned = OpenPgpKey.Read(BuilderDownloads.Keys([row])[row.Name]);
        if (pinned.Signed(signer)) return;
        throw new GcException(ErrorIds.SigningKeyRotated, GcErrorKind.ResourceUnavailable,
            $"Today's {row.Name} in {region} is signed by key {signer.Issuer}, not by the pinned key {pinned.Fingerprint}: the builder would refuse it (and, for the SSM agent, never register with SSM).",
            $"The publisher has rotated its key. Update GeosChem.PowerShell to a release that pins the new one; from a source clone, replace dockerfiles/scripts/keys/{row.Name}.asc and the row's pgp: fingerprint in dockerfiles/scripts/pinned-downloads.tsv with the key from the page the row cites, then rebuild. No builder was launched.",
            region);
    }

    /// <summary>Waits for the builder's SSM agent, then sends the build script. The build then runs on its own.</summary>
    public async Task SendBuildAsync(GcImageBuild build, ImageVariant variant, BuildSettings settings, IBuildObserver observer, CancellationToken ct)
    {
        var prefix = $"geoschem-builds/{build.BuildId}";
        var commands = BuilderScripts.BuildCommands(variant, region, $"s3://{settings.ArtifactBucket}/{prefix}/context.tar.gz", build.ImageUri,
            $"{build.LogLocation}podman-build.log");
        var comment = $"GeosChem.PowerShell build {build.BuildId} {variant.Tag}";
        var deadline = DateTime.UtcNow + AgentWait;
        observer.Step(build, 1, 6, "waiting for the builder's SSM agent");
        // A builder whose command was already sent (an earlier session, or an attempt whose answer was lost) keeps it.
        var commandId = await cloud.FindCommandAsync(build.InstanceId, comment, ct).ConfigureAwait(false);
        while (commandId is null)
        {
            try
            {
                commandId = await cloud.TrySendCommandAsync(build.InstanceId, commands, settings.Timeout, settings.ArtifactBucket, $"{prefix}/logs",
                    comment, ct).ConfigureAwait(false);
            }
            catch (AwsOutcomeUnknownException ex)
            {
                commandId = await ResolveUnknownSendAsync(build, comment, ex, ct).ConfigureAwait(false);
            }
            if (commandId is not null) break;
            if (DateTime.UtcNow > deadline)
            {
                throw new GcException(ErrorIds.BuilderNotManaged, GcErrorKind.OperationTimeout,
                    $"Builder {build.InstanceId} did not register with SSM within {AgentWait.TotalMinutes:0} minutes.",
                    "The builder needs outbound HTTPS (a NAT gateway or VPC endpoints for ssm, ssmmessages and ec2messages) and an instance profile with AmazonSSMManagedInstanceCore; it also refuses an SSM agent whose signature does not verify with the pinned key (the instance's console output says so). It has been terminated.", build.BuildId);
            }
            await Task.Delay(AgentPoll, ct).ConfigureAwait(false);
        }
        build.CommandId = commandId;
        build.Status = "Building";
        await cloud.TagAsync(build.InstanceId, new Dictionary<string, string> { [CommandTag] = commandId }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// SendCommand failed without a clear answer (a server error or a lost connection): it may have been run. SSM has no
    /// idempotency token, so it is never sent again; the command is looked for by its comment instead.
    /// </summary>
    private async Task<string> ResolveUnknownSendAsync(GcImageBuild build, string comment, AwsOutcomeUnknownException failure, CancellationToken ct)
    {
        for (var look = 0; look < 3; look++)
        {
            if (await cloud.FindCommandAsync(build.InstanceId, comment, ct).ConfigureAwait(false) is { } found) return found;
            await Task.Delay(AgentPoll, ct).ConfigureAwait(false);
        }
        throw new GcException(ErrorIds.BuildCommandUnknown, GcErrorKind.OperationTimeout,
            $"Sending the build script to {build.InstanceId} failed without an answer ({failure.Message}) and SSM does not list it.",
            "Sending it again could run the build twice, so this build stops and its builder is terminated. Run Start-GcImageBuild again.", build.BuildId);
    }

    /// <summary>Follows the build's output until it ends (or the timeout passes), reporting steps and new lines.</summary>
    public async Task FollowAsync(GcImageBuild build, TimeSpan poll, TimeSpan timeout, IBuildObserver observer, CancellationToken ct)
    {
        if (build.CommandId is null) throw new InvalidOperationException("The build has no command yet.");
        var printed = 0;
        var deadline = DateTime.UtcNow + timeout;
        var unknownSince = (DateTime?)null;
        while (true)
        {
            CommandState state;
            try
            {
                state = await cloud.GetInvocationAsync(build.CommandId, build.InstanceId, ct).ConfigureAwait(false);
                unknownSince = null;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "InvocationDoesNotExist")
            {
                // Right after SendCommand, SSM may not know the invocation yet (botocore's CommandExecuted waiter retries
                // on this error): it is pending, unless it stays unknown for longer than a fresh invocation ever does.
                unknownSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - unknownSince > InvocationGrace) throw;
                state = new CommandState("Pending", "", "", -1);
            }
            var lines = state.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines.Skip(printed))
            {
                if (BuilderScripts.ParseStep(line) is { } step)
                {
                    build.Step = step.Text;
                    observer.Step(build, step.Step, step.Total, step.Text);
                }
                if (line.Contains(BuilderScripts.ResultMarker, StringComparison.Ordinal) && line.LastIndexOf('@') is var at and > 0)
                {
                    build.ImageDigest = line[(at + 1)..].Trim();
                }
                observer.Output(build, line);
            }
            printed = Math.Max(printed, lines.Length);
            var status = StatusOf(state.Status);
            if (status is not null)
            {
                build.Status = status;
                build.FinishedAt = now();
                foreach (var line in state.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)) observer.Output(build, "stderr: " + line);
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                build.Status = "TimedOut";
                build.FinishedAt = now();
                return;
            }
            await Task.Delay(poll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Terminates the builder; a builder already gone is fine.</summary>
    public async Task TerminateAsync(GcImageBuild build, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(build.InstanceId)) return;
        try
        {
            await cloud.TerminateAsync(build.InstanceId, ct).ConfigureAwait(false);
            build.InstanceState = "shutting-down";
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "InvalidInstanceID.NotFound")
        {
            build.InstanceState = "terminated";
        }
    }

    /// <summary>Builds known from their builders' tags (EC2 shows terminated instances for about an hour).</summary>
    public async Task<IReadOnlyList<GcImageBuild>> FindAsync(string? buildId, CancellationToken ct)
    {
        var instances = await cloud.DescribeBuildersAsync(BuildIdTag, buildId, ct).ConfigureAwait(false);
        var builds = new List<GcImageBuild>();
        foreach (var i in instances.OrderBy(i => i.LaunchTime))
        {
            var t = i.Tags;
            var build = new GcImageBuild
            {
                BuildId = t.GetValueOrDefault(BuildIdTag, ""),
                Variant = t.GetValueOrDefault(VariantTag, ""),
                InstanceId = i.InstanceId,
                InstanceState = i.State,
                ImageUri = t.GetValueOrDefault(ImageTag, ""),
                LogLocation = t.GetValueOrDefault(LogTag, ""),
                CommandId = t.GetValueOrDefault(CommandTag),
                StartedAt = DateTime.TryParse(t.GetValueOrDefault(StartedTag), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s) ? s : i.LaunchTime,
                Region = region,
            };
            build.Status = await CurrentStatusAsync(build, ct).ConfigureAwait(false);
            builds.Add(build);
        }
        return builds;
    }

    private async Task<string> CurrentStatusAsync(GcImageBuild build, CancellationToken ct)
    {
        var gone = build.InstanceState is "shutting-down" or "terminated" or "stopping" or "stopped";
        if (build.CommandId is null) return gone ? "Cancelled" : "Launching";
        try
        {
            var state = await cloud.GetInvocationAsync(build.CommandId, build.InstanceId, ct).ConfigureAwait(false);
            var status = StatusOf(state.Status);
            if (status is null && gone) return "Lost";
            if (BuilderScripts.ParseStep(state.Output.Split('\n').LastOrDefault(l => l.Contains(BuilderScripts.StepMarker, StringComparison.Ordinal)) ?? "") is { } step)
            {
                build.Step = step.Text;
            }
            return status ?? "Building";
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "InvocationDoesNotExist" or "InvalidCommandId")
        {
            return gone ? "Lost" : "Building";
        }
    }

    /// <summary>An SSM invocation status as a build status; null while it runs.</summary>
    public static string? StatusOf(string invocationStatus) => invocationStatus switch
    {
        "Success" => "Succeeded",
        "Failed" => "Failed",
        "TimedOut" => "TimedOut",
        "Cancelled" or "Cancelling" => "Cancelled",
        "Pending" or "InProgress" or "Delayed" => null,
        _ => "Failed",
    };
}
