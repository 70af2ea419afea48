using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// Turns a plan into a wall-time and cost estimate with a range and a confidence, after checking that GEOS-Chem can
/// run it that way at all. Works offline: specs and prices from the shipped catalog.
/// </summary>
internal sealed class CostEstimator(GeosChemDomain domain, InstanceCatalog catalog, RuntimeModel model, ModelAccuracy accuracy,
    IReadOnlyCollection<string> calibratedResolutions)
{
    /// <summary>Graviton results for GEOS-Chem conflict by up to 8x (GCHP#516 against the TransportTracers timings).</summary>
    private static readonly double Arm64LogWidening = Math.Log(4);
    private const double StaleCatalogDays = 120;

    public static CostEstimator Default { get; } = new(GeosChemDomain.Default, InstanceCatalog.Default, RuntimeModelFit.Default, ModelAccuracy.Default,
        CalibrationRun.LoadEmbedded().Where(r => r.UseForFit).Select(r => $"{r.Model}/{r.Resolution}").ToHashSet());

    public GcCostEstimate Estimate(EstimateRequest request, DateOnly today, PriceBook? prices = null)
    {
        prices ??= PriceBook.CatalogOnly;
        var (spec, simulation, grid) = domain.Resolve(request.Model, request.Simulation, request.Resolution, request.Option);
        var option = domain.FullchemOptions.FirstOrDefault(o => o.Equals(request.Option, StringComparison.OrdinalIgnoreCase)) ?? "standard";
        var optionWork = ProcessorSpeeds.Default.OptionWork.GetValueOrDefault(option, 1.0);
        if (!(request.SimulationDays > 0) || double.IsInfinity(request.SimulationDays))
        {
            throw Plan(ErrorIds.SimulationDaysInvalid, $"-SimulationDays {request.SimulationDays} is not a positive number of days.", "Give the simulated length in days, for example 31 for a month.", request.SimulationDays);
        }
        var catalogued = catalog.Find(request.InstanceType) ?? throw UnknownInstance(request.InstanceType);
        var instance = prices.Refine(catalogued, request.Region);
        if (!prices.OfferedIn(instance, request.Region))
        {
            throw new GcException(ErrorIds.InstanceTypeNotOffered, GcErrorKind.ObjectNotFound,
                $"{instance.InstanceType} is not offered in {request.Region}: the region's AWS Price List has no Linux On-Demand price for it.",
                "Choose another instance type (Get-GcInstanceRecommendation -Live lists what is offered) or another -Region.", instance.InstanceType);
        }
        var warnings = new List<string>();
        var (nodes, coresPerNode) = CheckParallelLayout(spec.Name, grid, instance, request, warnings);

        var efa = nodes > 1 && instance.EfaSupported;
        if (nodes > 1 && !instance.EfaSupported)
        {
            warnings.Add($"{instance.InstanceType} has no EFA: {nodes} nodes talk over TCP, which scales much worse (the estimate includes that).");
        }
        var plan = new Runtime.RunPlan(spec.Name, simulation, grid.Columns, grid.TransportStepSeconds, request.SimulationDays, instance, nodes, coresPerNode, efa,
            WorkMultiplier: optionWork);
        var perDay = model.PerDay(plan);
        var seconds = perDay.Total * request.SimulationDays;

        var (halfWidth, confidence) = Uncertainty(spec.Name, simulation, option, grid, instance, warnings);
        var hours = seconds / 3600;
        var quoted = Price(instance, request, today, prices, warnings);
        var price = quoted?.UsdPerHour;
        var basis = $"{spec.Name} runtime model fitted to {accuracy.Results.Count} published runs (leave-one-out median error {accuracy.MedianAbsError(spec.Name):P0} for {spec.Name}); " +
                    $"per simulated day {perDay.InputSeconds * perDay.NetworkFactor:0} s input + {perDay.ComputeSeconds * perDay.NetworkFactor:0} s compute " +
                    $"on {nodes * coresPerNode} {(spec.Name == "GCHP" ? "ranks" : "threads")}, {perDay.Generation} speed {perDay.ProcessorSpeed:0.00}" +
                    (perDay.NetworkFactor > 1 ? $", TCP x{perDay.NetworkFactor:0.00}" : "") +
                    $"; nearest runs: {NearestRuns(spec.Name, simulation, grid.Name)}";
        return new GcCostEstimate
        {
            Model = spec.Name,
            Simulation = simulation,
            Option = option,
            Resolution = grid.Name,
            SimulationDays = request.SimulationDays,
            InstanceType = instance.InstanceType,
            Architecture = instance.Architecture,
            NodeCount = nodes,
            CoresPerNode = coresPerNode,
            EstimatedWallTime = TimeSpan.FromSeconds(Math.Round(seconds)),
            EstimatedWallHours = Math.Round(hours, 2),
            LowWallHours = Math.Round(hours * Math.Exp(-halfWidth), 2),
            HighWallHours = Math.Round(hours * Math.Exp(halfWidth), 2),
            HourlyPrice = price,
            PricingModel = request.Spot ? "Spot" : "OnDemand",
            EstimatedCost = price is { } p ? Math.Round(p * nodes * hours, 2) : null,
            LowCost = price is { } pl ? Math.Round(pl * nodes * hours * Math.Exp(-halfWidth), 2) : null,
            HighCost = price is { } ph ? Math.Round(ph * nodes * hours * Math.Exp(halfWidth), 2) : null,
            PriceAsOf = quoted is null ? null : $"{quoted.AsOf} ({quoted.Source})",
            Confidence = confidence,
            Basis = basis,
            Region = request.Region,
            Warnings = [.. warnings],
        };
    }

    private static (int Nodes, int CoresPerNode) CheckParallelLayout(string model, GridResolution grid, InstanceSpec instance, EstimateRequest request, List<string> warnings)
    {
        var nodes = request.NodeCount;
        if (nodes < 1) throw Plan(ErrorIds.NodeCountInvalid, $"-NodeCount {nodes} is not a positive number of nodes.", "Give -NodeCount 1 or more.", nodes);
        if (request.CoresPerNode is < 1) throw Plan(ErrorIds.CoresPerNodeInvalid, $"-CoresPerNode {request.CoresPerNode} is not a positive number.", "Give -CoresPerNode 1 or more, or leave it out.", request.CoresPerNode);
        if (request.CoresPerNode > instance.VCpus)
        {
            throw Plan(ErrorIds.CoresPerNodeInvalid, $"-CoresPerNode {request.CoresPerNode} is more than the {instance.VCpus} vCPUs of {instance.InstanceType}.", $"Use at most {instance.VCpus}.", request.CoresPerNode);
        }

        if (model == "GCClassic")
        {
            if (nodes > 1)
            {
                throw Plan(ErrorIds.PlanInvalid, "GCClassic runs on one node only: it is parallelised with OpenMP, which cannot span nodes.",
                    "Use -NodeCount 1 with a larger instance, or GCHP for multi-node runs.", nodes);
            }
            if (grid.MemoryGiB is { } needed && instance.MemoryGiB < needed)
            {
                throw Plan(ErrorIds.PlanMemoryShort, $"GCClassic at {grid.Name} needs about {needed} GiB; {instance.InstanceType} has {instance.MemoryGiB} GiB.",
                    "Choose an instance with more memory (an m or r family).", instance.InstanceType);
            }
            // OpenMP threads on every vCPU: hyper-threading helps Classic.
            return (1, request.CoresPerNode ?? instance.VCpus);
        }

        if (nodes > 1 && request.Spot)
        {
            throw Plan(ErrorIds.PlanInvalid, "AWS Batch does not run multi-node parallel jobs on Spot capacity.",
                "Run multi-node GCHP On-Demand (drop -Spot), or fit it on one node for Spot.", nodes);
        }
        // One MPI rank per physical core, in a multiple of 6 (GCHP's six cube faces), as GCST's AWS benchmarks do.
        if (request.CoresPerNode is null && instance.PhysicalCores < 6 && nodes == 1)
        {
            throw Plan(ErrorIds.PlanInvalid, $"{instance.InstanceType} has {instance.PhysicalCores} physical cores; GCHP needs at least 6 ranks.",
                "Choose an instance with 6 or more cores (GCHP is usually run on 24 or more).", instance.InstanceType);
        }
        var cores = request.CoresPerNode ?? Math.Max(1, instance.PhysicalCores - instance.PhysicalCores % 6);
        var ranks = nodes * cores;
        if (ranks % 6 != 0 || ranks < 6)
        {
            throw Plan(ErrorIds.PlanInvalid, $"GCHP needs a total number of ranks that is a multiple of 6 (at least 6); {nodes} x {cores} = {ranks}.",
                $"Use -CoresPerNode {Math.Max(6, cores - cores % 6)} or another multiple of 6 in total.", ranks);
        }
        if (grid.MaxCores is { } max && ranks > max)
        {
            throw Plan(ErrorIds.PlanInvalid, $"GCHP at {grid.Name} takes at most {max} ranks (each needs at least 4x4 cells per face); {ranks} were asked for.",
                $"Use at most {max} ranks, or a finer resolution.", ranks);
        }
        var perRank = instance.MemoryGiB / cores;
        if (perRank < 2)
        {
            throw Plan(ErrorIds.PlanMemoryShort, $"{instance.InstanceType} leaves {perRank:0.0} GiB per rank with {cores} ranks per node; GCHP runs out of memory below about 2 GiB per rank.",
                "Use fewer ranks per node, or a memory-richer family (m, r).", instance.InstanceType);
        }
        if (grid.MemoryGiBPerCore is { } recommended && perRank < recommended)
        {
            warnings.Add($"{perRank:0.0} GiB per rank is below the ~{recommended} GiB per rank recommended at {grid.Name}: GCHP's input handling grows during a run; keep runs to a month or choose more memory.");
        }
        if (cores > instance.PhysicalCores)
        {
            warnings.Add($"{cores} ranks per node exceeds the {instance.PhysicalCores} physical cores: hyper-threading usually slows GCHP.");
        }
        return (nodes, cores);
    }

    private (double LogHalfWidth, string Confidence) Uncertainty(string model, string simulation, string option, GridResolution grid, InstanceSpec instance, List<string> warnings)
    {
        var halfWidth = accuracy.LogHalfWidth(model);
        var calibrated = calibratedResolutions.Contains($"{model}/{grid.Name}");
        var simulationMeasured = simulation is "fullchem" or "TransportTracers";
        // Classic's published EC2 timings are all GEOS-Chem 12; High is kept for plans measured on the current version.
        var currentVersionMeasured = model == "GCHP";
        var confidence = halfWidth <= 0.2 && calibrated && simulationMeasured && currentVersionMeasured ? "High" : "Medium";
        if (!calibrated || !simulationMeasured)
        {
            confidence = "Low";
            halfWidth *= 1.5;
            warnings.Add(!calibrated
                ? $"No published {model} timing at {grid.Name}: scaled from other resolutions by grid size and timestep."
                : $"No published timing of the {simulation} simulation: its work relative to fullchem is an estimate.");
        }
        if (option is not ("standard" or "benchmark"))
        {
            confidence = "Low";
            halfWidth *= 1.5;
            warnings.Add($"No published timing of the {option} option: its extra work relative to standard fullchem is an estimate.");
        }
        if (instance.Architecture == "arm64")
        {
            confidence = "Low";
            halfWidth += Arm64LogWidening;
            warnings.Add("arm64 (Graviton): published GEOS-Chem results conflict (fast for TransportTracers, about 1/8 of x86 for full-chemistry GCHP in GCHP#516). Benchmark first.");
        }
        return (halfWidth, confidence);
    }

    private static QuotedPrice? Price(InstanceSpec instance, EstimateRequest request, DateOnly today, PriceBook prices, List<string> warnings)
    {
        if (request.Spot)
        {
            var spot = prices.Spot(instance, request.Region);
            if (spot is null)
            {
                warnings.Add(prices.Live is null
                    ? "Spot prices are not in the offline catalog, so no cost is given; On-Demand cost is the ceiling. Use -Live for current Spot prices."
                    : $"No current Spot price for {instance.InstanceType} in {request.Region}; no cost is given.");
            }
            return spot;
        }
        var onDemand = prices.OnDemand(instance, request.Region);
        if (onDemand is null)
        {
            warnings.Add($"The catalog has no On-Demand price for {instance.InstanceType} in {request.Region} (it has prices for {string.Join(", ", instance.OnDemandPrices.Keys)}); no cost is given. Use -Live for the region's current prices.");
            return null;
        }
        var age = today.DayNumber - instance.PriceAsOf.DayNumber;
        if (onDemand.Source == "catalog" && age > StaleCatalogDays)
        {
            warnings.Add($"Catalog prices are from {instance.PriceAsOf:yyyy-MM-dd}, {age} days ago; AWS prices change (-Live fetches current ones).");
        }
        return onDemand;
    }

    private string NearestRuns(string model, string simulation, string resolution)
    {
        var same = accuracy.Results.Where(r => r.Run.Model == model && r.Run.Simulation == simulation && r.Run.Resolution == resolution).ToList();
        var chosen = same.Count > 0 ? same : accuracy.Results.Where(r => r.Run.Model == model && r.Run.Simulation == simulation).ToList();
        if (chosen.Count == 0) chosen = accuracy.Results.Where(r => r.Run.Model == model).ToList();
        return string.Join(", ", chosen.Take(4).Select(r => $"#{r.Run.SourceRow} {r.Run.Resolution} {r.Run.Nodes}x{r.Run.InstanceType}"));
    }

    private GcException UnknownInstance(string instanceType)
    {
        var closest = catalog.Specs.Select(s => s.InstanceType).OrderBy(t => Text.EditDistance(instanceType.ToLowerInvariant(), t)).First();
        return new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.ObjectNotFound, $"'{instanceType}' is not in the instance catalog.",
            $"Did you mean '{closest}'? Tab completion on -InstanceType lists the {catalog.Specs.Count} catalogued types.", instanceType);
    }

    private static GcException Plan(string id, string problem, string fix, object? target) => new(id, GcErrorKind.InvalidArgument, problem, fix, target);
}
