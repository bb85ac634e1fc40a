using System.Diagnostics;

namespace PermShell.Bench;

/// <summary>A whole process timed from start to exit: what a user waits for when a runbook starts pwsh.</summary>
internal sealed record ChildRun(double WallMs, int ExitCode, string Output, string Errors);

internal static class ChildProcess
{
    public static ChildRun Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A child pwsh must not print progress bars or colours into the output we parse.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }
        process.WaitForExit();
        var wall = clock.Elapsed.TotalMilliseconds;
        return new ChildRun(wall, process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>Runs a pwsh script file with -NoProfile -NonInteractive and fails loudly when it fails.</summary>
    public static ChildRun Pwsh(string pwsh, string script, params string[] arguments)
    {
        var run = Run(pwsh, new[] { "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed (exit code {run.ExitCode}):\n{run.Errors}\n{run.Output}");
        return run;
    }

    /// <summary>The last line of a child's output that is a JSON object (scripts print their figures last).</summary>
    public static string LastJsonLine(ChildRun run) =>
        run.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'))
        ?? throw new InvalidOperationException($"no JSON figures in the child's output:\n{run.Output}\n{run.Errors}");
}
