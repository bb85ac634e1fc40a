namespace PermShell.Bench;

/// <summary>
/// The first answer in a new pwsh (import the module, open the store, one check) against a bare pwsh start, both
/// timed as whole processes, alternated so that the machine's load falls on both alike.
/// </summary>
internal sealed record PwshStartFigures(Sample BareMs, Sample FirstAnswerMs)
{
    public static PwshStartFigures Measure(Tools tools, string store, string subject, string permission, int runs)
    {
        static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
        var bare = new List<double>();
        var first = new List<double>();
        var check = $"Import-Module {Quote(tools.Module)}; Test-Permission -Store {Quote(store)} -Subject {Quote(subject)} -Name {Quote(permission)}";
        for (var i = 0; i < runs; i++)
        {
            bare.Add(Start(tools, "$null").WallMs);
            var answer = Start(tools, check);
            if (answer.Output.Trim() != "True")
                throw new InvalidOperationException($"the first-answer process answered '{answer.Output.Trim()}' (expected True): {answer.Errors}");
            first.Add(answer.WallMs);
        }
        return new PwshStartFigures(Sample.Of("ms", bare), Sample.Of("ms", first));
    }

    private static ChildRun Start(Tools tools, string command)
    {
        var run = ChildProcess.Run(tools.Pwsh, ["-NoProfile", "-NonInteractive", "-Command", command]);
        if (run.ExitCode != 0) throw new InvalidOperationException($"pwsh -Command {command} failed: {run.Errors}");
        return run;
    }
}
