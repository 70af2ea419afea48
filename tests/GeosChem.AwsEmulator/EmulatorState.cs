using System.Collections.Concurrent;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator;

/// <summary>Everything the emulator remembers, per account and region, plus who may call it.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, EmulatorCredential> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Region), RegionState> _regions = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _denied = new(StringComparer.Ordinal);

    public EmulatorState(EmulatorClock clock)
    {
        Clock = clock;
        AddCredential(EmulatorCredentials.Default);
        AddCredential(EmulatorCredentials.Other);
    }

    public EmulatorClock Clock { get; }

    /// <summary>The largest page a list operation returns; lower it to exercise paging.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>S3 objects by account, bucket and key.</summary>
    public ConcurrentDictionary<(string Account, string Bucket, string Key), (byte[] Body, string ETag, DateTime At)> Objects { get; } = new();

    /// <summary>S3 buckets created through the control API (a stand-in for terraform apply).</summary>
    public ConcurrentDictionary<(string Account, string Bucket), bool> Buckets { get; } = new();

    /// <summary>AWS's current SSM Agent signing key, the issuer of amazon-ssm-&lt;region&gt;'s latest signature; null: no signature is served.</summary>
    public string? SsmAgentSigner { get; set; } = CurrentSsmAgentSigner;

    /// <summary>The key AWS signs the SSM Agent with since 2026 (aws/eks-hybrid@d5bd0d04 internal/ssm/source.go).</summary>
    public const string CurrentSsmAgentSigner = "1C5B395CBE5E74E2F1CA21592784DBF388D19D46";

    /// <summary>AWS Budgets budgets: a global service, so per account, not per region.</summary>
    public ConcurrentDictionary<(string Account, string Name), BudgetRecord> Budgets { get; } = new();

    public void AddCredential(EmulatorCredential credential) => _credentials[credential.AccessKeyId] = credential;

    public EmulatorCredential? FindCredential(string accessKeyId) => _credentials.GetValueOrDefault(accessKeyId);

    public RegionState Region(string account, string region) =>
        _regions.GetOrAdd((account, region), key => RegionState.Seeded(key.Account, key.Region, Clock));

    /// <summary>Makes calls of an IAM action (for example servicequotas:GetServiceQuota) fail with AccessDenied for an account.</summary>
    public void Deny(string account, string action) =>
        _denied.GetOrAdd(account, _ => new(StringComparer.OrdinalIgnoreCase))[action] = true;

    public bool IsDenied(string account, string action) =>
        _denied.TryGetValue(account, out var actions) && actions.ContainsKey(action);

    public void Reset()
    {
        _regions.Clear();
        _denied.Clear();
        Objects.Clear();
        Buckets.Clear();
        Budgets.Clear();
        SsmAgentSigner = CurrentSsmAgentSigner;
        MaxPageSize = 100;
    }
}

/// <summary>One account's resources in one region.</summary>
public sealed class RegionState
{
    private RegionState(string account, string region, EmulatorClock clock)
    {
        Account = account;
        Region = region;
        Clock = clock;
    }

    public string Account { get; }
    public string Region { get; }
    public EmulatorClock Clock { get; }
    public object Gate { get; } = new();

    public Dictionary<(string Service, string Code), QuotaRecord> Quotas { get; } = [];
    public List<QuotaRequestRecord> QuotaRequests { get; } = [];
    public List<InstanceRecord> Instances { get; } = [];

    private Batch.BatchWorld? _batch;

    public Dictionary<string, EcrRepository> Repositories { get; } = new(StringComparer.Ordinal);

    /// <summary>EC2 launch templates by id: the seeded ones are those terraform/batch.tf and multinode.tf make.</summary>
    public Dictionary<string, LaunchTemplateRecord> LaunchTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SsmCommand> Commands { get; } = new(StringComparer.Ordinal);
    public SsmSettings Ssm { get; set; } = new();

    /// <summary>AWS Batch in this account and region, created on first use with two seeded queues.</summary>
    public Batch.BatchWorld Batch => _batch ??= new Batch.BatchWorld(Account, Region);

    /// <summary>CloudWatch Logs events written by something other than a Batch job (tests), by group and stream.</summary>
    public Dictionary<(string Group, string Stream), List<(DateTime At, string Message)>> LogEvents { get; } = [];

