namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>Derivative-free minimisation (Nelder-Mead simplex), enough for a ten-parameter fit to a few dozen runs.</summary>
internal static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double[] steps, int maxIterations = 20_000, double tolerance = 1e-10)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        simplex[0] = (double[])start.Clone();
        for (var i = 0; i < n; i++)
        {
            simplex[i + 1] = (double[])start.Clone();
            simplex[i + 1][i] += steps[i];
        }
        var values = simplex.Select(f).ToArray();

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (Math.Abs(values[n] - values[0]) < tolerance * (1 + Math.Abs(values[0]))) break;

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;

            double[] Toward(double t) => centroid.Select((c, j) => c + t * (simplex[n][j] - c)).ToArray();
            var reflected = Toward(-1);
            var fr = f(reflected);
            if (fr < values[0])
            {
                var expanded = Toward(-2);
                var fe = f(expanded);
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = fr < values[n] ? Toward(-0.5) : Toward(0.5);
                var fc = f(contracted);
                if (fc < Math.Min(fr, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = simplex[i].Select((x, j) => simplex[0][j] + 0.5 * (x - simplex[0][j])).ToArray();
                        values[i] = f(simplex[i]);
                    }
                }
            }
        }
        return simplex[Array.IndexOf(values, values.Min())];
    }
}
