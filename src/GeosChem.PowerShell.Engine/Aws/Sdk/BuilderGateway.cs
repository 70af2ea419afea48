using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>How to launch one builder instance.</summary>
internal sealed record BuilderLaunch(string ImageId, string InstanceType, string SubnetId, IReadOnlyList<string> SecurityGroupIds,
    string InstanceProfile, string UserData, string ClientToken, int RootVolumeGiB, IReadOnlyDictionary<string, string> Tags);

/// <summary>A builder instance as EC2 reports it.</summary>
internal sealed record BuilderInstance(string InstanceId, string State, DateTime? LaunchTime, IReadOnlyDictionary<string, string> Tags);

/// <summary>An SSM command invocation's state and output so far.</summary>
internal sealed record CommandState(string Status, string Output, string Error, int ResponseCode);

/// <summary>The EC2, SSM and S3 calls an image build makes, through the served SDK clients.</summary>
internal interface IBuilderCloud
{
    Task<IReadOnlyList<AmiInfo>> DescribeImagesAsync(string owner, string nameFilter, string architecture, CancellationToken ct);
    Task<string> RunBuilderAsync(BuilderLaunch launch, CancellationToken ct);
    Task<IReadOnlyList<BuilderInstance>> DescribeBuildersAsync(string tagKey, string? tagValue, CancellationToken ct);
    Task TerminateAsync(string instanceId, CancellationToken ct);
    Task TagAsync(string instanceId, IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    Task PutObjectAsync(string bucket, string key, byte[] content, CancellationToken ct);
    /// <summary>
    /// An object of a public S3 bucket by an anonymous GET (no credential, so no IAM policy of the caller is involved), at
    /// the S3 endpoint in effect (an -EndpointUrl or AWS_ENDPOINT_URL_S3 replaces the host of <paramref name="url"/>);
    /// null when it cannot be read.
    /// </summary>
    Task<byte[]?> GetPublicObjectAsync(Uri url, CancellationToken ct);
    /// <summary>Sends the script; null while the instance's SSM agent is not yet registered.</summary>
    Task<string?> TrySendCommandAsync(string instanceId, IReadOnlyList<string> commands, TimeSpan executionTimeout, string outputBucket, string outputPrefix, string comment, CancellationToken ct);
    Task<CommandState> GetInvocationAsync(string commandId, string instanceId, CancellationToken ct);
    /// <summary>The id of a command already sent to the instance whose comment is <paramref name="comment"/>, if any.</summary>
    Task<string?> FindCommandAsync(string instanceId, string comment, CancellationToken ct);
}

/// <remarks>
/// SendCommand has no idempotency token: a retried SendCommand whose first attempt reached SSM runs the build twice.
/// It therefore goes through our protocol client as a non-idempotent call (the SDK would retry a lost answer); the
/// caller resolves an unknown outcome by looking the command up.
/// </remarks>
internal sealed class BuilderGateway(AwsContext context, IAmazonEC2 ec2, IAmazonSimpleSystemsManagement ssm, IAmazonS3 s3) : IBuilderCloud
{
    private readonly Protocol.AwsProtocolClient _ssmSend = new(AwsServiceDescriptor.Ssm, context, Protocol.AwsJson.PascalCase);
    private readonly Uri _ec2 = context.EndpointFor(AwsServiceDescriptor.Ec2);
    private readonly Uri _ssm = context.EndpointFor(AwsServiceDescriptor.Ssm);
    private readonly Uri _s3 = context.EndpointFor(AwsServiceDescriptor.S3);

    private Task<T> Ec2<T>(string operation, Func<Task<T>> call) => SdkCall.Run(AwsServiceDescriptor.Ec2, operation, context, _ec2, call);