    public static RegionState Seeded(string account, string region, EmulatorClock clock)
    {
        var state = new RegionState(account, region, clock);
        foreach (var quota in QuotaSeed.Ec2) state.Quotas[("ec2", quota.Code)] = quota with { };
        foreach (var template in LaunchTemplateRecord.Seed) state.LaunchTemplates[template.Id] = template;
        return state;
    }
}

public sealed record QuotaRecord(string ServiceCode, string ServiceName, string Code, string Name, double Value, double DefaultValue, bool Adjustable, string Unit = "None")
{
    public double Value { get; set; } = Value;
}

public sealed class QuotaRequestRecord
{
    public required string Id { get; init; }
    public required string ServiceCode { get; init; }
    public required string QuotaCode { get; init; }
    public required double DesiredValue { get; init; }
    public string Status { get; set; } = "PENDING";
    public string? CaseId { get; set; }
    public required DateTime Created { get; init; }
    public DateTime LastUpdated { get; set; }
    public required string Requester { get; init; }
}

/// <summary>An EC2 instance: seeded ones count against quotas; launched ones (image builders) carry their launch settings.</summary>
public sealed class InstanceRecord(string instanceId, string instanceType, string state, bool spot, DateTime launchTime)
{
    public string InstanceId { get; } = instanceId;
    public string InstanceType { get; } = instanceType;
    public string State { get; set; } = state;
    public bool Spot { get; } = spot;
    public DateTime LaunchTime { get; } = launchTime;
    public string? ImageId { get; init; }
    public string? SubnetId { get; init; }
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public string? InstanceProfile { get; init; }
    public string? KeyName { get; init; }
    public string? ClientToken { get; init; }
    public string? UserData { get; init; }
    public string ShutdownBehavior { get; init; } = "stop";
    public string HttpTokens { get; init; } = "optional";
    public int HttpPutResponseHopLimit { get; init; } = 1;
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);
    /// <summary>When the instance's own shutdown timer (from its user data) powers it off.</summary>
    public DateTime? ShutdownAt { get; init; }
    public DateTime? StateChangeAt { get; set; }
    public string? StateReason { get; set; }
}

/// <summary>Applied EC2 quota values of a modest research account, and AWS's defaults for new accounts.</summary>
public static class QuotaSeed
{
    private const string Ec2Name = "Amazon Elastic Compute Cloud (Amazon EC2)";

    public static readonly QuotaRecord[] Ec2 =
    [
        new("ec2", Ec2Name, "L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", 256, 5, true),
        new("ec2", Ec2Name, "L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests", 128, 5, true),
        new("ec2", Ec2Name, "L-F7808C92", "Running On-Demand HPC instances", 0, 0, true),
        new("ec2", Ec2Name, "L-DB2E81BA", "Running On-Demand G and VT instances", 0, 0, true),
        new("ec2", Ec2Name, "L-3819A6DF", "All G and VT Spot Instance Requests", 0, 0, true),
        new("ec2", Ec2Name, "L-417A185B", "Running On-Demand P instances", 0, 0, true),
        new("ec2", Ec2Name, "L-7212CCBC", "All P Spot Instance Requests", 0, 0, true),
        new("ec2", Ec2Name, "L-7295265B", "Running On-Demand X instances", 0, 0, true),
        new("ec2", Ec2Name, "L-74FC7D96", "Running On-Demand F instances", 0, 0, true),
        new("ec2", Ec2Name, "L-1945791B", "Running On-Demand Inf instances", 0, 0, true),
        new("ec2", Ec2Name, "L-2C3B7624", "Running On-Demand Trn instances", 0, 0, true),
        new("ec2", Ec2Name, "L-6E869C2A", "Running On-Demand DL instances", 0, 0, true),
        new("ec2", Ec2Name, "L-43DA4232", "Running On-Demand High Memory instances", 0, 0, true),
        new("ec2", Ec2Name, "L-0263D0A3", "EC2-VPC Elastic IPs", 5, 5, true),
        new("ec2", Ec2Name, "L-D0B7243C", "Amazon FPGA images (AFIs)", 100, 100, false),
    ];
}

/// <summary>
/// An EC2 launch template (one version): what AWS Batch's compute environments launch their instances from. Only what
/// the module reads is kept: the network interfaces' types ("interface" or "efa"), in device order.
/// </summary>
public sealed record LaunchTemplateRecord(string Id, string Name, int Version, IReadOnlyList<string> NetworkInterfaceTypes)
{
    public const string BatchId = "lt-0e0a1b2c3d4e5f601";
    public const string MultiNodeId = "lt-0e0a1b2c3d4e5f602";

