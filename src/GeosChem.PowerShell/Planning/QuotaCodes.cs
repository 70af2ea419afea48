using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning;

internal static partial class QuotaCodes
{
    [GeneratedRegex("^L-[0-9A-F]{8}$")]
    private static partial Regex Form();

    /// <summary>Quota codes are 'L-' and eight upper-case hex digits; a lower-case paste is accepted and normalised.</summary>
    public static string Normalize(string code)
    {
        var candidate = (code ?? "").Trim().ToUpperInvariant();
        if (Form().IsMatch(candidate)) return candidate;
        throw new GcException("GcQuotaCodeInvalid", GcErrorKind.InvalidArgument,
            $"'{code}' is not a Service Quotas code.",
            "Quota codes look like L-1216C47A ('L-' and eight hexadecimal digits). Tab completion on -QuotaCode lists the EC2 vCPU quotas; Get-GcQuota -All lists every code.",
            code);
    }
}
