using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using GeosChem.AwsEmulator;
using GeosChem.AwsEmulator.Handlers;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Ecr;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Tests;

public sealed class ImageBuildTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly ImageVariantCatalog Catalog = ImageVariantCatalog.Default;
    private static ImageVariant Classic(string arch = "x86_64") => VariantMapper.Resolve(Catalog, "GCClassic", arch, "gnu12", null, null);

    private static readonly BuildSettings Settings = new()
    {
        SubnetId = "subnet-0abc", SecurityGroupIds = ["sg-0builder"], InstanceProfile = "geoschem-builder", ArtifactBucket = "gc-artifacts",
        Repository = "geoschem", Timeout = TimeSpan.FromHours(3),
    };

    [Fact]
    public void TagsFollowTheSchemeAreUniqueAndRoundTrip()
    {
        var pattern = new Regex(@"^(gcclassic|gchp)-\d+\.\d+\.\d+-(gnu1[234])-(none|openmpi4|mpich)-(x86_64|arm64)$");
        Assert.All(Catalog.Variants, v => Assert.Matches(pattern, v.Tag));
        Assert.Equal(Catalog.Variants.Count, Catalog.Variants.Select(v => v.Tag).Distinct().Count());
        Assert.Equal("gchp-14.7.1-gnu12-openmpi4-x86_64", VariantMapper.Resolve(Catalog, "GCHP", null, null, null, null).Tag); // the reference variant
        Assert.Equal("gcclassic-14.6.3-gnu12-none-arm64", Catalog.FromTag("gcclassic-14.6.3-gnu12-none-arm64")!.Tag);
        Assert.Null(Catalog.FromTag("gcclassic-9.9.9-gnu12-none-x86_64"));
        Assert.DoesNotContain(Catalog.Variants, v => v.Model == "GCClassic" && v.Mpi != "none"); // GCClassic is OpenMP only
        Assert.Contains(Catalog.Variants, v => v.Model == "GCHP" && v.Compiler == "gnu13" && !v.Supported); // GCHP documents GNU < 13
    }

    [Fact]
    public void EveryBuildArgumentIsDeclaredInTheVariantsDockerfile()
    {
        foreach (var variant in Catalog.Variants)
        {
            var declared = Regex.Matches(BuildContext.ReadText(variant.Dockerfile), @"^ARG ([A-Z0-9_]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.All(variant.BuildArguments.Keys, key => Assert.True(declared.Contains(key), $"{variant.Tag}: --build-arg {key} is not an ARG of {variant.Dockerfile}"));
        }
    }

    [Fact]
    public void TheBuildContextCarriesTheDockerfilesAndExecutableScripts()
    {
        using var archive = new GZipStream(new MemoryStream(BuildContext.Pack()), CompressionMode.Decompress);
        using var tar = new TarReader(archive);
        var entries = new Dictionary<string, UnixFileMode>();
        while (tar.GetNextEntry() is { } entry) entries[entry.Name] = entry.Mode;
        Assert.Contains("gcclassic/Dockerfile", entries.Keys);
        Assert.Contains("gchp/Dockerfile", entries.Keys);
        Assert.Contains("variants.json", entries.Keys);
        Assert.All(entries.Where(e => e.Key.EndsWith(".sh", StringComparison.Ordinal)), e => Assert.True(e.Value.HasFlag(UnixFileMode.UserExecute), e.Key));
        Assert.Contains("entrypoint/geoschem-entrypoint.sh", entries.Keys);
    }

    [Fact]
    public void TheNewestRockyNineBaseAmiOfRockysOwnAccountIsChosenForTheArchitecture()
    {
        var images = new List<AmiInfo>
        {
            new("ami-old", "Rocky-9-EC2-Base-9.4-20240523.0.x86_64", AmiSelector.RockyOwner, "x86_64", new DateTime(2024, 5, 23)),
            new("ami-new", "Rocky-9-EC2-Base-9.5-20241118.0.x86_64", AmiSelector.RockyOwner, "x86_64", new DateTime(2024, 11, 18)),
            new("ami-lvm", "Rocky-9-EC2-LVM-9.5-20241119.0.x86_64", AmiSelector.RockyOwner, "x86_64", new DateTime(2024, 11, 19)),
            new("ami-r8", "Rocky-8-EC2-Base-8.10-20250101.0.x86_64", AmiSelector.RockyOwner, "x86_64", new DateTime(2025, 1, 1)),
            new("ami-fake", "Rocky-9-EC2-Base-9.6-20250601.0.x86_64", "111122223333", "x86_64", new DateTime(2025, 6, 1)),
            new("ami-arm", "Rocky-9-EC2-Base-9.5-20241118.0.aarch64", AmiSelector.RockyOwner, "arm64", new DateTime(2024, 11, 18)),
        };
        Assert.Equal("ami-new", AmiSelector.Choose(images, Classic(), "us-east-1").ImageId);
        Assert.Equal("ami-arm", AmiSelector.Choose(images, Classic("arm64"), "us-east-1").ImageId);
        Assert.Equal("Rocky-9-EC2-Base-9.*.aarch64", AmiSelector.NameFilter(Classic("arm64")));
        Assert.Equal("GcBuilderAmiNotFound", Assert.Throws<Errors.GcException>(() => AmiSelector.Choose(images.Take(1), Classic("arm64"), "eu-west-1")).ErrorId);
    }

    [Fact]
    public void UserDataStartsWithTheShutdownTimerAndCarriesNoCredential()
    {
        var userData = BuilderScripts.UserData(Classic(), Settings, "gcb-000000000001", "us-east-1");
        var lines = userData.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        var timer = Array.FindIndex(lines, l => l.StartsWith("shutdown -h +", StringComparison.Ordinal));
        Assert.InRange(timer, 1, 5); // before anything that could fail
        Assert.Equal("shutdown -h +200", lines[timer]); // 3 h timeout + 20 min
        Assert.Contains("fetch_pinned amazon-ssm-agent ", userData); // pinned and verified: BuilderDownloadTests
        AssertNoSecrets(userData);
    }

    [ShellCheckFact]
    public void UserDataPassesShellCheck() => ShellCheck(BuilderScripts.UserData(Classic(), Settings, "gcb-000000000001", "us-east-1"));

    [Fact]
    public void TheBuildScriptBuildsPushesWithTheInstanceRoleAndShutsTheBuilderDownWhenItEnds()
    {
        var script = string.Join('\n', BuildCommands());
        Assert.Contains("trap 'shutdown -h +2' EXIT", script);
        Assert.Contains("--file gchp/Dockerfile", script);
        Assert.Contains("--build-arg MPI='openmpi4'", script);
        Assert.Contains("--build-arg MARCH='x86-64-v3'", script);
        Assert.Contains("aws ecr get-login-password --region us-east-1 | podman login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com", script);
        Assert.Equal(6, script.Split('\n').Count(l => BuilderScripts.ParseStep(l.Replace("echo \"", "")) is not null));
        AssertNoSecrets(script);
    }

    [ShellCheckFact]
    public void TheBuildScriptPassesShellCheck() => ShellCheck(string.Join('\n', BuildCommands()));

    [Fact]
    public void StepLinesAreParsed()
    {
        Assert.Equal((3, 6, "building x"), BuilderScripts.ParseStep("##[gc-step] 3/6 building x"));
        Assert.Null(BuilderScripts.ParseStep("STEP 3/40: RUN make"));
        Assert.Null(BuilderScripts.ParseStep("##[gc-step] three of six"));
    }

    private static IEnumerable<string> BuildCommands()
    {
        var variant = VariantMapper.Resolve(Catalog, "GCHP", null, null, null, null);
        return BuilderScripts.BuildCommands(variant, "us-east-1", "s3://gc-artifacts/geoschem-builds/gcb-1/context.tar.gz",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:" + variant.Tag, "s3://gc-artifacts/geoschem-builds/gcb-1/logs/podman-build.log");
    }

    private static void AssertNoSecrets(string text)
    {
        Assert.DoesNotMatch(new Regex("AKIA[0-9A-Z]{16}"), text);
        Assert.DoesNotContain(EmulatorCredentials.Default.SecretAccessKey, text);
        Assert.DoesNotMatch(new Regex(@"(?i)aws_secret_access_key|aws_session_token|--password(?!-stdin)"), text);
    }

    private static void ShellCheck(string script)
    {
        var shellcheck = ShellCheckFactAttribute.Path ?? throw new InvalidOperationException("Only [ShellCheckFact] tests call ShellCheck.");
        var file = Path.Combine(Path.GetTempPath(), $"gc-build-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(shellcheck, [file]) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private (ImageBuildService Service, AwsContext Context) Service(Func<DateTime>? now = null)
    {
        var context = TestContexts.For(fixture.Emulator);
        var cloud = new BuilderGateway(context, SdkClients.Ec2(context), SdkClients.Ssm(context), SdkClients.S3(context));
        var ecr = new EcrClient(new AwsProtocolClient(AwsServiceDescriptor.Ecr, context, AwsJson.CamelCase));
        return (new ImageBuildService(cloud, ecr, "us-east-1", now ?? (() => DateTime.UtcNow)) { AgentPoll = TimeSpan.FromMilliseconds(20) }, context);
    }

    private sealed class Recorder : IBuildObserver
    {
        public List<(int Step, string Text)> Steps { get; } = [];
        public List<string> Lines { get; } = [];
        public void Step(GcImageBuild build, int step, int total, string text) { lock (Steps) Steps.Add((step, text)); }
        public void Output(GcImageBuild build, string line) { lock (Lines) Lines.Add(line); }
        public List<string> Warnings { get; } = [];
        public void Note(string message) { }
        public void Warn(string message) { lock (Warnings) Warnings.Add(message); }
    }

    private RegionState Region => fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1");

    [Fact]
    public async Task ABuildLaunchesAHardenedBuilderRunsToSuccessAndLandsTheImage()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.5 };
        var (service, _) = Service();
        var recorder = new Recorder();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-success00001", recorder, default);
        await service.SendBuildAsync(build, Classic(), Settings, recorder, default);
        await service.FollowAsync(build, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), recorder, default);
        await service.TerminateAsync(build, default);

        Assert.Equal("Succeeded", build.Status);
        Assert.StartsWith("sha256:", build.ImageDigest);
        Assert.Equal([0, 1, 1, 2, 3, 4, 5, 6], recorder.Steps.Select(s => s.Step));
        InstanceRecord instance;
        lock (Region.Gate) instance = Assert.Single(Region.Instances);
        Assert.Equal(("required", "terminate", null), (instance.HttpTokens, instance.ShutdownBehavior, instance.KeyName));
        Assert.Equal(1, instance.HttpPutResponseHopLimit);
        Assert.Equal(["sg-0builder"], instance.SecurityGroupIds);
        Assert.Equal("geoschem-builder", instance.InstanceProfile);
        Assert.Equal("gcb-success00001", instance.Tags[ImageBuildService.BuildIdTag]);
        Assert.Equal("shutting-down", instance.State);
        Assert.Equal("ami-", instance.ImageId![..4]);
        Assert.True(fixture.Emulator.State.Objects.ContainsKey((EmulatorCredentials.Default.AccountId, "gc-artifacts", "geoschem-builds/gcb-success00001/context.tar.gz")));
        lock (Region.Gate) Assert.Contains(Region.Repositories["geoschem"].Images, i => i.Tags.Contains(Classic().Tag));
        var found = Assert.Single(await service.FindAsync("gcb-success00001", default));
        Assert.Equal(("Succeeded", build.CommandId), (found.Status, found.CommandId));
    }

    [Fact]
    public async Task LaunchingTwiceWithOneBuildIdStartsOneBuilder()
    {
        fixture.Emulator.State.Reset();
        var (service, _) = Service();
        var first = await service.LaunchAsync(Classic(), Settings, "gcb-idempotent01", new Recorder(), default);
        var again = await service.LaunchAsync(Classic(), Settings, "gcb-idempotent01", new Recorder(), default);
        Assert.Equal(first.InstanceId, again.InstanceId);
        lock (Region.Gate) Assert.Single(Region.Instances);
    }

    [Fact]
    public async Task AFailureMidWayIsReportedAtItsStepAndTheCommandWaitsForALateAgent()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.6, Outcome = "Failed", FailAtStep = 3, AgentReadySeconds = 30 };
        var (service, _) = Service();
        var recorder = new Recorder();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-failure00001", recorder, default);
        using var clock = new CancellationTokenSource();
        var mover = Task.Run(async () => { while (!clock.IsCancellationRequested) { fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(2)); await Task.Delay(10); } });
        await service.SendBuildAsync(build, Classic(), Settings, recorder, default);
        clock.Cancel();
        await mover;
        await service.FollowAsync(build, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), recorder, default);
        Assert.Equal("Failed", build.Status);
        Assert.StartsWith("building gcclassic", build.Step);
        Assert.Contains(recorder.Lines, l => l.StartsWith("stderr: Error: building at step 3", StringComparison.Ordinal));
        lock (Region.Gate) Assert.Empty(Region.Repositories["geoschem"].Images);
    }

    [Fact]
    public async Task AnInvocationSsmDoesNotKnowYetIsPendingNotAFailure()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.3, InvocationVisibleAfterSeconds = 1.0 };
        var (service, _) = Service();
        var recorder = new Recorder();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-notyet000001", recorder, default);
        var (asked, answered) = (fixture.Emulator.Received("GetCommandInvocation"), fixture.Emulator.Handled("GetCommandInvocation"));
        await service.SendBuildAsync(build, Classic(), Settings, recorder, default);
        await service.FollowAsync(build, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), recorder, default);

        Assert.Equal("Succeeded", build.Status);
        // Every GetCommandInvocation not handled was answered InvocationDoesNotExist (no faults are injected here).
        Assert.True(fixture.Emulator.Received("GetCommandInvocation") - asked > fixture.Emulator.Handled("GetCommandInvocation") - answered, "the emulator never answered InvocationDoesNotExist");
        lock (Region.Gate) Assert.Single(Region.Commands);
    }

    [Fact]
    public async Task ASendCommandWhoseAnswerIsLostIsFoundNotSentAgain()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.3 };
        var (service, _) = Service();
        var recorder = new Recorder();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-lostanswer01", recorder, default);
        // The builder is running and its agent answers: the one SendCommand is accepted, and only its answer is lost.
        fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(InstanceLifecycle.PendingSeconds + 1));
        var sendsBefore = fixture.Emulator.Received("SendCommand");
        fixture.Emulator.Faults.Settings = new FaultSettings { DropAfterHandlingRate = 1, Operations = ["SendCommand"] };
        long sends;
        try
        {
            await service.SendBuildAsync(build, Classic(), Settings, recorder, default);
        }
        finally
        {
            sends = fixture.Emulator.Received("SendCommand") - sendsBefore;
            fixture.Emulator.Faults.Reset(); // also clears the counters
        }
        await service.FollowAsync(build, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), recorder, default);

        Assert.Equal("Succeeded", build.Status);
        SsmCommand sent;
        lock (Region.Gate) sent = Assert.Single(Region.Commands.Values);
        Assert.Equal(sent.CommandId, build.CommandId);
        Assert.Equal(1, sends);
    }

    [Fact]
    public async Task ASecondSessionAdoptsTheCommandAlreadySent()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 5 };
        var (service, _) = Service();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-twosession01", new Recorder(), default);
        await service.SendBuildAsync(build, Classic(), Settings, new Recorder(), default);
        var again = await service.LaunchAsync(Classic(), Settings, "gcb-twosession01", new Recorder(), default);
        await service.SendBuildAsync(again, Classic(), Settings, new Recorder(), default);

        Assert.Equal(build.CommandId, again.CommandId);
        lock (Region.Gate) Assert.Single(Region.Commands);
    }

    [Theory]
    [InlineData("gcb-1; rm -rf /")]
    [InlineData("$(curl evil)")]
    [InlineData("")]
    public async Task ABuildIdThatCouldReachAShellIsRefusedBeforeAnythingIsLaunched(string buildId)
    {
        fixture.Emulator.State.Reset();
        var (service, _) = Service();
        var error = await Assert.ThrowsAsync<GcException>(() => service.LaunchAsync(Classic(), Settings, buildId, new Recorder(), default));
        Assert.Equal("GcImageBuildIdInvalid", error.ErrorId);
        lock (Region.Gate) Assert.Empty(Region.Instances);
    }

    [Fact]
    public async Task ABuildWhoseSigningKeyHasExpiredIsRefusedBeforeAnythingIsUploadedOrLaunched()
    {
        fixture.Emulator.State.Reset();
        var expiry = OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/amazon-ssm-agent.asc")).Expires!.Value;
        var (late, _) = Service(() => expiry.AddDays(1));

        var error = await Assert.ThrowsAsync<GcException>(() => late.LaunchAsync(Classic(), Settings, "gcb-lateKey00001", new Recorder(), default));
        Assert.Equal("GcSigningKeyExpired", error.ErrorId);
        lock (Region.Gate)
        {
            Assert.Empty(Region.Instances);
            Assert.Empty(Region.Repositories); // not even the ECR repository was made
        }

        // Two days before the first of the builder's keys expires (the AWS CLI's or the SSM Agent's): launched, with a warning.
        var first = new[] { expiry, OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/awscli.asc")).Expires!.Value }.Min();
        var recorder = new Recorder();
        var (soon, _) = Service(() => first.AddDays(-2));
        await soon.LaunchAsync(Classic(), Settings, "gcb-soonKey00001", recorder, default);
        Assert.Contains(recorder.Warnings, w => w.Contains(first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        lock (Region.Gate) Assert.Single(Region.Instances);
    }

    [Fact]
    public async Task AnSsmAgentSignedByAnotherKeyStopsTheBuildBeforeLaunchAndAnUnreadableSignatureOnlyWarns()
    {
        fixture.Emulator.State.Reset();
        var (service, _) = Service();
        fixture.Emulator.State.SsmAgentSigner = "0123456789ABCDEF0123456789ABCDEF01234567"; // AWS has rotated its key
        var error = await Assert.ThrowsAsync<GcException>(() => service.LaunchAsync(Classic(), Settings, "gcb-rotated00001", new Recorder(), default));
        Assert.Equal("GcSigningKeyRotated", error.ErrorId);
        Assert.Contains("0123456789ABCDEF0123456789ABCDEF01234567", error.Message);
        lock (Region.Gate)
        {
            Assert.Empty(Region.Instances);
            Assert.Empty(Region.Repositories);
        }

        fixture.Emulator.State.SsmAgentSigner = null; // the signature cannot be read: the builder still checks it
        var recorder = new Recorder();
        await service.LaunchAsync(Classic(), Settings, "gcb-nosig0000001", recorder, default);
        Assert.Contains(recorder.Warnings, w => w.Contains("amazon-ssm-us-east-1/latest/linux_amd64/amazon-ssm-agent.rpm.sig", StringComparison.Ordinal));
        lock (Region.Gate) Assert.Single(Region.Instances);

        fixture.Emulator.State.Reset(); // AWS's current key: no warning about the agent
        var quiet = new Recorder();
        await service.LaunchAsync(Classic(), Settings, "gcb-current00001", quiet, default);
        Assert.DoesNotContain(quiet.Warnings, w => w.Contains("amazon-ssm-agent", StringComparison.Ordinal));
    }

    [GpgFact]
    public async Task TheEmulatorsSsmAgentSignatureIsAnOpenPgpSignaturePacketGpgReadsAsByThePinnedKey()
    {
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(new Uri(fixture.Emulator.Url, "amazon-ssm-us-east-1/latest/linux_amd64/amazon-ssm-agent.rpm.sig"));
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, bytes);
            var start = new System.Diagnostics.ProcessStartInfo(GpgFactAttribute.Path!, ["--batch", "--list-packets", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var gpg = System.Diagnostics.Process.Start(start)!;
            var listing = await gpg.StandardOutput.ReadToEndAsync() + await gpg.StandardError.ReadToEndAsync();
            await gpg.WaitForExitAsync();
            Assert.Contains(":signature packet: algo 1, keyid 2784DBF388D19D46", listing);
            Assert.Contains("issuer fpr v4 1C5B395CBE5E74E2F1CA21592784DBF388D19D46", listing);
        }
        finally { File.Delete(file); }
        Assert.True(OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/amazon-ssm-agent.asc")).Signed(OpenPgpSignature.ReadDetached(bytes)));
    }

    [Fact]
    public async Task ARebuildOfATagInAnImmutableRepositoryIsCaughtBeforeABuilderIsLaunched()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.3 };
        var (service, _) = Service();
        var build = await service.LaunchAsync(Classic(), Settings, "gcb-immutable001", new Recorder(), default);
        await service.SendBuildAsync(build, Classic(), Settings, new Recorder(), default);
        await service.FollowAsync(build, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), new Recorder(), default);
        Assert.Equal("Succeeded", build.Status);
        lock (Region.Gate) Assert.Equal("IMMUTABLE", Region.Repositories["geoschem"].ImageTagMutability);

        var again = await Assert.ThrowsAsync<GcException>(() => service.LaunchAsync(Classic(), Settings, "gcb-immutable002", new Recorder(), default));
        Assert.Equal("GcImageTagExists", again.ErrorId);
        lock (Region.Gate) Assert.Single(Region.Instances);
    }

    [Fact]
    public async Task TwoBuildsOfOneTagRacingIntoAnImmutableRepositoryLeaveOneImageAndFailTheOtherAtItsPush()
    {
        fixture.Emulator.State.Reset();
        lock (Region.Gate) Region.Ssm = new SsmSettings { CommandSeconds = 0.3 };
        var (service, _) = Service();
        // Both pass the check for an existing tag, because neither has pushed yet; ECR then refuses the second push.
        var first = await service.LaunchAsync(Classic(), Settings, "gcb-race000001", new Recorder(), default);
        var second = await service.LaunchAsync(Classic(), Settings, "gcb-race000002", new Recorder(), default);
        await service.SendBuildAsync(first, Classic(), Settings, new Recorder(), default);
        await service.FollowAsync(first, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), new Recorder(), default);
        var recorder = new Recorder();
        await service.SendBuildAsync(second, Classic(), Settings, recorder, default);
        await service.FollowAsync(second, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), recorder, default);

        Assert.Equal(("Succeeded", "Failed"), (first.Status, second.Status));
        Assert.Contains(recorder.Lines, l => l.Contains("ImageTagAlreadyExistsException", StringComparison.Ordinal));
        lock (Region.Gate) Assert.Single(Region.Repositories["geoschem"].Images);
    }
}