    public async Task<IReadOnlyList<AmiInfo>> DescribeImagesAsync(string owner, string nameFilter, string architecture, CancellationToken ct)
    {
        var response = await Ec2("DescribeImages", () => ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = [owner],
            Filters = [new Ec2Filter("name", [nameFilter]), new Ec2Filter("architecture", [architecture]), new Ec2Filter("state", ["available"])],
        }, ct)).ConfigureAwait(false);
        return (response.Images ?? []).Select(i => new AmiInfo(i.ImageId, i.Name ?? "", i.OwnerId ?? "", i.Architecture?.Value ?? "",
            DateTime.TryParse(i.CreationDate, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var d) ? d : DateTime.MinValue)).ToList();
    }

    public async Task<string> RunBuilderAsync(BuilderLaunch launch, CancellationToken ct)
    {
        var request = new RunInstancesRequest
        {
            ImageId = launch.ImageId,
            InstanceType = launch.InstanceType,
            MinCount = 1,
            MaxCount = 1,
            ClientToken = launch.ClientToken,
            SubnetId = launch.SubnetId,
            SecurityGroupIds = [.. launch.SecurityGroupIds],
            IamInstanceProfile = new IamInstanceProfileSpecification { Name = launch.InstanceProfile },
            InstanceInitiatedShutdownBehavior = ShutdownBehavior.Terminate,
            MetadataOptions = new InstanceMetadataOptionsRequest
            {
                HttpTokens = HttpTokensState.Required,
                HttpEndpoint = InstanceMetadataEndpointState.Enabled,
                // 1: the build's own containers (podman RUN steps, one hop further) cannot reach the builder's role credentials.
                HttpPutResponseHopLimit = 1,
            },
            BlockDeviceMappings = [new BlockDeviceMapping
            {
                DeviceName = "/dev/sda1",
                Ebs = new EbsBlockDevice { VolumeSize = launch.RootVolumeGiB, VolumeType = VolumeType.Gp3, DeleteOnTermination = true, Encrypted = true },
            }],
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(launch.UserData)),
            TagSpecifications = [new TagSpecification
            {
                ResourceType = Amazon.EC2.ResourceType.Instance,
                Tags = [.. launch.Tags.Select(t => new Ec2Tag(t.Key, t.Value))],
            }],
        };
        var response = await Ec2("RunInstances", () => ec2.RunInstancesAsync(request, ct)).ConfigureAwait(false);
        return response.Reservation.Instances[0].InstanceId;
    }

    public async Task<IReadOnlyList<BuilderInstance>> DescribeBuildersAsync(string tagKey, string? tagValue, CancellationToken ct)
    {
        var found = new List<BuilderInstance>();
        string? token = null;
        do
        {
            var filter = tagValue is null ? new Ec2Filter("tag-key", [tagKey]) : new Ec2Filter($"tag:{tagKey}", [tagValue]);
            var page = await Ec2("DescribeInstances", () => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [filter], NextToken = token }, ct)).ConfigureAwait(false);
            foreach (var i in (page.Reservations ?? []).SelectMany(r => r.Instances ?? []))
            {
                found.Add(new BuilderInstance(i.InstanceId, i.State?.Name?.Value ?? "", i.LaunchTime,
                    (i.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
            }
            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (token is not null);
        return found;
    }

    public Task TerminateAsync(string instanceId, CancellationToken ct) =>
        Ec2("TerminateInstances", () => ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instanceId] }, ct));

    public Task TagAsync(string instanceId, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        Ec2("CreateTags", () => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [instanceId], Tags = [.. tags.Select(t => new Ec2Tag(t.Key, t.Value))] }, ct));

    public Task PutObjectAsync(string bucket, string key, byte[] content, CancellationToken ct) =>
        SdkCall.Run(AwsServiceDescriptor.S3, "PutObject", context, _s3, () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "application/gzip",
            UseChunkEncoding = false,
        }, ct));

    public async Task<byte[]?> GetPublicObjectAsync(Uri url, CancellationToken ct)
    {
        var overridden = EndpointResolver.Override(AwsServiceDescriptor.S3, context.EndpointUrl, context.Environment);
        var target = overridden is null ? url : new Uri(overridden, url.AbsolutePath.TrimStart('/'));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            using var response = await http.GetAsync(target, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // the client's own timeout
        }
    }

    public async Task<string?> TrySendCommandAsync(string instanceId, IReadOnlyList<string> commands, TimeSpan executionTimeout, string outputBucket,
        string outputPrefix, string comment, CancellationToken ct)
    {
        var request = new SsmSendCommandRequest("AWS-RunShellScript", [instanceId],
            new Dictionary<string, List<string>>
            {
                ["commands"] = [.. commands],
                ["executionTimeout"] = [((int)executionTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            },
            600, outputBucket, outputPrefix, comment.Length > 100 ? comment[..100] : comment);
        try
        {
            // Not idempotent: only an answer that proves nothing ran (a throttle) is retried; a lost answer throws AwsOutcomeUnknownException.
            var response = await _ssmSend.CallJsonAsync<SsmSendCommandResponse>("SendCommand", request, ct, idempotent: false).ConfigureAwait(false);
            return response.Command?.CommandId ?? throw new Errors.AwsOutcomeUnknownException(AwsServiceDescriptor.Ssm.ServiceId, "SendCommand", "the answer named no command");
        }
        catch (Errors.AwsServiceException ex) when (ex.ErrorCode == "InvalidInstanceId")
        {
            return null;
        }
    }

    public async Task<CommandState> GetInvocationAsync(string commandId, string instanceId, CancellationToken ct)
    {
        var r = await SdkCall.Run(AwsServiceDescriptor.Ssm, "GetCommandInvocation", context, _ssm,
            () => ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId }, ct)).ConfigureAwait(false);
        return new CommandState(r.Status?.Value ?? "", r.StandardOutputContent ?? "", r.StandardErrorContent ?? "", r.ResponseCode ?? -1);
    }

    public async Task<string?> FindCommandAsync(string instanceId, string comment, CancellationToken ct)
    {
        var shortComment = comment.Length > 100 ? comment[..100] : comment;
        var r = await SdkCall.Run(AwsServiceDescriptor.Ssm, "ListCommandInvocations", context, _ssm,
            () => ssm.ListCommandInvocationsAsync(new ListCommandInvocationsRequest { InstanceId = instanceId }, ct)).ConfigureAwait(false);
        return (r.CommandInvocations ?? []).FirstOrDefault(i => i.Comment == shortComment)?.CommandId;
    }
}

internal sealed record SsmSendCommandRequest(string DocumentName, List<string> InstanceIds, Dictionary<string, List<string>> Parameters,
    int TimeoutSeconds, string OutputS3BucketName, string OutputS3KeyPrefix, string Comment);

internal sealed record SsmSendCommandResponse(SsmCommandShape? Command);

internal sealed record SsmCommandShape(string? CommandId);
