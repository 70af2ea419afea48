using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Platform;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// terraform init, plan and apply of the platform from the configuration; records the outputs in it. -WhatIf plans only,
/// and only in a workspace already initialised (init would reach the provider registry).
/// </summary>
[Cmdlet("Deploy", "GcPlatform", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GcPlatform))]
public sealed class DeployGcPlatformCommand : GcAwsCmdlet
{
    private readonly TerraformHost _terraform;

    public DeployGcPlatformCommand() => _terraform = new TerraformHost(this);

    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var file = new ConfigurationFile(this, ConfigurationPath);
        var configuration = file.LoadWithAwsDefaults(this);
        file.RequireValid(configuration);
        new PlatformChecks(this).RequireAccountAllows(configuration);
        var (service, dir) = _terraform.For(configuration);
        try
        {
            // terraform init downloads the provider from the registry: under -WhatIf only a workspace already initialised is planned.
            if (!service.IsInitialised && !ShouldProcess($"terraform working directory {dir}", "terraform init (downloads the AWS provider), then plan and apply"))
            {
                return;
            }
            if (!service.IsInitialised) Run(ct => service.InitAsync(_terraform, ct));
            var plan = Run(ct => service.PlanAsync(destroy: false, [], _terraform, ct));
            var summary = $"{plan.Add} to add, {plan.Change} to change, {plan.Remove} to destroy";
            WriteVerbose($"Plan: {summary}.");
            if (!Confirmation.ShouldProcessUnlessForced(this, $"platform '{configuration.ProjectName}' in {configuration.Region} (terraform in {dir})", $"Apply: {summary}", Force))
            {
                _terraform.CompleteProgress();
                return;
            }
            Run(ct => service.ApplyAsync(plan.Add + plan.Change + plan.Remove, _terraform, ct));
            configuration.Deployed = Run(ct => service.OutputsAsync(_terraform, ct));
            ConfigurationStore.Save(configuration, configuration.Path);
            _terraform.CompleteProgress();
            WriteVerbose($"The deployed resources are recorded in {configuration.Path}.");
            WriteObject(PlatformDescription.Of(configuration, 0));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }
}
