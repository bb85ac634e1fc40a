namespace PermShell.Bench;

/// <summary>
/// Repeated measurements of one figure, in one unit. The machine is shared, so a single run means little: the
/// median is the figure, min–max its spread.
/// </summary>
internal sealed record Sample(string Unit, double[] Values)
{
    public double Median
    {
        get
        {
            if (Values.Length == 0) return double.NaN;
            var sorted = Values.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Min => Values.Length == 0 ? double.NaN : Values.Min();

    public double Max => Values.Length == 0 ? double.NaN : Values.Max();

    public static Sample Of(string unit, IEnumerable<double> values) => new(unit, values.ToArray());

    /// <summary>"12.3 ms (11.9–14.0, n=5)".</summary>
    public string Describe() => Values.Length == 1
        ? $"{Figure.Format(Median)} {Unit} (n=1)"
        : $"{Figure.Format(Median)} {Unit} ({Figure.Format(Min)}–{Figure.Format(Max)}, n={Values.Length})";
}

internal static class Figure
{
    /// <summary>Three significant digits, thousands separated: 0.0123, 1.23, 123, 12,300.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        var magnitude = Math.Abs(value);
        var decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.1 ? 3 : 4;
        return value.ToString("N" + decimals, System.Globalization.CultureInfo.InvariantCulture);
    }
}
