using System.Text;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>EC2 (the ec2 query protocol: form-encoded Action, XML answers).</summary>
public sealed partial class Ec2Handler(EmulatorState state) : IServiceHandler
{
    private const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static readonly string[] Operations =
    [
        "DescribeInstances", "DescribeInstanceTypes", "DescribeSpotPriceHistory", "RunInstances", "TerminateInstances", "DescribeImages", "CreateTags", "DescribeVpcs",
        "DescribeLaunchTemplateVersions",
    ];

    public string SigningName => "ec2";
    public string IamPrefix => "ec2";
    public (int Status, string Code) Throttling => (503, "RequestLimitExceeded");
    public (int Status, string Code) UnknownKey => (401, "AuthFailure");
    public (int Status, string Code) BadSignature => (401, "AuthFailure");

    public string? OperationOf(EmulatorRequest request) =>
        request.Form.TryGetValue("Action", out var action) && Operations.Contains(action) ? action : null;

    public EmulatorResponse Error(int status, string code, string message, string requestId) => QueryWire.Ec2Error(status, code, message, requestId);

    public EmulatorResponse Handle(string operation, EmulatorRequest request) => operation switch
    {
        "DescribeInstances" => DescribeInstances(request),
        "DescribeInstanceTypes" => DescribeInstanceTypes(request),
        "DescribeSpotPriceHistory" => DescribeSpotPriceHistory(request),
        "RunInstances" => RunInstances(request),
        "TerminateInstances" => TerminateInstances(request),
        "DescribeImages" => DescribeImages(request),
        "CreateTags" => CreateTags(request),
        "DescribeVpcs" => DescribeVpcs(request),
        "DescribeLaunchTemplateVersions" => DescribeLaunchTemplateVersions(request),
        _ => throw new EmulatorError(400, "InvalidAction", operation),
    };

