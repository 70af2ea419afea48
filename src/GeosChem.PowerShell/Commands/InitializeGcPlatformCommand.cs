using System.Globalization;
using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Platform;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// The first-run wizard: checks the credentials, region and quotas first; asks (when it can) for the profile, region,
/// vCPU limit, instance families for the user's typical run, budget and network; writes the configuration; and offers
/// to deploy. With -NonInteractive everything comes from parameters.
/// </summary>
[Cmdlet(VerbsData.Initialize, "GcPlatform", SupportsShouldProcess = true)]
[OutputType(typeof(GcConfiguration), typeof(GcPlatform))]
public sealed class InitializeGcPlatformCommand : GcAwsCmdlet
{
    private readonly TerraformHost _terraform;

    public InitializeGcPlatformCommand() => _terraform = new TerraformHost(this);

    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter] public SwitchParameter NonInteractive { get; set; }
    [Parameter] public string? ProjectName { get; set; }
    [Parameter] public int? MaxVCpus { get; set; }
    [Parameter] public double? MonthlyBudgetUsd { get; set; }
    [Parameter] public double? PerJobBudgetUsd { get; set; }
    [Parameter] public string? VpcCidr { get; set; }
    [Parameter] public SwitchParameter PrivateSubnets { get; set; }
    [Parameter] public string? ExistingVpcId { get; set; }
    [Parameter] public string[]? ExistingSubnetId { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(SimulationCompleter))]
    public string? Simulation { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ResolutionCompleter))]
    public string? Resolution { get; set; }

    /// <summary>Deploys right after writing the configuration (asked when interactive).</summary>
    [Parameter] public SwitchParameter Deploy { get; set; }

    /// <summary>Replaces an existing configuration.</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var file = new ConfigurationFile(this, ConfigurationPath);
        var path = file.Path;
        if (File.Exists(path) && !Force)
        {
            ThrowGcError(GcErrors.ConfigurationExists(path));
        }
        var interactive = !NonInteractive && Host.Name is not ("Default Host" or "ServerRemoteHost");
        var wizard = new Wizard(Host.UI);
        try
        {
            var choices = interactive ? Ask(wizard) : FromParameters();
            var configuration = choices.ApplyTo(new GcConfiguration());
            configuration.Path = path;
            if (Simulation is not null) configuration.Defaults.Simulation = Simulation;
            if (Resolution is not null) configuration.Defaults.Resolution = Resolution;
            if (Model is not null) configuration.Defaults.Model = Model;
            file.RequireValid(configuration);

            WriteVerbose($"Checking credentials, region and quotas in {configuration.Region}.");
            Region = configuration.Region;
            ProfileName = configuration.Profile;
            new PlatformChecks(this).RequireAccountAllows(configuration);
            if (!ShouldProcess(path, "Write the platform configuration")) return;
            ConfigurationStore.Save(configuration, path);
            WriteObject(configuration);
            if (interactive) wizard.Say($"Configuration written to {path}.");

            var deploy = Deploy.IsPresent || (interactive && wizard.Choose("Deploy now?",
                "Deploy the platform now with Terraform? (It creates billable resources; you can also run Deploy-GcPlatform later.)",
                [("&Yes", "Run terraform init, plan and apply now."), ("&No", "Stop here; run Deploy-GcPlatform when ready.")], 1) == 0);
            if (deploy) DeployNow(configuration);
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }

    private void DeployNow(GcConfiguration configuration)
    {
        var (service, dir) = _terraform.For(configuration);
        Run(ct => service.InitAsync(_terraform, ct));
        var plan = Run(ct => service.PlanAsync(destroy: false, [], _terraform, ct));
        if (!ShouldProcess($"platform '{configuration.ProjectName}' in {configuration.Region} (terraform in {dir})", $"Apply: {plan.Add} to add, {plan.Change} to change, {plan.Remove} to destroy")) return;
        Run(ct => service.ApplyAsync(plan.Add + plan.Change + plan.Remove, _terraform, ct));
        configuration.Deployed = Run(ct => service.OutputsAsync(_terraform, ct));
        ConfigurationStore.Save(configuration, configuration.Path);
        _terraform.CompleteProgress();
        WriteObject(PlatformDescription.Of(configuration, 0));
    }

    private ConfigurationChoices FromParameters() => new()
    {
        Region = Region ?? ChosenRegion(),
        Profile = ProfileName, ProjectName = ProjectName, MaxVCpus = MaxVCpus, MonthlyBudgetUsd = MonthlyBudgetUsd, PerJobBudgetUsd = PerJobBudgetUsd,
        VpcCidr = VpcCidr, PrivateSubnets = PrivateSubnets.IsPresent ? true : null, ExistingVpcId = ExistingVpcId, ExistingSubnetIds = ExistingSubnetId,
    };

    /// <summary>Without -Region, says which region was taken and from where: a new platform in an unintended region is costly to move.</summary>
    private string ChosenRegion()
    {
        var region = OfflineRegion.Resolve(null, StoredRegion, ProcessEnvironment.Instance, out var source);
        WriteWarning($"No -Region given: using {region} (from {source}). Pass -Region to choose another.");
        return region;
    }

    /// <summary>Asks for every setting a parameter did not give, suggesting an answer for each.</summary>
    private ConfigurationChoices Ask(Wizard wizard)
    {
        wizard.Say("GEOS-Chem on AWS: first-run setup. Press Enter to take the suggestion in brackets.");
        var profiles = ProfileLookup.Names();
        var profile = ProfileName ?? wizard.Ask($"AWS profile ({(profiles.Count == 0 ? "none found; Enter for the default credential chain" : string.Join(", ", profiles))})",
            profiles.Contains("default") ? "default" : profiles.FirstOrDefault() ?? "");
        var region = Region ?? wizard.Ask("AWS region", OfflineRegion.Resolve(null, StoredRegion, ProcessEnvironment.Instance, out _));
        if (!RegionCatalog.IsKnown(region))
        {
            throw GcErrors.AwsRegionUnknown(region, origin: null, RegionCatalog.Closest(region));
        }

        // Credentials and quotas first: nothing is asked for that the account cannot run.
        Region = region;
        ProfileName = profile.Length == 0 ? null : profile;
        var context = Context;
        var identity = Run(ct => Aws.Sts(context).GetCallerIdentityAsync(ct));
        wizard.Say($"Signed in as {identity.Arn} (account {identity.Account}).");
        var quotas = Aws.ServiceQuotas(context);
        var onDemand = Run(ct => quotas.GetServiceQuotaAsync("ec2", OnlineChecks.OnDemandQuota, ct)).Value ?? 0;
        var spot = Run(ct => quotas.GetServiceQuotaAsync("ec2", OnlineChecks.SpotQuota, ct)).Value ?? 0;
        wizard.Say($"vCPU quotas in {region}: {onDemand:0} Standard On-Demand, {spot:0} Standard Spot.");
        var maxVCpus = MaxVCpus ?? Parse(wizard.Ask("Most vCPUs the platform may run at once", Math.Max(1, Math.Min(onDemand, 256)).ToString("0", CultureInfo.InvariantCulture)), "vCPUs");

        var model = Model ?? wizard.Ask("Your typical run: model (GCClassic or GCHP)", "GCClassic");
        var simulation = Simulation ?? wizard.Ask("Simulation", "fullchem");
        var resolution = Resolution ?? wizard.Ask("Resolution", model.Equals("GCHP", StringComparison.OrdinalIgnoreCase) ? "C48" : "4x5");
        Model = model;
        Simulation = simulation;
        Resolution = resolution;
        var families = RecommendedFamilies(model, simulation, resolution, region);
        if (families.Count > 0) wizard.Say($"Recommended for {model} {simulation} {resolution}: {string.Join(", ", families)}.");

        var monthly = MonthlyBudgetUsd ?? Parse(wizard.Ask("Monthly budget in USD", "500"), "budget");
        var network = ExistingVpcId is not null ? 2 : PrivateSubnets ? 1 : wizard.Choose("Network", "Where should the instances run?",
        [
            ("&Public subnets of a new VPC", "No NAT cost; instances get public IPs but accept no inbound traffic."),
            ("P&rivate subnets of a new VPC", "Behind a NAT gateway: about 33 USD a month plus 0.045 USD per GB."),
            ("&Existing VPC", "Your subnets; they need a route to the internet or VPC endpoints."),
        ], 0);
        string? vpcId = ExistingVpcId, cidr = VpcCidr;
        string[]? subnets = ExistingSubnetId;
        if (network == 2)
        {
            vpcId ??= wizard.Ask("Existing VPC id", null);
            subnets ??= wizard.Ask("Subnet ids (comma-separated)", null).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else cidr ??= wizard.Ask("CIDR of the new VPC", "10.42.0.0/16");
        return new ConfigurationChoices
        {
            Region = region, Profile = profile, ProjectName = ProjectName, MaxVCpus = (int)maxVCpus, MonthlyBudgetUsd = monthly, PerJobBudgetUsd = PerJobBudgetUsd,
            VpcCidr = cidr, PrivateSubnets = network == 1 ? true : null, ExistingVpcId = vpcId, ExistingSubnetIds = subnets,
            SpotInstanceTypes = families.Count > 0 ? [.. families.Union(new[] { "c7i", "c6i", "m7i" }).Take(6)] : null,
            DefaultModel = model.Equals("GCHP", StringComparison.OrdinalIgnoreCase) ? "GCHP" : "GCClassic",
        };
    }

    /// <summary>The instance families of the best few plans for the user's typical month-long run.</summary>
    private List<string> RecommendedFamilies(string model, string simulation, string resolution, string region)
    {
        try
        {
            var request = new RecommendationRequest(model, simulation, resolution, 31, RecommendationPriority.Balanced, "x86_64", null, null, null, Spot: false, region, Top: 8);
            return new CalibrationFile(this).Planner().Recommender.Recommend(request, DateOnly.FromDateTime(DateTime.UtcNow))
                .Select(r => r.InstanceType.Split('.')[0]).Distinct().Take(3).ToList();
        }
        catch (GcException ex)
        {
            WriteWarning($"No instance recommendation for {model} {simulation} {resolution}: {ex.Problem}");
            return [];
        }
    }

    private static double Parse(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new GcException(ErrorIds.WizardAnswerInvalid, GcErrorKind.InvalidArgument, $"'{text}' is not a number of {what}.", "Answer with a number, for example 256.", text);
}
