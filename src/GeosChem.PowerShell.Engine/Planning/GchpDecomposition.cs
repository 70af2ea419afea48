namespace GeosChem.PowerShell.Planning;

/// <summary>
/// How GCHP splits its six cube faces among ranks, as its setCommonRunSettings.sh does with AutoUpdate_NXNY=ON:
/// Z = ranks / 6; NX = the largest divisor of Z not above ceil(sqrt(Z)); NY = 6 Z / NX. FV3 then needs at least 4x4
/// cells per rank on each face (CS_RES / NX >= 4 and CS_RES / (NY / 6) >= 4). So C90 takes at most 6 x 22 x 22 = 2,904
/// ranks (the template's comment says 3,174 = 23 x 138, but 90 / 23 < 4), and a prime Z gives a 1 x Z strip that
/// usually fails.
/// </summary>
internal static class GchpDecomposition
{
    public const int MinimumCellsPerSide = 4;

    public static (int NX, int NY) Auto(int ranks)
    {
        var z = ranks / 6;
        var n = (int)Math.Ceiling(Math.Sqrt(z) - 1e-9);
        while (n > 1 && z % n != 0) n--;
        return (Math.Max(1, n), z / Math.Max(1, n) * 6);
    }

    public static bool Fits(int cubeSize, int ranks)
    {
        if (ranks < 6 || ranks % 6 != 0) return false;
        var (nx, ny) = Auto(ranks);
        return cubeSize / nx >= MinimumCellsPerSide && cubeSize / (ny / 6) >= MinimumCellsPerSide;
    }

    /// <summary>Null when GCHP can run this many ranks at this cube size; otherwise why not.</summary>
    public static string? Problem(int cubeSize, int ranks)
    {
        if (Fits(cubeSize, ranks)) return null;
        if (ranks < 6 || ranks % 6 != 0) return $"GCHP needs a total number of ranks that is a multiple of 6 (at least 6); {ranks} is not.";
        var (nx, ny) = Auto(ranks);
        var alongX = cubeSize / nx;
        var alongY = cubeSize / (ny / 6);
        return alongX >= MinimumCellsPerSide && alongY >= MinimumCellsPerSide ? null
            : $"{ranks} ranks split each C{cubeSize} face {nx} x {ny / 6} (NX={nx}, NY={ny}), leaving {Math.Min(alongX, alongY)} cells per rank along a side; FV3 needs at least {MinimumCellsPerSide}.";
    }

    /// <summary>The most ranks a cube size takes: a square split of k x k per face with k = CS_RES / 4.</summary>
    public static int MaxRanks(int cubeSize) => 6 * (cubeSize / MinimumCellsPerSide) * (cubeSize / MinimumCellsPerSide);

    /// <summary>Mass-flux met (GEOS-IT C180 mass fluxes) also needs NX and NY/6 to divide both the run's and the met's cube size.</summary>
    public static bool MassFluxCompatible(int cubeSize, int metCubeSize, int ranks)
    {
        var (nx, ny) = Auto(ranks);
        return cubeSize % nx == 0 && cubeSize % (ny / 6) == 0 && metCubeSize % nx == 0 && metCubeSize % (ny / 6) == 0;
    }
}
