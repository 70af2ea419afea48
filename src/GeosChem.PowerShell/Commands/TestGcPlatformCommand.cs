using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Checks the deployed platform: queues and compute environments ENABLED and VALID, repository and bucket present; one issue per problem, with its fix.</summary>
[Cmdlet(VerbsDiagnostic.Test, "GcPlatform")]
[OutputType(typeof(GcConfigurationIssue), typeof(bool))]
public sealed class TestGcPlatformCommand : GcAwsCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = new ConfigurationFile(this, ConfigurationPath).LoadWithAwsDefaults(this);
        List<GcConfigurationIssue> issues;
        if (configuration.Deployed is null)
        {
            issues = [new GcConfigurationIssue
            {
                Setting = "deployed", Severity = IssueSeverity.Error, Problem = $"Nothing is deployed for '{configuration.ProjectName}' in {configuration.Region}.",
                Fix = "Deploy it with Deploy-GcPlatform (or Initialize-GcPlatform -Deploy).",
            }];
        }
        else
        {
            try
            {
                issues = Run(ct => new PlatformChecks(this).For(Context).CheckDeployedAsync(configuration.Deployed, ct));
            }
            catch (GcException ex)
            {
                ThrowGcError(ex, awsFailureId: ErrorIds.PlatformCheckFailed);
                return;
            }
        }
        if (Quiet) WriteObject(issues.All(i => i.Severity != IssueSeverity.Error));
        else foreach (var issue in issues) WriteObject(issue);
    }
}
