using System.Text.Json;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning;

internal sealed record QuotaRef(string Code, string Name);

internal sealed record QuotaClass(string Name, Regex FamilyPattern, QuotaRef OnDemand, QuotaRef? Spot);

/// <summary>Which EC2 vCPU quota covers which instance family, read from Data/ec2-quota-classes.json.</summary>
internal sealed class QuotaClassCatalog
{
    private static readonly Lazy<QuotaClassCatalog> Embedded = new(() => Parse(DataFiles.ReadText("ec2-quota-classes.json")));

    private QuotaClassCatalog(string serviceCode, IReadOnlyList<QuotaClass> classes, IReadOnlyList<string> defaults)
    {
        ServiceCode = serviceCode;
        Classes = classes;
        GeosChemDefaults = defaults;
    }

    public static QuotaClassCatalog Default => Embedded.Value;

    public string ServiceCode { get; }
    public IReadOnlyList<QuotaClass> Classes { get; }
    /// <summary>The quotas a GEOS-Chem user meets first: Standard On-Demand and Spot, and HPC On-Demand.</summary>
    public IReadOnlyList<string> GeosChemDefaults { get; }

    public static string FamilyOf(string instanceType)
    {
        var dot = instanceType.IndexOf('.');
        return (dot < 0 ? instanceType : instanceType[..dot]).ToLowerInvariant();
    }

    /// <summary>The class of an instance type, or null for families with no vCPU quota (mac Dedicated Hosts).</summary>
    public QuotaClass? Classify(string instanceType)
    {
        var family = FamilyOf(instanceType);
        return Classes.FirstOrDefault(c => c.FamilyPattern.IsMatch(family));
    }

    /// <summary>The class and pricing model a quota code belongs to, or null if it is not an EC2 vCPU quota.</summary>
    public (QuotaClass Class, bool IsSpot)? FindByCode(string quotaCode)
    {
        foreach (var c in Classes)
        {
            if (c.OnDemand.Code == quotaCode) return (c, false);
            if (c.Spot?.Code == quotaCode) return (c, true);
        }
        return null;
    }

    public QuotaRef QuotaFor(string instanceType, bool spot)
    {
        var quotaClass = Classify(instanceType) ?? throw new GcException(ErrorIds.InstanceClassUnknown, GcErrorKind.InvalidArgument,
            $"No EC2 vCPU quota covers '{instanceType}' (family '{FamilyOf(instanceType)}').",
            FamilyOf(instanceType).StartsWith("mac", StringComparison.Ordinal)
                ? "mac instances run on Dedicated Hosts and are limited per host, not by vCPU; choose another family."
                : "Check the instance type; GEOS-Chem runs on the Standard (c, m, r) and HPC (hpc) families.", instanceType);
        if (!spot) return quotaClass.OnDemand;
        return quotaClass.Spot ?? throw new GcException(ErrorIds.SpotNotAvailable, GcErrorKind.InvalidArgument,
            $"{quotaClass.Name} instances such as '{instanceType}' have no Spot vCPU quota: AWS offers them On-Demand only.",
            "Run without -Spot, or pick a Standard family (c, m, r) for Spot.", instanceType);
    }

    internal static QuotaClassCatalog Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        static QuotaRef? Ref(JsonElement e) => e.ValueKind == JsonValueKind.Object
            ? new QuotaRef(e.GetProperty("code").GetString()!, e.GetProperty("name").GetString()!) : null;
        var classes = root.GetProperty("classes").EnumerateArray().Select(c => new QuotaClass(
            c.GetProperty("name").GetString()!,
            new Regex(c.GetProperty("familyPattern").GetString()!, RegexOptions.CultureInvariant),
            Ref(c.GetProperty("onDemand"))!,
            Ref(c.GetProperty("spot")))).ToList();
        var defaults = root.GetProperty("geosChemDefaults").EnumerateArray().Select(x => x.GetString()!).ToList();
        return new QuotaClassCatalog(root.GetProperty("serviceCode").GetString()!, classes, defaults);
    }
}
