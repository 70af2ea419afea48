using System.Management.Automation;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Confirmation for the cmdlets that take -Force.</summary>
internal static class Confirmation
{
    /// <summary>
    /// ShouldProcess, except that -Force skips the confirmation prompt the way AWS Tools does; -WhatIf still only reports.
    /// </summary>
    public static bool ShouldProcessUnlessForced(PSCmdlet cmdlet, string target, string action, bool force)
    {
        if (!force || IsWhatIf(cmdlet)) return cmdlet.ShouldProcess(target, action);
        cmdlet.WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force).");
        return true;
    }

    private static bool IsWhatIf(PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? bound is SwitchParameter { IsPresent: true }
            : cmdlet.GetVariableValue("WhatIfPreference") is { } preference && LanguagePrimitives.IsTrue(preference);
}