    private EmulatorResponse DescribeInstances(EmulatorRequest request)
    {
        var filters = Filters(request.Form);
        var ids = Indexed(request.Form, "InstanceId");
        List<InstanceRecord> matching;
        lock (request.Region.Gate)
        {
            InstanceLifecycle.Advance(request.Region);
            matching = request.Region.Instances
                .Where(i => ids.Count == 0 || ids.Contains(i.InstanceId))
                .Where(i => !filters.TryGetValue("instance-state-name", out var states) || states.Contains(i.State))
                .Where(i => !filters.TryGetValue("instance-type", out var types) || types.Contains(i.InstanceType))
                .Where(i => !filters.TryGetValue("instance-id", out var wanted) || wanted.Contains(i.InstanceId))
                .Where(i => !filters.TryGetValue("tag-key", out var keys) || keys.Any(i.Tags.ContainsKey))
                .Where(i => filters.Where(f => f.Key.StartsWith("tag:", StringComparison.Ordinal))
                    .All(f => i.Tags.TryGetValue(f.Key[4..], out var v) && f.Value.Contains(v)))
                .ToList();
            if (ids.Count > 0 && ids.FirstOrDefault(id => matching.All(m => m.InstanceId != id)) is { } unknown && request.Region.Instances.All(i => i.InstanceId != unknown))
            {
                throw new EmulatorError(400, "InvalidInstanceID.NotFound", $"The instance ID '{unknown}' does not exist");
            }
        }
        var (page, next) = Page(matching, request.Form);
        var xml = new StringBuilder();
        xml.Append($"<DescribeInstancesResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><reservationSet>");
        foreach (var i in page)
        {
            var type = InstanceTypeData.All.GetValueOrDefault(i.InstanceType);
            xml.Append($"<item><reservationId>r-{i.InstanceId[2..]}</reservationId><ownerId>{request.Account}</ownerId><instancesSet><item>")
               .Append($"<instanceId>{i.InstanceId}</instanceId><instanceType>{i.InstanceType}</instanceType>")
               .Append($"<instanceState><code>{StateCode(i.State)}</code><name>{i.State}</name></instanceState>")
               .Append($"<launchTime>{i.LaunchTime:yyyy-MM-ddTHH:mm:ss.fffZ}</launchTime>")
               .Append(i.Spot ? "<instanceLifecycle>spot</instanceLifecycle>" : "")
               .Append(type is null ? "" : $"<cpuOptions><coreCount>{type.Cores}</coreCount><threadsPerCore>{type.ThreadsPerCore}</threadsPerCore></cpuOptions>")
               .Append($"<architecture>{type?.Architecture ?? "x86_64"}</architecture>")
               .Append(InstanceDetailXml(i))
               .Append("</item></instancesSet></item>");
        }
        xml.Append("</reservationSet>");
        if (next is not null) xml.Append($"<nextToken>{next}</nextToken>");
        xml.Append("</DescribeInstancesResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    /// <summary>One template's versions (the emulator keeps one), with the network interfaces of its launch data.</summary>
    private static EmulatorResponse DescribeLaunchTemplateVersions(EmulatorRequest request)
    {
        var id = request.Form.GetValueOrDefault("LaunchTemplateId");
        var name = request.Form.GetValueOrDefault("LaunchTemplateName");
        var versions = Indexed(request.Form, "LaunchTemplateVersion");
        LaunchTemplateRecord template;
        lock (request.Region.Gate)
        {
            template = request.Region.LaunchTemplates.Values.FirstOrDefault(t => t.Id == id || (id is null && t.Name == name))
                ?? throw (id is not null
                    ? new EmulatorError(400, "InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.")
                    : new EmulatorError(400, "InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name}, does not exist."));
        }
        var wanted = versions.Count == 0 || versions.Any(v => v is "$Latest" or "$Default" || v == template.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var xml = new StringBuilder();
        xml.Append($"<DescribeLaunchTemplateVersionsResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><launchTemplateVersionSet>");
        if (wanted)
        {
            xml.Append($"<item><launchTemplateId>{template.Id}</launchTemplateId><launchTemplateName>{template.Name}</launchTemplateName>")
               .Append($"<versionNumber>{template.Version}</versionNumber><defaultVersion>true</defaultVersion><launchTemplateData>");
            if (template.NetworkInterfaceTypes.Count > 0)
            {
                xml.Append("<networkInterfaceSet>");
                foreach (var (type, index) in template.NetworkInterfaceTypes.Select((t, i) => (t, i)))
                {
                    xml.Append($"<item><deviceIndex>{index}</deviceIndex><networkCardIndex>{index}</networkCardIndex><interfaceType>{type}</interfaceType></item>");
                }
                xml.Append("</networkInterfaceSet>");
            }
            xml.Append("</launchTemplateData></item>");
        }
        xml.Append("</launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private EmulatorResponse DescribeInstanceTypes(EmulatorRequest request)
    {
        var asked = Indexed(request.Form, "InstanceType");
        var unknown = asked.Where(t => !InstanceTypeData.All.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new EmulatorError(400, "InvalidInstanceType", $"The following supplied instance types do not exist: [{string.Join(", ", unknown)}]");
        }
        var rows = (asked.Count > 0 ? asked.Select(t => InstanceTypeData.All[t]) : InstanceTypeData.All.Values.OrderBy(r => r.InstanceType)).ToList();
        var (page, next) = Page(rows, request.Form);
        var xml = new StringBuilder();
        xml.Append($"<DescribeInstanceTypesResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><instanceTypeSet>");
        foreach (var t in page)
        {
            xml.Append($"<item><instanceType>{t.InstanceType}</instanceType>")
               .Append($"<processorInfo><supportedArchitectures><item>{t.Architecture}</item></supportedArchitectures></processorInfo>")
               .Append($"<vCpuInfo><defaultVCpus>{t.VCpus}</defaultVCpus><defaultCores>{t.Cores}</defaultCores><defaultThreadsPerCore>{t.ThreadsPerCore}</defaultThreadsPerCore></vCpuInfo>")
               .Append($"<memoryInfo><sizeInMiB>{(long)(t.MemoryGiB * 1024)}</sizeInMiB></memoryInfo>")
               .Append($"<networkInfo><efaSupported>{t.Efa.ToString().ToLowerInvariant()}</efaSupported></networkInfo></item>");
        }
        xml.Append("</instanceTypeSet>");
        if (next is not null) xml.Append($"<nextToken>{next}</nextToken>");
        xml.Append("</DescribeInstanceTypesResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    /// <summary>
    /// The price in force now in three Availability Zones: a fixed share of the On-Demand price per zone (0.30, 0.35,
    /// 0.40), so the median is 35% of On-Demand, a typical Spot discount.
    /// </summary>
    private EmulatorResponse DescribeSpotPriceHistory(EmulatorRequest request)
    {
        var types = Indexed(request.Form, "InstanceType");
        var rows = (types.Count > 0 ? types.Where(InstanceTypeData.All.ContainsKey).Select(t => InstanceTypeData.All[t]) : InstanceTypeData.All.Values)
            .SelectMany(r => new[] { ("a", 0.30), ("b", 0.35), ("c", 0.40) }.Select(z => (Row: r, Zone: request.Region.Region + z.Item1,
                Price: r.OnDemandPrices.TryGetValue(request.Region.Region, out var p) ? p * z.Item2 : r.OnDemandPrices.GetValueOrDefault(PricingHandler.FallbackPriceRegion) * z.Item2)))
            .Where(x => x.Price > 0).ToList();
        var (page, next) = Page(rows, request.Form);
        var now = request.Region.Clock.UtcNow;
        var xml = new StringBuilder();
        xml.Append($"<DescribeSpotPriceHistoryResponse xmlns=\"{Namespace}\"><requestId>{request.RequestId}</requestId><spotPriceHistorySet>");
        foreach (var (row, zone, price) in page)
        {
            xml.Append($"<item><instanceType>{row.InstanceType}</instanceType><productDescription>Linux/UNIX</productDescription>")
               .Append($"<spotPrice>{price.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)}</spotPrice>")
               .Append($"<timestamp>{now:yyyy-MM-ddTHH:mm:ss.fffZ}</timestamp><availabilityZone>{zone}</availabilityZone></item>");
        }
        xml.Append("</spotPriceHistorySet>");
        if (next is not null) xml.Append($"<nextToken>{next}</nextToken>");
        xml.Append("</DescribeSpotPriceHistoryResponse>");
        return new EmulatorResponse(200, QueryWire.Xml, xml.ToString());
    }

    private (List<T> Page, string? Next) Page<T>(List<T> all, IReadOnlyDictionary<string, string> form)
    {
        var size = Math.Min(form.TryGetValue("MaxResults", out var m) && int.TryParse(m, out var n) ? n : 1000, Math.Max(state.MaxPageSize, 5));
        var offset = JsonWire.Offset(form.GetValueOrDefault("NextToken"));
        return (all.Skip(offset).Take(size).ToList(), JsonWire.NextToken(offset, size, all.Count));
    }

    private static int StateCode(string state) => state switch
    {
        "pending" => 0, "running" => 16, "shutting-down" => 32, "terminated" => 48, "stopping" => 64, "stopped" => 80, _ => 16,
    };

    /// <summary>Prefix.1, Prefix.2, ... of a query-protocol list.</summary>
    public static List<string> Indexed(IReadOnlyDictionary<string, string> form, string prefix) =>
        form.Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal) && int.TryParse(kv.Key[(prefix.Length + 1)..], out _))
            .OrderBy(kv => int.Parse(kv.Key[(prefix.Length + 1)..])).Select(kv => kv.Value).ToList();

    /// <summary>Filter.N.Name and Filter.N.Value.M, as name to values.</summary>
    public static Dictionary<string, HashSet<string>> Filters(IReadOnlyDictionary<string, string> form)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var n = 1; form.TryGetValue($"Filter.{n}.Name", out var name); n++)
        {
            result[name] = [.. Indexed(form, $"Filter.{n}.Value")];
        }
        return result;
    }
}
