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
        throw new GcException(ErrorIds.QuotaCodeInvalid, GcErrorKind.InvalidArgument,
            $"'{code}' is not a Service Quotas code.",
            "Quota codes look like L-1216C47A ('L-' and eight hexadecimal digits). Tab completion on -QuotaCode lists the EC2 vCPU quotas; Get-GcQuota -All lists every code.",
            code);
    }

    /// <summary>The error for a quota code that Service Quotas does not know.</summary>
    public static GcException NotFound(string serviceCode, string quotaCode, string region, Exception inner) =>
        new(ErrorIds.QuotaNotFound, GcErrorKind.ObjectNotFound,
            $"Service Quotas has no quota '{quotaCode}' for service '{serviceCode}' in {region}.",
            "Get-GcQuota -All lists the quota codes that exist; the vCPU quotas are L-1216C47A (Standard On-Demand), L-34B43A08 (Standard Spot) and L-F7808C92 (HPC).",
            quotaCode, inner);
}
