using System.Globalization;
using System.Text.Json;
using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Aws.Pricing;

internal sealed record PricingFilter(string Type, string Field, string Value);

internal sealed record GetProductsRequest(string ServiceCode, IReadOnlyList<PricingFilter> Filters, string FormatVersion, string? NextToken, int MaxResults);

internal sealed class GetProductsResponse
{
    public string? FormatVersion { get; set; }
    public List<string>? PriceList { get; set; }
    public string? NextToken { get; set; }
}

/// <summary>One Linux On-Demand price from the AWS Price List.</summary>
internal sealed record OnDemandPrice(string InstanceType, string RegionCode, double UsdPerHour, DateTime EffectiveDate);

internal interface IPricingClient
{
    IAsyncEnumerable<OnDemandPrice> LinuxOnDemandPricesAsync(string regionCode, CancellationToken cancellationToken);
}

/// <summary>
/// The AWS Price List Service (json 1.1, AWSPriceListService.GetProducts) over our protocol layer. The API is served
/// from a few regions only, so the client is built for us-east-1 whatever region's prices it asks for.
/// </summary>
internal sealed class PricingClient(AwsProtocolClient protocol) : IPricingClient
{
    public const string EndpointRegion = "us-east-1";

    public async IAsyncEnumerable<OnDemandPrice> LinuxOnDemandPricesAsync(string regionCode,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PricingFilter[] filters =
        [
            new("TERM_MATCH", "regionCode", regionCode),
            new("TERM_MATCH", "operatingSystem", "Linux"),
            new("TERM_MATCH", "tenancy", "Shared"),
            new("TERM_MATCH", "preInstalledSw", "NA"),
            new("TERM_MATCH", "capacitystatus", "Used"),
        ];
        var items = Paging.Items(
            (token, ct) => protocol.CallJsonAsync<GetProductsResponse>("GetProducts", new GetProductsRequest("AmazonEC2", filters, "aws_v1", token, 100), ct),
            page => page.NextToken, page => page.PriceList, cancellationToken);
        await foreach (var item in items.ConfigureAwait(false))
        {
            if (Parse(item) is { } price) yield return price;
        }
    }

    /// <summary>Reads instance type, region and the hourly USD price out of one aws_v1 price list document.</summary>
    internal static OnDemandPrice? Parse(string priceListItem)
    {
        using var doc = JsonDocument.Parse(priceListItem);
        var root = doc.RootElement;
        if (!root.TryGetProperty("product", out var product) || !product.TryGetProperty("attributes", out var attributes)) return null;
        var type = attributes.TryGetProperty("instanceType", out var t) ? t.GetString() : null;
        var region = attributes.TryGetProperty("regionCode", out var r) ? r.GetString() : null;
        if (type is null || region is null || !root.TryGetProperty("terms", out var terms) || !terms.TryGetProperty("OnDemand", out var onDemand)) return null;
        foreach (var term in onDemand.EnumerateObject())
        {
            var effective = term.Value.TryGetProperty("effectiveDate", out var e) && DateTime.TryParse(e.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date) ? date : DateTime.MinValue;
            foreach (var dimension in term.Value.GetProperty("priceDimensions").EnumerateObject())
            {
                if (dimension.Value.TryGetProperty("unit", out var unit) && unit.GetString() is "Hrs" or "Hours"
                    && dimension.Value.GetProperty("pricePerUnit").TryGetProperty("USD", out var usd)
                    && double.TryParse(usd.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0)
                {
                    return new OnDemandPrice(type, region, price, effective);
                }
            }
        }
        return null;
    }
}