    /// <summary>As terraform makes them: the Batch template without network interfaces, the multi-node one with an EFA interface.</summary>
    public static IReadOnlyList<LaunchTemplateRecord> Seed { get; } =
    [
        new(BatchId, "geoschem-batch-20260101000000000000000001", 1, []),
        new(MultiNodeId, "geoschem-multinode-20260101000000000000000002", 1, ["efa"]),
    ];
}

/// <summary>An ECR repository and the images pushed to it.</summary>
public sealed class EcrRepository(string name, string arn, string uri, DateTime createdAt)
{
    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public string Uri { get; } = uri;
    public DateTime CreatedAt { get; } = createdAt;
    public List<EcrImage> Images { get; } = [];
    public string ImageTagMutability { get; init; } = "MUTABLE";

    /// <summary>
    /// Tags an image as ECR does on PutImage (what a docker or podman push ends with): a mutable repository moves the
    /// tag from the image that had it; an immutable one refuses with ImageTagAlreadyExistsException.
    /// </summary>
    public EcrImage Put(EcrImage image, string tag)
    {
        var holder = Images.FirstOrDefault(i => i.Tags.Contains(tag));
        if (holder is not null && holder.Digest == image.Digest)
        {
            throw new EmulatorError(400, "ImageAlreadyExistsException", $"Image with digest '{image.Digest}' and tag '{tag}' already exists in the repository with name '{Name}'");
        }
        if (holder is not null && ImageTagMutability == "IMMUTABLE")
        {
            throw new EmulatorError(400, "ImageTagAlreadyExistsException",
                $"The image tag '{tag}' already exists in the '{Name}' repository and cannot be overwritten because the repository is immutable.");
        }
        holder?.Tags.Remove(tag);
        var stored = Images.FirstOrDefault(i => i.Digest == image.Digest) ?? image;
        if (!Images.Contains(stored)) Images.Add(stored);
        stored.Tags.Add(tag);
        return stored;
    }
}

public sealed class EcrImage
{
    public required string Digest { get; init; }
    public List<string> Tags { get; } = [];
    public long SizeBytes { get; init; }
    public DateTime PushedAt { get; init; }
    public string ScanStatus { get; init; } = "COMPLETE";
}

/// <summary>How the emulated SSM agent runs commands: how long, and how they end.</summary>
public sealed record SsmSettings
{
    /// <summary>Seconds (emulator clock) from launch until the instance's SSM agent answers.</summary>
    public double AgentReadySeconds { get; init; }
    public double CommandSeconds { get; init; } = 60;
    /// <summary>
    /// Seconds (emulator clock) after SendCommand during which GetCommandInvocation still answers InvocationDoesNotExist,
    /// as SSM does while the invocation is being created (botocore's CommandExecuted waiter retries on that error).
    /// </summary>
    public double InvocationVisibleAfterSeconds { get; init; } = 0.2;
    /// <summary>Success, Failed or Hang (never ends on its own).</summary>
    public string Outcome { get; init; } = "Success";
    /// <summary>With Failed: the step (1-based) at which the command fails.</summary>
    public int FailAtStep { get; init; } = 3;
}

/// <summary>One SSM Run Command on one instance, executed by the emulator on its clock.</summary>
public sealed class SsmCommand
{
    public required string CommandId { get; init; }
    public required string InstanceId { get; init; }
    public required string DocumentName { get; init; }
    public required List<string> Commands { get; init; }
    public required DateTime RequestedAt { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required SsmSettings Settings { get; init; }
    public string? OutputBucket { get; init; }
    public string? OutputPrefix { get; init; }
    public string? Comment { get; init; }
    public string Status { get; set; } = "InProgress";
    public DateTime? EndedAt { get; set; }
    public int? ResponseCode { get; set; }
    public bool Published { get; set; }
    /// <summary>Why the command's final push failed (an immutable tag), shown as its standard error.</summary>
    public string? PushError { get; set; }
}

/// <summary>A cost budget as terraform/alerts.tf makes it (MONTHLY, USD), with the spend AWS would have calculated against it.</summary>
public sealed class BudgetRecord(string name, double limitUsd, DateTime created)
{
    public string Name { get; } = name;
    public double LimitUsd { get; set; } = limitUsd;
    public DateTime Created { get; } = created;
    public double ActualUsd { get; set; }
    public double? ForecastedUsd { get; set; }
}
