using System.Runtime.CompilerServices;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Pricing;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;

namespace GeosChem.PowerShell.Tests;

public sealed class LivePricesTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("gc-prices-").FullName;

    public void Dispose() => Directory.Delete(_cacheDir, recursive: true);

    private LivePrices Live(DateTime now, out AwsEmulator.AwsEmulator emulator, string region = "eu-west-1")
    {
        emulator = fixture.Emulator;
        var context = TestContexts.For(emulator, region: region);
        var pricingContext = context.WithRegion(Amazon.RegionEndpoint.USEast1);
        var pricing = new PricingClient(new AwsProtocolClient(AwsServiceDescriptor.Pricing, pricingContext, AwsJson.PascalCase));
        return new LivePrices(pricing, new Ec2Gateway(context, SdkClients.Ec2(context)), new PriceCache(_cacheDir), InstanceCatalog.Default, () => now);
    }

    [Fact]
    public void PriceListDocumentsAreReadForTypeRegionAndHourlyPrice()
    {
        var item = """{"product":{"attributes":{"instanceType":"c7i.16xlarge","regionCode":"eu-west-1","operatingSystem":"Linux"}},"terms":{"OnDemand":{"X.Y":{"effectiveDate":"2026-11-01T00:00:00Z","priceDimensions":{"X.Y.Z":{"unit":"Hrs","pricePerUnit":{"USD":"3.1920000000"}}}}}}}""";
        var price = PricingClient.Parse(item)!;
        Assert.Equal(("c7i.16xlarge", "eu-west-1", 3.192), (price.InstanceType, price.RegionCode, price.UsdPerHour));
        Assert.Null(PricingClient.Parse("""{"product":{"attributes":{"instanceType":"x"}}}"""));
        Assert.Null(PricingClient.Parse("""{"product":{"attributes":{"instanceType":"x","regionCode":"r"}},"terms":{"OnDemand":{"a":{"priceDimensions":{"b":{"unit":"Hrs","pricePerUnit":{"USD":"0.0000000000"}}}}}}}"""));
    }

    [Fact]
    public async Task FetchesThenServesFromTheCacheUntilItIsTooOld()
    {
        var now = new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);
        var (first, fromCache) = await Live(now, out var emulator).GetAsync("eu-west-1", TimeSpan.FromHours(24), force: false, default);
        Assert.False(fromCache);
        Assert.True(first.OnDemand.Count > 250);
        Assert.Equal(first.OnDemand.Count, first.Spot.Count);
        Assert.Equal(0.35 * first.OnDemand["c7i.16xlarge"], first.Spot["c7i.16xlarge"], 4); // median of the emulator's three zones
        Assert.Equal(first.OnDemand.Count, first.Specs.Count);
        Assert.Equal(192, first.Specs["c7i.48xlarge"].VCpus);
        Assert.True(first.Specs["hpc7a.96xlarge"].EfaSupported);
        Assert.Empty(PriceBook.SpecChanges(first, InstanceCatalog.Default)); // the emulator serves the catalog's own specs
        var fetches = emulator.Handled("GetProducts");

        var (second, cached) = await Live(now.AddHours(23), out _).GetAsync("eu-west-1", TimeSpan.FromHours(24), force: false, default);
        Assert.True(cached);
        Assert.Equal(first.OnDemand["c7i.16xlarge"], second.OnDemand["c7i.16xlarge"]);
        Assert.Equal(fetches, emulator.Handled("GetProducts"));

        var (_, stale) = await Live(now.AddHours(25), out _).GetAsync("eu-west-1", TimeSpan.FromHours(24), force: false, default);
        Assert.False(stale);
        var (_, forced) = await Live(now.AddHours(25), out _).GetAsync("eu-west-1", TimeSpan.FromHours(24), force: true, default);
        Assert.False(forced);
        Assert.True(emulator.Handled("GetProducts") > fetches);
    }

    [Fact]
    public async Task ADamagedCacheIsFetchedAgain()
    {
        var now = DateTime.UtcNow;
        await Live(now, out _).GetAsync("us-west-2", TimeSpan.FromDays(1), false, default);
        File.WriteAllText(new PriceCache(_cacheDir).FileFor("us-west-2"), "{ not json");
        var (prices, fromCache) = await Live(now, out _).GetAsync("us-west-2", TimeSpan.FromDays(1), false, default);
        Assert.False(fromCache);
        Assert.NotEmpty(prices.OnDemand);
    }

    [Fact]
    public void LivePricesDriveEstimatesAndTellWhatIsNotOffered()
    {
        var c7i = InstanceCatalog.Default.Find("c7i.16xlarge")!;
        var live = new RegionPrices
        {
            Region = "ap-south-1", FetchedAtUtc = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc),
            OnDemand = new() { ["c7i.16xlarge"] = 2.0 }, Spot = new() { ["c7i.16xlarge"] = 0.8 }, Source = "test",
        };
        var book = new PriceBook(live);
        var today = new DateOnly(2026, 11, 27);
        var spot = CostEstimator.Default.Estimate(new EstimateRequest("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", 1, null, true, "ap-south-1"), today, book);
        Assert.Equal(0.8, spot.HourlyPrice);
        Assert.Equal(Math.Round(0.8 * spot.EstimatedWallTime.TotalHours, 2), spot.EstimatedCost!.Value, 1);
        Assert.Contains("live Spot price history", spot.PriceAsOf);
        Assert.DoesNotContain(spot.Warnings, w => w.Contains("Catalog prices are from"));
        var error = Assert.Throws<GcException>(() => CostEstimator.Default.Estimate(
            new EstimateRequest("GCClassic", "fullchem", "4x5", 31, "c5.4xlarge", 1, null, false, "ap-south-1"), today, book));
        Assert.Equal("GcInstanceTypeNotOffered", error.ErrorId);
        Assert.True(book.OfferedIn(c7i, "ap-south-1"));
        Assert.True(PriceBook.CatalogOnly.OfferedIn(InstanceCatalog.Default.Find("c5.4xlarge")!, "ap-south-1")); // offline: no claim either way
    }

    [Fact]
    public void LiveSpecsCorrectTheCatalogsAndAreReported()
    {
        var live = new RegionPrices
        {
            Region = "us-east-1", FetchedAtUtc = DateTime.UtcNow, Source = "test",
            OnDemand = new() { ["c7i.16xlarge"] = 2.856 },
            Specs = new() { ["c7i.16xlarge"] = new LiveSpec(64, 32, 100, false) }, // memory cut to 100 GiB
        };
        Assert.Equal(["c7i.16xlarge"], PriceBook.SpecChanges(live, InstanceCatalog.Default));
        var book = new PriceBook(live);
        Assert.Equal(100, book.Refine(InstanceCatalog.Default.Find("c7i.16xlarge")!, "us-east-1").MemoryGiB);
        Assert.Equal(128, book.Refine(InstanceCatalog.Default.Find("c7i.16xlarge")!, "eu-west-1").MemoryGiB); // another region: catalog
        // 100 GiB / 60 ranks is below the 2 GiB a GCHP rank needs with 60 ranks? 1.67: refused on the live figure.
        var error = Assert.Throws<GcException>(() => CostEstimator.Default.Estimate(
            new EstimateRequest("GCHP", "fullchem", "C24", 31, "c7i.16xlarge", 1, 60, false, "us-east-1"), new DateOnly(2026, 11, 27), book));
        Assert.Equal("GcPlanMemoryShort", error.ErrorId);
    }

    [Fact]
    public async Task PricingExchangesConformToTheModel()
    {
        var model = ShapeValidator.ForService("pricing");
        var emulator = fixture.Emulator;
        emulator.Recorder.Clear();
        emulator.Recorder.Enabled = true;
        emulator.State.MaxPageSize = 40;
        try
        {
            await Live(DateTime.UtcNow, out _, region: "eu-central-1").GetAsync("eu-central-1", TimeSpan.Zero, true, default);
        }
        finally
        {
            emulator.Recorder.Enabled = false;
            emulator.State.MaxPageSize = 100;
        }
        var exchanges = emulator.Recorder.Snapshot().Where(e => e.Service == "pricing").ToList();
        Assert.True(exchanges.Count > 1, "several pages");
        var problems = exchanges.SelectMany(e => model.Validate(e.RequestBody, model.InputShapeOf(e.Operation))
            .Concat(model.Validate(e.ResponseBody, model.OutputShapeOf(e.Operation)!))).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
