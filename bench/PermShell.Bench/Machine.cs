using System.Runtime.InteropServices;

namespace PermShell.Bench;

/// <summary>Where the figures were taken: they mean little without the machine and its load.</summary>
internal sealed record Machine(string Cpu, int Cores, string Memory, string Os, string Dotnet, string LoadAverage)
{
    public static Machine Now() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "n/a"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:")) : null;
        return line is null ? "n/a" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024:F1} GiB";
    }
}
