using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// terraform init, plan and apply of the platform from the configuration; records the outputs in it. -WhatIf plans only,
/// and only in a workspace already initialised (init would reach the provider registry).
/// </summary>
[Cmdlet("Deploy", "GcPlatform", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GcPlatform))]
public sealed class DeployGcPlatformCommand : GcPlatformCmdlet
{
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = LoadConfiguration();
        RequireValid(configuration);
        RequireAccountAllows(configuration);
        var (service, dir) = TerraformFor(configuration);
        try
        {
            // terraform init downloads the provider from the registry: under -WhatIf only a workspace already initialised is planned.
            if (!service.IsInitialised && !ShouldProcess($"terraform working directory {dir}", "terraform init (downloads the AWS provider), then plan and apply"))
            {
                return;
            }
            if (!service.IsInitialised) Run(ct => service.InitAsync(this, ct));
            var plan = Run(ct => service.PlanAsync(destroy: false, [], this, ct));
            var summary = $"{plan.Add} to add, {plan.Change} to change, {plan.Remove} to destroy";
            WriteVerbose($"Plan: {summary}.");
            if (!ShouldProcessUnlessForced($"platform '{configuration.ProjectName}' in {configuration.Region} (terraform in {dir})", $"Apply: {summary}", Force))
            {
                CompleteProgress();
                return;
            }
            Run(ct => service.ApplyAsync(plan.Add + plan.Change + plan.Remove, this, ct));
            configuration.Deployed = Run(ct => service.OutputsAsync(this, ct));
            ConfigurationStore.Save(configuration, configuration.Path);
            CompleteProgress();
            WriteVerbose($"The deployed resources are recorded in {configuration.Path}.");
            WriteObject(Describe(configuration, 0));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }
}
