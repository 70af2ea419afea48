using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsData.Update, "GcInstanceCatalog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GcPriceRefresh))]
public sealed class UpdateGcInstanceCatalogCommand : GcAwsCmdlet
{
    /// <summary>Cached prices younger than this are kept without asking AWS.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan MaxAge { get; set; } = LivePrices.DefaultMaxAge;

    /// <summary>Fetch even when the cache is fresh.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (MaxAge < TimeSpan.Zero)
            {
                throw new GcException(ErrorIds.MaxAgeInvalid, GcErrorKind.InvalidArgument, $"-MaxAge {MaxAge} is negative.", "Give a duration such as 12:00:00, or 0 to always fetch.");
            }
            var context = Context;
            if (!ShouldProcess($"price cache for {context.Region}", "Fetch current On-Demand (Price List) and Spot prices")) return;
            var (prices, fromCache, file) = new PriceSource(this).Live(context, MaxAge, Force);
            WriteObject(new GcPriceRefresh
            {
                Region = prices.Region,
                OnDemandPrices = prices.OnDemand.Count,
                SpotPrices = prices.Spot.Count,
                FetchedAt = prices.FetchedAtUtc,
                FromCache = fromCache,
                Source = prices.Source,
                CacheFile = file,
                Specs = prices.Specs.Count,
                SpecChanges = [.. PriceBook.SpecChanges(prices, InstanceCatalog.Default)],
                NotOffered = [.. InstanceCatalog.Default.Specs.Select(s => s.InstanceType).Where(t => !prices.OnDemand.ContainsKey(t)).Order(StringComparer.Ordinal)],
            });
        }
        catch (GcException ex)
        {
            WriteItemError(ex, Region, awsFailureId: ErrorIds.CatalogUpdateFailed);
        }
    }
}
