using GeosChem.AwsEmulator;
using GeosChem.AwsEmulator.Batch;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Ecs;
using GeosChem.PowerShell.Aws.Logs;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>Batch, Logs and ECS clients on an in-process emulator, and a registered GEOS-Chem definition to submit.</summary>
internal static class BatchTestKit
{
    public static BatchClient Batch(AwsContext context) => new(new AwsProtocolClient(AwsServiceDescriptor.Batch, context, AwsJson.CamelCase));

    public static LogsClient Logs(AwsContext context) => new(new AwsProtocolClient(AwsServiceDescriptor.CloudWatchLogs, context, AwsJson.CamelCase));

    public static EcsClient Ecs(AwsContext context) => new(new AwsProtocolClient(AwsServiceDescriptor.Ecs, context, AwsJson.CamelCase));

    public static JobDefinitionSpec Spec(string name = "gc-classic", int vcpus = 8, bool spot = true) => new()
    {
        Name = name, Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:14.5.0", Model = "GCClassic",
        VCpus = vcpus, MemoryGiB = 15, Spot = spot, TimeoutSeconds = 7200,
    };

    public static async Task<string> RegisterAsync(BatchClient batch, JobDefinitionSpec? spec = null)
    {
        var response = await batch.RegisterJobDefinitionAsync(JobDefinitionBuilder.Build(spec ?? Spec()), default);
        return $"{response.JobDefinitionName}:{response.Revision}";
    }

    /// <summary>Fast state timings so a job runs in a few emulated seconds; tests then move the clock.</summary>
    public static void FastTimings(AwsEmulator.AwsEmulator emulator, string region = "us-east-1", double runSeconds = 60, params JobScenario[] scenarios)
    {
        var world = emulator.State.Region(EmulatorCredentials.Default.AccountId, region).Batch;
        lock (emulator.State.Region(EmulatorCredentials.Default.AccountId, region).Gate)
        {
            world.Timings = new BatchTimings { SubmittedSeconds = 1, RunnableSeconds = 1, StartingSeconds = 1, RunningSeconds = runSeconds };
            world.Scenarios = [.. scenarios];
        }
    }

    public static BatchWorld World(AwsEmulator.AwsEmulator emulator, string region = "us-east-1") =>
        emulator.State.Region(EmulatorCredentials.Default.AccountId, region).Batch;
}
