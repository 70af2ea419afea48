using System.Globalization;
using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>
/// The AWS Price List Service (json 1.1, AWSPriceListService.GetProducts) for EC2 Linux On-Demand prices: one aws_v1
/// document per instance type, priced from the module's catalog (the emulator's price list), paged.
/// </summary>
public sealed class PricingHandler(EmulatorState state) : IServiceHandler
{
    private const string TargetPrefix = "AWSPriceListService.";

    public string SigningName => "pricing";
    public string IamPrefix => "pricing";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    /// <summary>Prices the emulator quotes where the catalog has none for a region: us-east-1's, so every region has a list.</summary>
    public const string FallbackPriceRegion = "us-east-1";

    public string? OperationOf(EmulatorRequest request) =>
        request.Target == TargetPrefix + "GetProducts" ? "GetProducts" : null;

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        if (input.Required("ServiceCode", "InvalidParameterException") != "AmazonEC2")
        {
            throw new EmulatorError(400, "InvalidParameterException", "The emulator's price list holds AmazonEC2 only.");
        }
        var filters = (input["Filters"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(f => f.Required("Field", "InvalidParameterException"), f => f.Required("Value", "InvalidParameterException"), StringComparer.OrdinalIgnoreCase);
        var region = filters.GetValueOrDefault("regionCode");
        if (region is null) throw new EmulatorError(400, "InvalidParameterException", "The emulator needs a regionCode filter.");
        var linuxShared = filters.GetValueOrDefault("operatingSystem", "Linux") == "Linux" && filters.GetValueOrDefault("tenancy", "Shared") == "Shared";
        var rows = InstanceTypeData.All.Values
            .Where(r => !filters.TryGetValue("instanceType", out var type) || r.InstanceType == type)
            .Select(r => (Row: r, Price: r.OnDemandPrices.TryGetValue(region, out var p) ? p : r.OnDemandPrices.GetValueOrDefault(FallbackPriceRegion)))
            .Where(x => linuxShared && x.Price > 0)
            .OrderBy(x => x.Row.InstanceType, StringComparer.Ordinal).ToList();
        var size = Math.Min((int)(input.Num("MaxResults") ?? 100), state.MaxPageSize);
        var offset = JsonWire.Offset(input.Str("NextToken"));
        var page = rows.Skip(offset).Take(size).Select(x => (JsonNode)PriceDocument(x.Row.InstanceType, region, x.Price).ToJsonString()).ToArray();
        var result = new JsonObject { ["FormatVersion"] = "aws_v1", ["PriceList"] = new JsonArray(page) };
        if (JsonWire.NextToken(offset, size, rows.Count) is { } next) result["NextToken"] = next;
        return JsonWire.Ok(result);
    }

    private static JsonObject PriceDocument(string instanceType, string region, double price)
    {
        var sku = $"EMU{Math.Abs((instanceType + region).GetHashCode(StringComparison.Ordinal)):X8}";
        return new JsonObject
        {
            ["product"] = new JsonObject
            {
                ["productFamily"] = "Compute Instance",
                ["attributes"] = new JsonObject
                {
                    ["instanceType"] = instanceType, ["regionCode"] = region, ["operatingSystem"] = "Linux",
                    ["tenancy"] = "Shared", ["preInstalledSw"] = "NA", ["capacitystatus"] = "Used",
                },
                ["sku"] = sku,
            },
            ["serviceCode"] = "AmazonEC2",
            ["terms"] = new JsonObject
            {
                ["OnDemand"] = new JsonObject
                {
                    [$"{sku}.JRTCKXETXF"] = new JsonObject
                    {
                        ["effectiveDate"] = "2026-11-01T00:00:00Z",
                        ["priceDimensions"] = new JsonObject
                        {
                            [$"{sku}.JRTCKXETXF.6YS6EN2CT7"] = new JsonObject
                            {
                                ["unit"] = "Hrs",
                                ["pricePerUnit"] = new JsonObject { ["USD"] = price.ToString("0.0000000000", CultureInfo.InvariantCulture) },
                            },
                        },
                    },
                },
            },
            ["publicationDate"] = "2026-11-20T00:00:00Z",
        };
    }
}
