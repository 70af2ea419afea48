using System.Diagnostics;
using System.Globalization;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Images;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// The committed signing keys read as gpg reads them (fingerprint, creation, expiry by the self-signature gpg chooses),
/// detached signatures' issuers, and the builder's keys checked against their own expiry.
/// </summary>
public sealed class SigningKeyTests
{
    private static readonly ImageVariant Variant = VariantMapper.Resolve(ImageVariantCatalog.Default, "GCClassic", null, null, null, null);

    [GpgFact]
    public void TheCommittedKeysReadAsGpgReadsThem()
    {
        foreach (var name in new[] { "amazon-ssm-agent", "awscli" })
        {
            var armored = BuildContext.ReadText($"scripts/keys/{name}.asc");
            AssertSameAsGpg(armored, name);
        }
    }

    [GpgFact]
    public void KeysMadeByGpgReadAsGpgReadsThemIncludingAnExtendedExpiry()
    {
        using var gpg = new GpgHome();
        gpg.Run("--passphrase", "", "--quick-gen-key", "Forever <forever@example.invalid>", "rsa2048", "sign", "never");
        gpg.Run("--passphrase", "", "--quick-gen-key", "Yearly <yearly@example.invalid>", "ed25519", "sign", "1y");
        var forever = Fingerprints(gpg.Run("--with-colons", "--list-keys", "forever@example.invalid")).Single();
        var yearly = Fingerprints(gpg.Run("--with-colons", "--list-keys", "yearly@example.invalid")).Single();

        var neverExpires = OpenPgpKey.Read(gpg.Run("--armor", "--export", forever));
        Assert.Null(neverExpires.Expires);
        AssertSameAsGpg(gpg.Run("--armor", "--export", yearly), "yearly");

        // Extending the expiry adds a newer self-signature; the older one (1 year) must not win.
        gpg.Run("--passphrase", "", "--quick-set-expire", yearly, "3y");
        var extended = gpg.Run("--armor", "--export", yearly);
        AssertSameAsGpg(extended, "yearly, extended");
        Assert.True(OpenPgpKey.Read(extended).Expires > DateTime.UtcNow.AddYears(2));
    }

    [GpgFact]
    public void ADetachedSignatureNamesTheKeyOrSubkeyThatMadeItBinaryOrArmored()
    {
        using var gpg = new GpgHome();
        gpg.Run("--passphrase", "", "--quick-gen-key", "Primary <primary@example.invalid>", "ed25519", "cert", "never");
        var primary = Fingerprints(gpg.Run("--with-colons", "--list-keys")).Single();
        var document = Path.Combine(gpg.Path, "agent.rpm");
        File.WriteAllText(document, "an rpm\n");

        // Certify-only primary key plus a signing subkey: gpg signs with the subkey, as a publisher may.
        gpg.Run("--passphrase", "", "--quick-add-key", primary, "ed25519", "sign", "never");
        var subkey = gpg.Run("--with-colons", "--list-keys").Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).Last();
        gpg.Run("--yes", "--detach-sign", "--output", document + ".sig", document);
        gpg.Run("--yes", "--armor", "--detach-sign", "--output", document + ".asc", document);
        var key = OpenPgpKey.Read(gpg.Run("--armor", "--export", primary));
        Assert.Equal([subkey], key.SubkeyFingerprints);

        foreach (var file in new[] { document + ".sig", document + ".asc" })
        {
            var signature = OpenPgpSignature.ReadDetached(File.ReadAllBytes(file));
            Assert.Equal(subkey, signature.IssuerFingerprint);
            Assert.True(key.Signed(signature), $"{Path.GetFileName(file)} is signed by the key's subkey");
            Assert.False(OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/awscli.asc")).Signed(signature));
        }
    }

    [Fact]
    public void TheAgentsSignatureUrlIsTheRegionalOneForTheBuildersArchitectureAndPartition()
    {
        var (ssm, cli) = BuilderDownloads.For(Variant);
        var arm = VariantMapper.Resolve(ImageVariantCatalog.Default, "GCClassic", "arm64", null, null, null);
        Assert.Equal("https://s3.eu-west-1.amazonaws.com/amazon-ssm-eu-west-1/latest/linux_arm64/amazon-ssm-agent.rpm", BuilderDownloads.Url(ssm, arm, "eu-west-1").ToString());
        Assert.Equal("https://s3.cn-north-1.amazonaws.com.cn/amazon-ssm-cn-north-1/latest/linux_amd64/amazon-ssm-agent.rpm", BuilderDownloads.Url(ssm, Variant, "cn-north-1").ToString());
        Assert.Equal("https://s3.eusc-de-east-1.amazonaws.eu/amazon-ssm-eusc-de-east-1/latest/linux_amd64/amazon-ssm-agent.rpm", BuilderDownloads.Url(ssm, Variant, "eusc-de-east-1").ToString());
        Assert.Equal($"https://awscli.amazonaws.com/awscli-exe-linux-aarch64-{cli.Version}.zip", BuilderDownloads.Url(cli, arm, "us-east-1").ToString());
    }

