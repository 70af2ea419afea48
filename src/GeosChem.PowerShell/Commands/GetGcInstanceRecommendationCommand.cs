using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "GcInstanceRecommendation")]
[OutputType(typeof(GcInstanceRecommendation))]
public sealed class GetGcInstanceRecommendationCommand : GcPlanCmdlet
{
    private readonly QuotaPlanners _quotas;

    public GetGcInstanceRecommendationCommand() => _quotas = new QuotaPlanners(Aws);

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Balanced", "Cost", "Time", IgnoreCase = true)]
    public string Priority { get; set; } = "Balanced";

    /// <summary>x86_64 by default: published GEOS-Chem results on Graviton conflict (see the help).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("x86_64", "arm64", "Any", IgnoreCase = true)]
    public string Architecture { get; set; } = "x86_64";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double? MaxHourlyPrice { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double? Budget { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [DurationTransformation]
    public TimeSpan? Deadline { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanText]
    public SwitchParameter Spot { get; set; }

    [Parameter]
    public int Top { get; set; } = 5;

    [Parameter]
    public SwitchParameter CheckQuota { get; set; }

    /// <summary>Ranks every catalogued plan, not only those the platform in the configuration can run.</summary>
    [Parameter]
    public SwitchParameter IgnorePlatform { get; set; }

    /// <summary>The configuration whose platform limits the plans (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    /// <summary>Current On-Demand and Spot prices from AWS (cached per user for a day) instead of the shipped catalog's.</summary>
    [Parameter]
    public SwitchParameter Live { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (MaxHourlyPrice is <= 0 || Budget is <= 0 || Deadline is { } d && d <= TimeSpan.Zero)
            {
                throw new GcException(ErrorIds.LimitInvalid, GcErrorKind.InvalidArgument, "-MaxHourlyPrice, -Budget and -Deadline must be positive when given.",
                    "Give a positive amount (USD) or duration, or leave the limit out.");
            }
            // -CheckQuota and -Live ask AWS, so the region then comes from the AWS resolution order; otherwise no credentials are read.
            var (region, prices) = new PriceSource(this).For(Live);
            if (CheckQuota && !Live) region = Context.Region;
            var architecture = Architecture.Equals("any", StringComparison.OrdinalIgnoreCase) ? "Any" : Architecture.ToLowerInvariant();
            var platform = IgnorePlatform ? null : new ConfigurationFile(this, ConfigurationPath).LoadOptional() is { } configuration ? PlatformOffer.From(configuration) : null;
            var request = new RecommendationRequest(Model, Simulation, Resolution, SimulationDays, Enum.Parse<RecommendationPriority>(Priority, ignoreCase: true),
                architecture, MaxHourlyPrice, Budget, Deadline, Spot, region, Top, PlanOption, platform);
            var recommendations = new CalibrationFile(this).Planner().Recommender.Recommend(request, DateOnly.FromDateTime(DateTime.UtcNow), prices);
            WriteVerbose($"Ranked {recommendations.Count} plans for {Model} {Simulation} {Resolution} by {request.Priority}, prices for {region}"
                + (platform is null ? ", all catalogued instance types." : $", limited to what {platform.Name} can run."));
            if (recommendations.FirstOrDefault() is { OnPlatform: false } none)
            {
                WriteWarning($"None of these plans can run on {platform!.Name}; the first: {none.PlatformNote} Change the platform (Set-GcConfiguration, then Deploy-GcPlatform), or use -IgnorePlatform to rank without it.");
            }
            else if (recommendations.FirstOrDefault() is { PlatformNote: { } elsewhere })
            {
                WriteWarning($"{elsewhere} These are the best plans it can run; -IgnorePlatform ranks them all.");
            }
            foreach (var recommendation in recommendations)
            {
                if (CheckQuota)
                {
                    var planner = _quotas.For(Context);
                    recommendation.QuotaSufficient = Run(ct => planner.CheckAsync(recommendation.InstanceType, recommendation.NodeCount, recommendation.Spot, ct)).Sufficient;
                }
                WriteObject(recommendation);
            }
        }
        catch (GcException ex)
        {
            WriteItemError(ex, Model, awsFailureId: CheckQuota ? ErrorIds.QuotaCheckFailed : null);
        }
    }
}
