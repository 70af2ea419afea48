using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// Turns a plan into a wall-time and cost estimate with a range and a confidence, after checking that GEOS-Chem can
/// run it that way at all. Works offline: specs and prices from the shipped catalog.
/// </summary>
/// <summary>A checked plan with its wall time and price, before the range, confidence and words are added.</summary>
internal sealed record PreparedEstimate(EstimateRequest Request, ModelSpec Spec, string Simulation, string Option, GridResolution Grid, InstanceSpec Instance,
    int Nodes, int CoresPerNode, double MemoryGiB, string Executable, RunPlan Plan, DayCost PerDay, double Seconds, QuotedPrice? Price, List<string> Warnings)
{
    public double Hours => Seconds / 3600;
    public double? Cost => Price is { } p ? p.UsdPerHour * Nodes * Hours : null;
}

/// <param name="userRuns">The user's own runs (<see cref="UserCalibration"/>): fitted into <paramref name="model"/> already, named in Basis.</param>
internal sealed class CostEstimator(GeosChemDomain domain, InstanceCatalog catalog, RuntimeModel model, ModelAccuracy accuracy, ImageBuildOptions images,
    IReadOnlyList<CalibrationRun>? userRuns = null)
{
    /// <summary>Graviton results for GEOS-Chem conflict by up to 8x (GCHP#516 against the TransportTracers timings).</summary>
    private static readonly double Arm64LogWidening = Math.Log(4);

    /// <summary>GCHP's docs: communication starts to hurt "if a core is handling less than around one hundred grid cells".</summary>
    public const int GchpEfficientColumnsPerRank = 100;
    private const double StaleCatalogDays = 120;

    public static CostEstimator Default { get; } = new(GeosChemDomain.Default, InstanceCatalog.Default, RuntimeModelFit.Default, ModelAccuracy.Default, ImageBuildOptions.Default);

    public GcCostEstimate Estimate(EstimateRequest request, DateOnly today, PriceBook? prices = null) => Describe(Prepare(request, today, prices));

    /// <summary>
    /// Checks a plan and computes its wall time and price, without the words: the recommender prepares every candidate
    /// and describes only the ones it returns.
    /// </summary>
    internal PreparedEstimate Prepare(EstimateRequest request, DateOnly today, PriceBook? prices = null) =>
        TryPrepare(request, today, prices, out var rejection) ?? throw rejection!;

    /// <summary>As <see cref="Prepare"/>, but a plan this instance cannot run comes back as its reason rather than thrown
    /// (the recommender meets thousands of those, and throwing each would dominate its time).</summary>
    internal PreparedEstimate? TryPrepare(EstimateRequest request, DateOnly today, PriceBook? prices, out GcException? rejection)
    {
        rejection = null;
        prices ??= PriceBook.CatalogOnly;
        var (spec, simulation, grid, option, executable) = ResolvePlan(request);
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
        var work = model.WorkOf(simulation);
        var (nodes, coresPerNode, memory, rejected) = CheckParallelLayout(spec, grid, work, instance, request, warnings);
        if (rejected is not null)
        {
            rejection = rejected;
            return null;
        }

        if (spec.Name == "GCHP" && grid.Columns / (nodes * coresPerNode) < GchpEfficientColumnsPerRank)
        {
            warnings.Add($"{grid.Columns / (nodes * coresPerNode)} columns per rank: below about {GchpEfficientColumnsPerRank}, GCHP spends its time communicating (GCHP docs); fewer ranks cost less for nearly the same time.");
        }
        var efa = nodes > 1 && instance.EfaSupported;
        if (nodes > 1 && !instance.EfaSupported)
        {
            warnings.Add($"{instance.InstanceType} has no EFA: {nodes} nodes talk over TCP, which scales much worse; more nodes can be slower (the estimate includes that).");
        }
        var (transportStep, chemistryStep) = domain.StepsFor(spec, grid, option);
        var plan = new RunPlan(spec.Name, simulation, grid.Columns, transportStep, chemistryStep, request.SimulationDays, instance, nodes, coresPerNode, efa, Option: option);
        var perDay = model.PerDay(plan);
        var quoted = Price(instance, request, today, prices, warnings);
        return new PreparedEstimate(request, spec, simulation, option, grid, instance, nodes, coresPerNode, memory, executable, plan, perDay,
            perDay.Total * request.SimulationDays, quoted, warnings);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string, string?), (ModelSpec, string, GridResolution, string, string)> _resolved = new();

    /// <summary>The plan's names checked once (the recommender asks for the same plan on every instance type).</summary>
    private (ModelSpec Spec, string Simulation, GridResolution Grid, string Option, string Executable) ResolvePlan(EstimateRequest request)
    {
        var key = (request.Model, request.Simulation, request.Resolution, request.Option);
        if (_resolved.TryGetValue(key, out var known)) return known;
        var (spec, simulation, grid) = domain.Resolve(request.Model, request.Simulation, request.Resolution, request.Option);
        var option = domain.FullchemOptions.FirstOrDefault(o => o.Equals(request.Option, StringComparison.OrdinalIgnoreCase)) ?? "standard";
        var executable = images.ExecutableFor(spec.Name, simulation, option) ?? throw NotBuilt(spec.Name, simulation, option);
        return _resolved[key] = (spec, simulation, grid, option, executable);
    }

    internal GcCostEstimate Describe(PreparedEstimate e)
    {
        var (spec, grid, instance, nodes, coresPerNode, perDay, request) = (e.Spec, e.Grid, e.Instance, e.Nodes, e.CoresPerNode, e.PerDay, e.Request);
        var warnings = new List<string>(e.Warnings);
        var (halfWidth, confidence, evidence) = Uncertainty(spec.Name, e.Simulation, e.Option, grid, instance, warnings);
        var hours = e.Seconds / 3600;
        var price = e.Price?.UsdPerHour;
        var f = perDay.NetworkFactor;
        var basis = $"{spec.Name} per-component model fitted to {accuracy.Results.Count} published runs{YourRuns(spec.Name, grid.Name)}; {evidence}. " +
                    $"Per simulated day: input {perDay.InputSeconds * f:0} s + chemistry {perDay.ChemistrySeconds * f:0} s + transport {perDay.TransportSeconds * f:0} s + output {perDay.OutputSeconds * f:0} s " +
                    $"on {nodes * coresPerNode} {(spec.Name == "GCHP" ? "ranks" : "threads")} ({perDay.Generation} speed {perDay.ProcessorSpeed:0.00}; steps {e.Plan.TransportStepSeconds}/{e.Plan.ChemistryStepSeconds} s" +
                    (perDay.NetworkFactor > 1 ? $"; TCP x{perDay.NetworkFactor:0.00}" : "") + ")" +
                    $"; memory {e.MemoryGiB:0.#} GiB per node; nearest runs: {NearestRuns(spec.Name, e.Simulation, grid.Name)}";
        return new GcCostEstimate
        {
            Model = spec.Name,
            Simulation = e.Simulation,
            Option = e.Option,
            Resolution = grid.Name,
            SimulationDays = request.SimulationDays,
            InstanceType = instance.InstanceType,
            Architecture = instance.Architecture,
            NodeCount = nodes,
            CoresPerNode = coresPerNode,
            EstimatedWallTime = TimeSpan.FromSeconds(Math.Round(e.Seconds)),
            EstimatedWallHours = Math.Round(hours, 2),
            LowWallHours = Math.Round(hours * Math.Exp(-halfWidth), 2),
            HighWallHours = Math.Round(hours * Math.Exp(halfWidth), 2),
            HourlyPrice = price,
            PricingModel = request.Spot ? "Spot" : "OnDemand",
            EstimatedCost = price is { } p ? Math.Round(p * nodes * hours, 2) : null,
            LowCost = price is { } pl ? Math.Round(pl * nodes * hours * Math.Exp(-halfWidth), 2) : null,
            HighCost = price is { } ph ? Math.Round(ph * nodes * hours * Math.Exp(halfWidth), 2) : null,
            PriceAsOf = e.Price is null ? null : $"{e.Price.AsOf} ({e.Price.Source})",
            InputSecondsPerDay = Math.Round(perDay.InputSeconds * f, 1),
            ChemistrySecondsPerDay = Math.Round(perDay.ChemistrySeconds * f, 1),
            TransportSecondsPerDay = Math.Round(perDay.TransportSeconds * f, 1),
            OutputSecondsPerDay = Math.Round(perDay.OutputSeconds * f, 1),
            RequiredMemoryGiB = e.MemoryGiB,
            Executable = e.Executable,
            Confidence = confidence,
            Basis = basis,
            Region = request.Region,
            Warnings = [.. warnings],
        };
    }

    /// <summary>What the user's own runs add, for Basis: how many were fitted, how many at this class, and the arm64 ones only checked.</summary>
    private string YourRuns(string modelName, string resolution)
    {
        if (userRuns is not { Count: > 0 }) return "";
        var fitted = userRuns.Where(r => r.UseForFit).ToList();
        var resolutionClass = ModelAccuracy.ClassOf(modelName, resolution);
        var here = fitted.Count(r => r.Model == modelName && ModelAccuracy.ClassOf(r.Model, r.Resolution) == resolutionClass);
        var checkedOnly = userRuns.Count - fitted.Count;
        var text = fitted.Count == 0 ? "" : $" and includes {fitted.Count} of your runs ({here} at {modelName} {resolutionClass}, each weighing as much as {UserCalibration.Weight:0} published runs; the range is the published runs' error)";
        return checkedOnly == 0 ? text : text + $" ({checkedOnly} of your arm64 runs kept but not fitted)";
    }

    private static (int Nodes, int CoresPerNode, double MemoryGiB, GcException? Rejected) CheckParallelLayout(ModelSpec model, GridResolution grid, SimulationWork work, InstanceSpec instance,
        EstimateRequest request, List<string> warnings)
    {
        var nodes = request.NodeCount;
        if (nodes < 1) throw Plan(ErrorIds.NodeCountInvalid, $"-NodeCount {nodes} is not a positive number of nodes.", "Give -NodeCount 1 or more.", nodes);
        if (request.CoresPerNode is < 1) throw Plan(ErrorIds.CoresPerNodeInvalid, $"-CoresPerNode {request.CoresPerNode} is not a positive number.", "Give -CoresPerNode 1 or more, or leave it out.", request.CoresPerNode);
        if (request.CoresPerNode > instance.VCpus)
        {
            throw Plan(ErrorIds.CoresPerNodeInvalid, $"-CoresPerNode {request.CoresPerNode} is more than the {instance.VCpus} vCPUs of {instance.InstanceType}.", $"Use at most {instance.VCpus}.", request.CoresPerNode);
        }
        var usable = MemoryModel.JobDefinitionGiB(instance);

        if (model.Name == "GCClassic")
        {
            if (nodes > 1)
            {
                throw Plan(ErrorIds.PlanInvalid, "GCClassic runs on one node only: it is parallelised with OpenMP, which cannot span nodes.",
                    "Use -NodeCount 1 with a larger instance, or GCHP for multi-node runs.", nodes);
            }
            var needed = MemoryModel.RequiredGiBPerNode(model, grid, work, 1, 1);
            if (needed > usable)
            {
                return (0, 0, needed, Plan(ErrorIds.PlanMemoryShort, $"GCClassic at {grid.Name} needs about {needed:0.#} GiB; a job on {instance.InstanceType} ({instance.MemoryGiB} GiB) gets {usable} GiB.",
                    "Choose an instance with more memory (an m or r family).", instance.InstanceType));
            }
            // OpenMP threads on every vCPU: hyper-threading helps Classic.
            return (1, request.CoresPerNode ?? instance.VCpus, needed, null);
        }

        if (nodes > 1 && request.Spot)
        {
            throw Plan(ErrorIds.PlanInvalid, "AWS Batch does not run multi-node parallel jobs on Spot capacity.",
                "Run multi-node GCHP On-Demand (drop -Spot), or fit it on one node for Spot.", nodes);
        }
        if (request.CoresPerNode is { } asked)
        {
            CheckRanks(grid, nodes, asked);
            var needed = MemoryModel.RequiredGiBPerNode(model, grid, work, asked, nodes * asked);
            if (needed > usable)
            {
                throw Plan(ErrorIds.PlanMemoryShort, $"GCHP at {grid.Name} with {asked} ranks per node needs about {needed:0.#} GiB per node; a job on {instance.InstanceType} gets {usable} GiB.",
                    "Use fewer ranks per node, or a memory-richer family (m, r).", instance.InstanceType);
            }
            if (asked > instance.PhysicalCores) warnings.Add($"{asked} ranks per node exceeds the {instance.PhysicalCores} physical cores: hyper-threading usually slows GCHP.");
            return (nodes, asked, needed, null);
        }
        // One rank per physical core in a multiple of 6 (GCST's AWS benchmarks), fewer where memory or the grid says so.
        if (instance.PhysicalCores < 6)
        {
            return (0, 0, 0, Plan(ErrorIds.PlanInvalid, $"{instance.InstanceType} has {instance.PhysicalCores} physical cores; GCHP needs at least 6 ranks.",
                "Choose an instance with 6 or more cores (GCHP is usually run on 24 or more).", instance.InstanceType));
        }
        // Messages are written only when no layout fits: the recommender tries thousands of layouts.
        int? lastInvalidRanks = null;
        (int Cores, double Needed)? lastShort = null;
        var largest = instance.PhysicalCores - instance.PhysicalCores % 6;
        for (var cores = largest; cores >= 6; cores -= 6)
        {
            if (!GchpDecomposition.Fits(grid.CubeSize, nodes * cores)) { lastInvalidRanks ??= nodes * cores; continue; }
            var needed = MemoryModel.RequiredGiBPerNode(model, grid, work, cores, nodes * cores);
            if (needed > usable) { lastShort ??= (cores, needed); continue; }
            if (cores < largest)
            {
                warnings.Add($"Runs {cores} of {instance.PhysicalCores} cores per node: " + (lastShort is { } s
                    ? $"{s.Cores} ranks per node would need about {s.Needed:0.#} GiB; a job on {instance.InstanceType} gets {usable} GiB."
                    : GchpDecomposition.Problem(grid.CubeSize, lastInvalidRanks!.Value)));
            }
            return (nodes, cores, needed, null);
        }
        var lastProblem = lastShort is { } shortOf
            ? $"{shortOf.Cores} ranks per node need about {shortOf.Needed:0.#} GiB; a job on {instance.InstanceType} gets {usable} GiB."
            : GchpDecomposition.Problem(grid.CubeSize, lastInvalidRanks ?? nodes * 6);
        var memoryShort = lastProblem?.Contains("GiB", StringComparison.Ordinal) == true;
        return (0, 0, 0, Plan(memoryShort ? ErrorIds.PlanMemoryShort : ErrorIds.PlanInvalid, $"GCHP at {grid.Name} cannot run on {nodes} x {instance.InstanceType}: {lastProblem}",
            memoryShort ? "Use a memory-richer family (m, r) or more nodes." : $"Use at most {grid.MaxCores} ranks at {grid.Name} (fewer nodes), or a finer resolution.", instance.InstanceType));
    }

    private static void CheckRanks(GridResolution grid, int nodes, int cores)
    {
        var ranks = nodes * cores;
        if (GchpDecomposition.Problem(grid.CubeSize, ranks) is { } problem)
        {
            var fix = ranks % 6 != 0 || ranks < 6 ? $"Use -CoresPerNode {Math.Max(6, cores - cores % 6)} or another multiple of 6 in total."
                : $"Use at most {grid.MaxCores} ranks at {grid.Name}, a count that splits each face evenly (6 x k x k), or a finer resolution.";
            throw Plan(ErrorIds.PlanInvalid, problem, fix, ranks);
        }
    }

    private (double LogHalfWidth, string Confidence, string Evidence) Uncertainty(string model, string simulation, string option, GridResolution grid, InstanceSpec instance, List<string> warnings)
    {
        var resolutionClass = ModelAccuracy.ClassOf(model, grid.Name);
        var measured = accuracy.For(model, resolutionClass);
        var halfWidth = accuracy.LogHalfWidth(model, resolutionClass);
        var evidence = measured.Runs == 0
            ? $"no published {model} run at {resolutionClass}: scaled from other grids by columns and timesteps"
            : $"evidence at {model} {resolutionClass}: {measured.Runs} runs from {measured.Sources.Count} source(s) ({string.Join(", ", measured.Sources)}), leave-one-source-out median error {measured.MedianAbsError:P0}";
        var simulationWork = ProcessorSpeeds.Default.WorkOf(simulation);
        var simulationMeasured = simulation == "fullchem" || simulationWork.Fitted;
        var confidence = measured.Thin ? "Low" : halfWidth <= 0.25 ? "High" : "Medium";
        if (measured.Thin)
        {
            halfWidth = Math.Max(halfWidth, accuracy.ModelWidth(model)) * 1.5;
            warnings.Add(measured.Runs == 0
                ? $"No published {model} timing at {resolutionClass}: scaled from other resolutions by grid size and timestep (Low confidence)."
                : $"Thin evidence at {model} {resolutionClass}: {measured.Sources.Count} source(s) ({string.Join(", ", measured.Sources)}); at least {ModelAccuracy.MinimumSources} are needed for more than Low confidence.");
        }
        if (!simulationMeasured)
        {
            confidence = "Low";
            halfWidth *= 1.5;
            warnings.Add($"No published timing of the {simulation} simulation: its work relative to fullchem is an estimate.");
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
            warnings.Add("arm64 (Graviton): no full-chemistry arm64 run is in the evidence, and published GEOS-Chem results conflict (fast for TransportTracers, about 1/8 of x86 for full-chemistry GCHP in GCHP#516). Benchmark first.");
        }
        return (halfWidth, confidence, evidence);
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

    private GcException NotBuilt(string model, string simulation, string option)
    {
        var switches = string.Join(" ", ImageBuildOptions.SwitchesFor(simulation, option));
        var built = string.Join(", ", images.Builds.Where(b => b.Model == model).Select(b => b.Executable));
        return new GcException(ErrorIds.OptionNotBuilt, GcErrorKind.InvalidArgument,
            $"{model} {simulation}{(option == "standard" ? "" : $" with {option}")} needs GEOS-Chem compiled with {switches}, and no image variant is built with it (the images hold {built}).",
            "Choose another option, or add a build with those switches to dockerfiles/scripts/build-geoschem.sh and rebuild the images (Start-GcImageBuild).", option);
    }

    private GcException UnknownInstance(string instanceType)
    {
        var closest = catalog.Specs.Select(s => s.InstanceType).OrderBy(t => Text.EditDistance(instanceType.ToLowerInvariant(), t)).First();
        return new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.ObjectNotFound, $"'{instanceType}' is not in the instance catalog.",
            $"Did you mean '{closest}'? Tab completion on -InstanceType lists the {catalog.Specs.Count} catalogued types.", instanceType);
    }

    private static GcException Plan(string id, string problem, string fix, object? target) => new(id, GcErrorKind.InvalidArgument, problem, fix, target);
}