    [Fact]
    public void AKeyBlockThatIsNotOneIsRefusedWithAReason()
    {
        Assert.Contains("no PGP public key block", Assert.Throws<FormatException>(() => OpenPgpKey.Read("hello")).Message);
        var signatureOnly = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + Convert.ToBase64String([0x88, 0x01, 0x04]) + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
        Assert.Contains("public key packet", Assert.Throws<FormatException>(() => OpenPgpKey.Read(signatureOnly)).Message);
    }

    [Fact]
    public void TheBuildersKeysAreCheckedAgainstTheirOwnExpiry()
    {
        var (ssm, cli) = BuilderDownloads.For(Variant);
        var ssmKey = OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/amazon-ssm-agent.asc"));
        var cliKey = OpenPgpKey.Read(BuildContext.ReadText("scripts/keys/awscli.asc"));
        // AWS states this expiry for its current SSM Agent key (aws/eks-hybrid@d5bd0d04 internal/ssm/source.go).
        Assert.Equal(new DateTime(2027, 11, 25), ssmKey.Expires!.Value.Date);
        var firstExpiry = new[] { ssmKey.Expires!.Value, cliKey.Expires!.Value }.Min();

        Assert.Empty(SigningKeyCheck.Check([ssm, cli], firstExpiry - SigningKeyCheck.WarningWindow - TimeSpan.FromDays(1)));
        var soon = SigningKeyCheck.Check([ssm, cli], firstExpiry.AddDays(-3));
        Assert.Contains(firstExpiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Assert.Single(soon));

        var error = Assert.Throws<GcException>(() => SigningKeyCheck.Check([ssm, cli], ssmKey.Expires!.Value.AddDays(1)));
        Assert.Equal(ErrorIds.SigningKeyExpired, error.ErrorId);
        Assert.Equal(GcErrorKind.ResourceUnavailable, error.Kind);
        Assert.Contains("amazon-ssm-agent", error.Message);
        Assert.Contains("No builder was launched", error.Fix);
    }

    [Fact]
    public void AKeyFileThatIsNotThePinnedKeyIsAFaultNotAWarning()
    {
        var (ssm, _) = BuilderDownloads.For(Variant);
        var wrongPin = ssm with { Pin = "pgp:" + new string('A', 40) };
        Assert.Throws<InvalidOperationException>(() => SigningKeyCheck.Check([wrongPin], DateTime.UtcNow));
    }

    private static void AssertSameAsGpg(string armored, string what)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, armored);
            var listing = Run(GpgFactAttribute.Path!, ["--batch", "--show-keys", "--with-colons", file]).Split('\n');
            var pub = listing.First(l => l.StartsWith("pub:", StringComparison.Ordinal)).Split(':');
            var key = OpenPgpKey.Read(armored);
            Assert.True(Fingerprints(string.Join('\n', listing)).First() == key.Fingerprint, $"{what}: fingerprint");
            Assert.True(DateTime.UnixEpoch.AddSeconds(long.Parse(pub[5], CultureInfo.InvariantCulture)) == key.Created, $"{what}: created");
            DateTime? gpgExpiry = pub[6].Length == 0 ? null : DateTime.UnixEpoch.AddSeconds(long.Parse(pub[6], CultureInfo.InvariantCulture));
            Assert.True(gpgExpiry == key.Expires, $"{what}: gpg says it expires {gpgExpiry:o}, we read {key.Expires:o}");
        }
        finally { File.Delete(file); }
    }

    /// <summary>A keyring of the test's own, deleted (and its gpg-agent stopped) at the end.</summary>
    private sealed class GpgHome : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gc-pgp-").FullName;

        public GpgHome()
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Run(params string[] args) => SigningKeyTests.Run(GpgFactAttribute.Path!, ["--homedir", Path, "--batch", .. args]);

        public void Dispose()
        {
            try { Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Path, "--kill", "gpg-agent"]))?.WaitForExit(5000); }
            catch (System.ComponentModel.Win32Exception) { } // no gpgconf: nothing to stop
            Directory.Delete(Path, recursive: true);
        }
    }

    private static IEnumerable<string> Fingerprints(string colons) =>
        colons.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).Take(1);

    private static string Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
