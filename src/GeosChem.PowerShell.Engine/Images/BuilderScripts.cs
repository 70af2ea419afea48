using System.Globalization;
using System.Text;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// The two scripts a build hands to AWS: the builder's user data (a shutdown timer first, then the SSM agent, podman and
/// the AWS CLI, each download's signature checked by fetch-pinned.sh against its pinned key before it is installed) and the Run Command script (fetch the context, build, log in to ECR with the instance role, push).
/// Neither carries a credential: the builder authenticates with its instance profile.
/// </summary>
internal static class BuilderScripts
{
    public const string StepMarker = "##[gc-step]";
    public const string ResultMarker = "##[gc-result]";
    public const string ReadyMarker = "/var/lib/geoschem-builder-ready";
    public const string FailedMarker = "/var/lib/geoschem-builder-failed";

    /// <summary>EC2 refuses user data over 16 KB (before base64).</summary>
    public const int UserDataLimit = 16 * 1024;

    public static string UserData(ImageVariant variant, BuildSettings settings, string buildId, string region)
    {
        var minutes = (int)Math.Ceiling(settings.ShutdownAfter.TotalMinutes);
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine($"# GeosChem.PowerShell image builder {buildId} for {variant.Tag}.");
        text.AppendLine("# The backstop: whatever happens to the client that launched it, the builder powers itself off, and its");
        text.AppendLine("# shutdown behaviour (terminate) then deletes it.");
        text.AppendLine(Invariant($"shutdown -h +{minutes}"));
        text.AppendLine("set -euo pipefail");
        text.AppendLine($"trap 'echo \"the builder setup failed at line $LINENO of its user data\" > {FailedMarker}' ERR");
        var (ssm, cli) = BuilderDownloads.For(variant);
        // The SSM agent comes from this region's amazon-ssm-<region> bucket, in the region's partition's domain.
        text.AppendLine($"export GC_AWS_REGION={Quote(region)} GC_AWS_DNS_SUFFIX={Quote(Aws.EndpointResolver.DnsSuffix(region))}");
        text.Append(BuilderDownloads.VerificationSetup([ssm, cli], BuilderDownloads.Keys([ssm, cli])));
        text.AppendLine("# gpg checks the signatures below (Rocky 9 base images have it: dnf itself needs it); dnf verifies these packages.");
        text.AppendLine("dnf -y install gnupg2 unzip");
        text.AppendLine($"fetch_pinned {ssm.Name} {ssm.Version} /var/tmp/amazon-ssm-agent.rpm");
        text.AppendLine("dnf -y install /var/tmp/amazon-ssm-agent.rpm");
        text.AppendLine("systemctl enable --now amazon-ssm-agent");
        text.AppendLine("dnf -y install podman tar gzip");
        text.AppendLine($"fetch_pinned {cli.Name} {cli.Version} /var/tmp/awscli.zip");
        text.AppendLine("unzip -q /var/tmp/awscli.zip -d /var/tmp && /var/tmp/aws/install --bin-dir /usr/local/bin");
        text.AppendLine($"touch {ReadyMarker}");
        return text.ToString();
    }

    public static IReadOnlyList<string> BuildCommands(ImageVariant variant, string region, string contextUri, string imageUri, string logUri)
    {
        var registry = imageUri[..imageUri.IndexOf('/')];
        var buildArgs = string.Join(" ", variant.BuildArguments.Select(kv => $"--build-arg {kv.Key}={Quote(kv.Value)}"));
        return
        [
            "#!/bin/bash",
            "set -euo pipefail",
            "# Second backstop: when this script ends, however it ends, the builder powers off (and is deleted) two minutes later.",
            "trap 'shutdown -h +2' EXIT",
            $"IMAGE_URI={Quote(imageUri)}",
            $"LOG_URI={Quote(logUri)}",
            $"echo \"{StepMarker} 1/6 waiting for the builder's setup (SSM agent, podman, AWS CLI)\"",
            $"for _ in $(seq 1 120); do [ -f {ReadyMarker} ] && break; [ -f {FailedMarker} ] && break; sleep 10; done",
            // A refused download (a bad signature, an expired key) ends the setup: say so now, with the log's end, not in 20 minutes.
            $"if [ -f {FailedMarker} ]; then cat {FailedMarker} >&2; tail -n 20 /var/log/cloud-init-output.log >&2 || true; exit 3; fi",
            $"[ -f {ReadyMarker} ] || {{ echo 'the builder did not finish its setup in 20 minutes' >&2; exit 3; }}",
            "export PATH=/usr/local/bin:$PATH",
            $"echo \"{StepMarker} 2/6 fetching the build context\"",
            "work=\"$(mktemp -d /var/tmp/geoschem-build.XXXXXX)\"",
            "cd \"$work\"",
            $"aws s3 cp --only-show-errors {Quote(contextUri)} context.tar.gz",
            "tar -xzf context.tar.gz",
            $"echo \"{StepMarker} 3/6 building {variant.Tag} (libraries and GEOS-Chem from source: 30 to 120 minutes)\"",
            // The full build log goes to a file (and to S3); only our scripts' progress lines reach the command output,
            // which SSM truncates at 24,000 characters.
            $"podman build --format docker --file {variant.Dockerfile} --tag \"$IMAGE_URI\" {buildArgs} . > build.log 2>&1 &",
            "build_pid=$!",
            "tail -n +1 -f build.log --pid=\"$build_pid\" | grep --line-buffered -E '##\\[gc-build\\]|^STEP [0-9]+/' || true",
            "if ! wait \"$build_pid\"; then tail -n 60 build.log >&2; aws s3 cp --only-show-errors build.log \"$LOG_URI\" || true; exit 1; fi",
            "aws s3 cp --only-show-errors build.log \"$LOG_URI\" || true",
            $"echo \"{StepMarker} 4/6 logging in to ECR with the instance role\"",
            $"aws ecr get-login-password --region {region} | podman login --username AWS --password-stdin {registry}",
            $"echo \"{StepMarker} 5/6 pushing\"",
            "podman push \"$IMAGE_URI\"",
            $"echo \"{StepMarker} 6/6 done\"",
            $"echo \"{ResultMarker} pushed $IMAGE_URI@$(podman image inspect --format '{{{{.Digest}}}}' \"$IMAGE_URI\")\"",
        ];
    }

    /// <summary>The step a line of build output announces: (number, total, text), or null.</summary>
    public static (int Step, int Total, string Text)? ParseStep(string line)
    {
        var at = line.IndexOf(StepMarker, StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = line[(at + StepMarker.Length)..].Trim();
        var space = rest.IndexOf(' ');
        var fraction = space < 0 ? rest : rest[..space];
        var parts = fraction.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var step) || !int.TryParse(parts[1], out var total)) return null;
        return (step, total, space < 0 ? "" : rest[(space + 1)..]);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
