namespace GeosChem.PowerShell.Platform;

/// <summary>
/// Terraform's own first error, quoted, and advice that fits it. Terraform prints "Error: &lt;summary&gt;" followed by
/// detail lines; the summary says what failed (a registry that cannot be reached, credentials, a permission, a
/// variable's validation), and the advice must be about that, not a generic pointer at the configuration.
/// </summary>
internal static class TerraformErrorAdvice
{
    /// <summary>The first "Error: ..." of terraform's output with its first detail line; else the first diagnostic.</summary>
    public static string FirstError(IReadOnlyList<string> diagnostics, string stderr)
    {
        var lines = stderr.Split('\n').Select(l => l.Trim().Trim('│', '╷', '╵').Trim()).ToList();
        var at = lines.FindIndex(l => l.StartsWith("Error: ", StringComparison.Ordinal));
        if (at >= 0)
        {
            // The summary, then the first paragraph of detail (terraform wraps it over several lines).
            var detail = lines.Skip(at + 1).SkipWhile(l => l.Length == 0).TakeWhile(l => l.Length > 0)
                .Where(l => !l.StartsWith("on ", StringComparison.Ordinal));
            return string.Join(' ', new[] { lines[at] }.Concat(detail));
        }
        return diagnostics.FirstOrDefault() ?? lines.FirstOrDefault(l => l.Length > 0) ?? "(terraform printed no error)";
    }

    public static string For(string firstError)
    {
        bool Has(params string[] words) => words.Any(w => firstError.Contains(w, StringComparison.OrdinalIgnoreCase));
        if (Has("provider packages", "registry.terraform.io", "Failed to install provider", "could not connect", "no such host", "i/o timeout"))
        {
            return "Terraform could not download the AWS provider. Check the network and any proxy (HTTPS_PROXY), or install providers from a local mirror: "
                + "a CLI configuration with a filesystem_mirror, named by TF_CLI_CONFIG_FILE (see README, 'Deploying without registry access').";
        }
        if (Has("No valid credential sources", "InvalidClientTokenId", "ExpiredToken", "security token", "SignatureDoesNotMatch"))
        {
            return "Terraform has no working AWS credentials: check the configuration's profile (Get-GcConfiguration), sign in again (aws sso login), or set AWS_PROFILE.";
        }
        if (Has("UnauthorizedOperation", "AccessDenied", "not authorized"))
        {
            return "The AWS identity may not do what terraform asked (the message names the action): ask your account administrator for it, or deploy with a role that has it.";
        }
        if (Has("Invalid value for variable", "Unsupported argument", "Invalid variable"))
        {
            return "A setting from the configuration was refused: fix it with Set-GcConfiguration (Test-GcConfiguration lists problems) and run the command again.";
        }
        if (Has("VcpuLimitExceeded", "LimitExceeded", "quota"))
        {
            return "An AWS limit stopped terraform: Get-GcQuota shows the account's quotas and Request-GcQuotaIncrease asks for more.";
        }
        return "Fix what terraform names above and run the command again; terraform keeps what it already made in its state, so a rerun continues.";
    }
}
