using System.Text.Json;

namespace PermShell.Bench;

/// <summary>The cmdlet rows, measured in real pwsh processes by bench/Measure-Cmdlets.ps1, with their PowerShell floors.</summary>
internal sealed record CmdletFigures(
    string PwshVersion,
    Sample FirstCheckMs,
    Sample OverviewFirstMs,
    Sample OverviewAgainUs,
    Sample TestPermissionUs,
    Sample GetRandomUs,
    Sample PipelineTestPerSecond,
    Sample PipelineSelectPerSecond,
    Sample EffectiveMs,
    Sample AuditMs,
    Sample GrantMs,
    Sample RevokeMs,
    Sample NewUserMs,
    Sample RemoveUserMs,
    int EffectiveCount,
    int AuditRows,
    int OverviewRows,
    Sample AuditAfterWriteMs)
{
    /// <summary>
    /// One full run of the driver (every per-call row, <paramref name="batches"/> batches each, then the writes), plus
    /// <paramref name="overviewProcesses"/> - 1 more processes that each time only the first overview call.
    /// </summary>
    public static CmdletFigures Measure(Tools tools, string store, string subject, string permission, string writePermission,
        string subjectList, int batches, int writes, int overviewProcesses)
    {
        var common = new[] { "-Module", tools.Module, "-Store", store, "-Subject", subject, "-Permission", permission };
        var run = ChildProcess.Pwsh(tools.Pwsh, tools.Script("Measure-Cmdlets.ps1"), [.. common,
            "-WritePermission", writePermission, "-SubjectList", subjectList, "-Batches", batches.ToString(), "-Writes", writes.ToString()]);
        using var all = JsonDocument.Parse(ChildProcess.LastJsonLine(run));
        var root = all.RootElement;
        var firstCheck = new List<double> { root.GetProperty("first_check_ms").GetDouble() };
        var overviewFirst = new List<double> { root.GetProperty("overview_first_ms").GetDouble() };
        for (var i = 1; i < overviewProcesses; i++)
        {
            var more = ChildProcess.Pwsh(tools.Pwsh, tools.Script("Measure-Cmdlets.ps1"), [.. common, "-Part", "Overview"]);
            using var figures = JsonDocument.Parse(ChildProcess.LastJsonLine(more));
            firstCheck.Add(figures.RootElement.GetProperty("first_check_ms").GetDouble());
            overviewFirst.Add(figures.RootElement.GetProperty("overview_first_ms").GetDouble());
        }

        Sample Values(string name, string unit, double scale = 1) =>
            Sample.Of(unit, root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble() * scale));
        return new CmdletFigures(
            root.GetProperty("pwsh_version").GetString()!,
            Sample.Of("ms", firstCheck),
            Sample.Of("ms", overviewFirst),
            Values("overview_again_us", "µs"),
            Values("test_permission_us", "µs"),
            Values("get_random_us", "µs"),
            Values("pipeline_test_per_s", "checks/s"),
            Values("pipeline_select_per_s", "objects/s"),
            Values("effective_us", "ms", 0.001),
            Values("audit_us", "ms", 0.001),
            Values("grant_ms", "ms"),
            Values("revoke_ms", "ms"),
            Values("new_user_ms", "ms"),
            Values("remove_user_ms", "ms"),
            root.GetProperty("effective_count").GetInt32(),
            root.GetProperty("audit_rows").GetInt32(),
            root.GetProperty("overview_rows").GetInt32(),
            Values("audit_after_write_ms", "ms"));
    }
}
