using System.Text;
using System.Text.RegularExpressions;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>EC2 operations an image build uses: launching and terminating a builder, finding the AMI, tagging.</summary>
public sealed partial class Ec2Handler
{
    [GeneratedRegex(@"shutdown\s+-h\s+\+(\d+)")]
    private static partial Regex ShutdownTimer();

    private EmulatorResponse RunInstances(EmulatorRequest request)
    {
        var form = request.Form;
        var imageId = form.GetValueOrDefault("ImageId") ?? throw new EmulatorError(400, "MissingParameter", "The request must contain the parameter ImageId");
        var type = form.GetValueOrDefault("InstanceType") ?? "m1.small";
        if (!InstanceTypeData.All.ContainsKey(type)) throw new EmulatorError(400, "InvalidParameterValue", $"Invalid value '{type}' for InstanceType.");
        var image = AmiSeed.For(request.Region.Region).FirstOrDefault(a => a.ImageId == imageId)
            ?? throw new EmulatorError(400, "InvalidAMIID.NotFound", $"The image id '[{imageId}]' does not exist");
        if (InstanceTypeData.All[type].Architecture != image.Architecture)
        {
            throw new EmulatorError(400, "InvalidParameterValue", $"The architecture '{InstanceTypeData.All[type].Architecture}' of the specified instance type does not match the architecture '{image.Architecture}' of the specified AMI.");
        }
        var token = form.GetValueOrDefault("ClientToken");
        lock (request.Region.Gate)
        {
            InstanceLifecycle.Advance(request.Region);
            if (token is not null && request.Region.Instances.FirstOrDefault(i => i.ClientToken == token) is { } earlier)
            {
                if (earlier.ImageId != imageId || earlier.InstanceType != type)
                {
                    throw new EmulatorError(400, "IdempotentParameterMismatch", "The client token you have provided is associated with a request that had different parameters.");
                }
                return Reservation(request, [earlier]);
            }
            var userData = form.TryGetValue("UserData", out var encoded) ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null;
            var now = request.Region.Clock.UtcNow;
            var timer = userData is null ? null : ShutdownTimer().Match(userData) is { Success: true } m ? now.AddMinutes(int.Parse(m.Groups[1].Value)) : (DateTime?)null;
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var n = 1; form.TryGetValue($"TagSpecification.{n}.ResourceType", out var resource); n++)
            {
                if (resource != "instance") continue;
                for (var t = 1; form.TryGetValue($"TagSpecification.{n}.Tag.{t}.Key", out var key); t++) tags[key] = form.GetValueOrDefault($"TagSpecification.{n}.Tag.{t}.Value") ?? "";
            }
            var instance = new InstanceRecord($"i-{Guid.NewGuid():N}"[..19], type, "pending", false, now)
            {
                ImageId = imageId,
                SubnetId = form.GetValueOrDefault("SubnetId"),
                SecurityGroupIds = Indexed(form, "SecurityGroupId"),
                InstanceProfile = form.GetValueOrDefault("IamInstanceProfile.Name") ?? form.GetValueOrDefault("IamInstanceProfile.Arn"),
                KeyName = form.GetValueOrDefault("KeyName"),
                ClientToken = token,
                UserData = userData,
                ShutdownBehavior = form.GetValueOrDefault("InstanceInitiatedShutdownBehavior") ?? "stop",
                HttpTokens = form.GetValueOrDefault("MetadataOptions.HttpTokens") ?? "optional",
                // EC2's default hop limit is 1 when RunInstances does not set one.
                HttpPutResponseHopLimit = int.TryParse(form.GetValueOrDefault("MetadataOptions.HttpPutResponseHopLimit"), out var hops) ? hops : 1,
                Tags = tags,
                ShutdownAt = timer,
                StateChangeAt = now.AddSeconds(InstanceLifecycle.PendingSeconds),
            };
            request.Region.Instances.Add(instance);
            return Reservation(request, [instance]);
        }
    }

    private static EmulatorResponse Reservation(EmulatorRequest request, List<InstanceRecord> instances)
    {
        var xml = new StringBuilder();
        xml.Append($"<RunInstancesResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><reservationId>r-{instances[0].InstanceId[2..]}</reservationId>")
           .Append($"<ownerId>{request.Account}</ownerId><groupSet/><instancesSet>");
        foreach (var i in instances)
        {
            xml.Append($"<item><instanceId>{i.InstanceId}</instanceId><instanceType>{i.InstanceType}</instanceType>")
               .Append($"<instanceState><code>0</code><name>{i.State}</name></instanceState><launchTime>{i.LaunchTime:yyyy-MM-ddTHH:mm:ss.fffZ}</launchTime>")
               .Append(InstanceDetailXml(i)).Append("</item>");
        }
        xml.Append("</instancesSet></RunInstancesResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private static string InstanceDetailXml(InstanceRecord i)
    {
        var xml = new StringBuilder();
        if (i.ImageId is not null) xml.Append($"<imageId>{i.ImageId}</imageId>");
        if (i.SubnetId is not null) xml.Append($"<subnetId>{QueryWire.Escape(i.SubnetId)}</subnetId>");
        if (i.KeyName is not null) xml.Append($"<keyName>{QueryWire.Escape(i.KeyName)}</keyName>");
        if (i.InstanceProfile is not null) xml.Append($"<iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/{QueryWire.Escape(i.InstanceProfile)}</arn></iamInstanceProfile>");
        if (i.SecurityGroupIds.Count > 0) xml.Append("<groupSet>").Append(string.Concat(i.SecurityGroupIds.Select(g => $"<item><groupId>{QueryWire.Escape(g)}</groupId></item>"))).Append("</groupSet>");
        xml.Append($"<metadataOptions><httpTokens>{i.HttpTokens}</httpTokens><httpEndpoint>enabled</httpEndpoint><httpPutResponseHopLimit>{i.HttpPutResponseHopLimit}</httpPutResponseHopLimit></metadataOptions>");
        if (i.StateReason is not null) xml.Append($"<stateReason><code>{QueryWire.Escape(i.StateReason)}</code><message>{QueryWire.Escape(i.StateReason)}</message></stateReason>");
        if (i.Tags.Count > 0)
        {
            xml.Append("<tagSet>").Append(string.Concat(i.Tags.Select(t => $"<item><key>{QueryWire.Escape(t.Key)}</key><value>{QueryWire.Escape(t.Value)}</value></item>"))).Append("</tagSet>");
        }
        return xml.ToString();
    }

    private EmulatorResponse TerminateInstances(EmulatorRequest request)
    {
        var ids = Indexed(request.Form, "InstanceId");
        var xml = new StringBuilder($"<TerminateInstancesResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><instancesSet>");
        lock (request.Region.Gate)
        {
            InstanceLifecycle.Advance(request.Region);
            foreach (var id in ids)
            {
                var instance = request.Region.Instances.FirstOrDefault(i => i.InstanceId == id)
                    ?? throw new EmulatorError(400, "InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");
                var previous = instance.State;
                InstanceLifecycle.Terminate(request.Region, instance, "Client.UserInitiatedShutdown");
                xml.Append($"<item><instanceId>{id}</instanceId><currentState><code>32</code><name>{instance.State}</name></currentState>")
                   .Append($"<previousState><code>{StateCode(previous)}</code><name>{previous}</name></previousState></item>");
            }
        }
        xml.Append("</instancesSet></TerminateInstancesResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private EmulatorResponse DescribeImages(EmulatorRequest request)
    {
        var owners = Indexed(request.Form, "Owner");
        var ids = Indexed(request.Form, "ImageId");
        var filters = Filters(request.Form);
        var images = AmiSeed.For(request.Region.Region)
            .Where(a => owners.Count == 0 || owners.Contains(a.OwnerId))
            .Where(a => ids.Count == 0 || ids.Contains(a.ImageId))
            .Where(a => !filters.TryGetValue("name", out var names) || names.Any(n => Wildcard(n, a.Name)))
            .Where(a => !filters.TryGetValue("architecture", out var arch) || arch.Contains(a.Architecture))
            .Where(a => !filters.TryGetValue("state", out var st) || st.Contains("available"))
            .ToList();
        var xml = new StringBuilder($"<DescribeImagesResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><imagesSet>");
        foreach (var a in images)
        {
            xml.Append($"<item><imageId>{a.ImageId}</imageId><imageLocation>{a.OwnerId}/{a.Name}</imageLocation><imageState>available</imageState>")
               .Append($"<imageOwnerId>{a.OwnerId}</imageOwnerId><creationDate>{a.CreationDate:yyyy-MM-ddTHH:mm:ss.fffZ}</creationDate><isPublic>true</isPublic>")
               .Append($"<architecture>{a.Architecture}</architecture><imageType>machine</imageType><name>{a.Name}</name>")
               .Append("<rootDeviceType>ebs</rootDeviceType><virtualizationType>hvm</virtualizationType><enaSupport>true</enaSupport></item>");
        }
        xml.Append("</imagesSet></DescribeImagesResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private EmulatorResponse CreateTags(EmulatorRequest request)
    {
        var ids = Indexed(request.Form, "ResourceId");
        lock (request.Region.Gate)
        {
            foreach (var id in ids)
            {
                var instance = request.Region.Instances.FirstOrDefault(i => i.InstanceId == id)
                    ?? throw new EmulatorError(400, "InvalidID", $"The ID '{id}' is not valid");
                for (var n = 1; request.Form.TryGetValue($"Tag.{n}.Key", out var key); n++) instance.Tags[key] = request.Form.GetValueOrDefault($"Tag.{n}.Value") ?? "";
            }
        }
        return new EmulatorResponse(200, QueryWire.Xml, $"<CreateTagsResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><return>true</return></CreateTagsResponse>");
    }

    /// <summary>Every region has its default VPC (172.31.0.0/16), as a new account does.</summary>
    private static EmulatorResponse DescribeVpcs(EmulatorRequest request)
    {
        var vpcs = new[] { ($"vpc-{Math.Abs(request.Region.Region.GetHashCode(StringComparison.Ordinal)):x8}", "172.31.0.0/16", true) };
        var xml = new StringBuilder($"<DescribeVpcsResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><vpcSet>");
        foreach (var (id, cidr, isDefault) in vpcs)
        {
            xml.Append($"<item><vpcId>{id}</vpcId><state>available</state><cidrBlock>{cidr}</cidrBlock><isDefault>{isDefault.ToString().ToLowerInvariant()}</isDefault></item>");
        }
        xml.Append("</vpcSet></DescribeVpcsResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private static bool Wildcard(string pattern, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$");
}

/// <summary>Moves launched instances through pending, running, shutting-down and terminated on the emulator clock, and
/// fires their own shutdown timers.</summary>
public static class InstanceLifecycle
{
    public const double PendingSeconds = 2;
    public const double ShuttingDownSeconds = 1;

    public static void Advance(RegionState region)
    {
        var now = region.Clock.UtcNow;
        foreach (var i in region.Instances)
        {
            if (i.State == "pending" && i.StateChangeAt <= now) { i.State = "running"; i.StateChangeAt = null; }
            if (i.State is "pending" or "running" && i.ShutdownAt <= now)
            {
                if (i.ShutdownBehavior == "terminate") Terminate(region, i, "Client.InstanceInitiatedShutdown", i.ShutdownAt);
                else { i.State = "stopped"; i.StateReason = "Client.InstanceInitiatedShutdown"; }
            }
            if (i.State == "shutting-down" && i.StateChangeAt <= now) { i.State = "terminated"; i.StateChangeAt = null; }
        }
    }

    public static void Terminate(RegionState region, InstanceRecord instance, string reason, DateTime? at = null)
    {
        if (instance.State is "terminated" or "shutting-down") return;
        instance.State = "shutting-down";
        instance.StateReason = reason;
        instance.StateChangeAt = (at ?? region.Clock.UtcNow).AddSeconds(ShuttingDownSeconds);
        foreach (var command in region.Commands.Values.Where(c => c.InstanceId == instance.InstanceId && c.Status is "Pending" or "InProgress"))
        {
            command.Status = "Cancelled";
            command.EndedAt = at ?? region.Clock.UtcNow;
        }
    }
}

public sealed record AmiRecord(string ImageId, string Name, string OwnerId, string Architecture, DateTime CreationDate);

/// <summary>Public AMIs every region has: Rocky Linux's (owner 792107900819) of several releases and kinds, and decoys.</summary>
public static class AmiSeed
{
    public const string RockyOwner = "792107900819";

    public static IReadOnlyList<AmiRecord> For(string region)
    {
        var h = Math.Abs(region.GetHashCode(StringComparison.Ordinal)) % 100_000;
        string Id(int n) => $"ami-{h:x5}{n:x12}";
        return
        [
            new(Id(1), "Rocky-9-EC2-Base-9.4-20240523.0.x86_64", RockyOwner, "x86_64", new DateTime(2024, 5, 23, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(2), "Rocky-9-EC2-Base-9.5-20241118.0.x86_64", RockyOwner, "x86_64", new DateTime(2024, 11, 18, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(3), "Rocky-9-EC2-LVM-9.5-20241119.0.x86_64", RockyOwner, "x86_64", new DateTime(2024, 11, 19, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(4), "Rocky-9-EC2-Base-9.4-20240523.0.aarch64", RockyOwner, "arm64", new DateTime(2024, 5, 23, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(5), "Rocky-9-EC2-Base-9.5-20241118.0.aarch64", RockyOwner, "arm64", new DateTime(2024, 11, 18, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(6), "Rocky-8-EC2-Base-8.10-20250101.0.x86_64", RockyOwner, "x86_64", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            new(Id(7), "Rocky-9-EC2-Base-9.6-20250601.0.x86_64", "111122223333", "x86_64", new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc)),
        ];
    }
}
