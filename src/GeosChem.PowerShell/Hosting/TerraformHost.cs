using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Platform;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Terraform for a cmdlet: the runner and working copy for a configuration, its progress on a progress bar and its messages on the host.</summary>
internal sealed class TerraformHost(GcCmdlet cmdlet) : ITerraformObserver
{
    private readonly ProgressRecord _progress = new(3, "Platform", "starting");

    public (PlatformService Service, string Directory) For(GcConfiguration configuration)
    {
        string executable;
        try
        {
            executable = TerraformRunner.Locate(ProcessEnvironment.Instance);
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex);
            throw;
        }
        var dir = TerraformWorkspace.Prepare(configuration, ProcessEnvironment.Instance);
        var environment = new Dictionary<string, string> { ["AWS_REGION"] = configuration.Region ?? "" };
        if (configuration.Profile is { Length: > 0 } profile) environment["AWS_PROFILE"] = profile;
        cmdlet.WriteVerbose($"terraform: {executable}; working copy: {dir}");
        return (new PlatformService(new TerraformRunner(executable, dir, environment), configuration, dir), dir);
    }

    void ITerraformObserver.Progress(string activity, string status, int percent) => cmdlet.Bridge.Post(() =>
    {
        _progress.Activity = activity;
        _progress.StatusDescription = status;
        _progress.PercentComplete = Math.Clamp(percent, 0, 100);
        cmdlet.WriteProgress(_progress);
    });

    void ITerraformObserver.Line(string text) => cmdlet.Bridge.Post(() =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = "terraform: " + text }, ["GcTerraform", "PSHOST"]));

    public void CompleteProgress()
    {
        _progress.RecordType = ProgressRecordType.Completed;
        cmdlet.WriteProgress(_progress);
    }
}
