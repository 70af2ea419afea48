using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// Memory a run needs on each node (GiB), from the rules in Data/geoschem-domain.json: Classic holds one global state
/// that grows with the grid; GCHP holds, on each node, global input state plus, per rank, fixed buffers and its share
/// of the grid's columns.
/// </summary>
internal static class MemoryModel
{
    /// <summary>The share of an instance's memory a Batch job definition is given (Register-GcJobDefinition uses it).</summary>
    public const double UsableMemoryFraction = 0.9;

    private const double GiB = 1024.0 * 1024 * 1024;
    private const double MinimumGiB = 4;

    public static double RequiredGiBPerNode(ModelSpec model, GridResolution grid, SimulationWork work, int ranksPerNode, int totalRanks)
    {
        var rule = model.Memory;
        if (model.Name == "GCHP")
        {
            var columnsPerRank = (double)grid.Columns / Math.Max(1, totalRanks);
            var perRank = rule.PerRankGiB + columnsPerRank * rule.BytesPerColumnPerRank / GiB * work.Memory;
            return Math.Round(rule.PerNodeGlobalGiB + ranksPerNode * perRank, 1);
        }
        return Math.Round(Math.Max(MinimumGiB, (rule.BaseGiB + rule.GiBPerThousandColumns * grid.Columns / 1000.0) * rule.Headroom * work.Memory), 1);
    }

    /// <summary>What a job definition on this instance gets: the usable share of its memory, whole GiB.</summary>
    public static double JobDefinitionGiB(InstanceSpec instance) => Math.Floor(instance.MemoryGiB * UsableMemoryFraction);
}
