using System.Text.Json;
using System.Text.RegularExpressions;
using PermShell.Core.Engine;
using PermShell.Core.Reports;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Reports;

public class AuditReportTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script>";
    private static readonly DateTimeOffset Generated = new(2025, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private readonly TempStoreFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A hostile user and group, a name that differs from another by case only, slashes and dots, and a Trac-like chain.</summary>
    private static PermissionSnapshot Sample() => new StateBuilder()
        .Permission("TICKET_VIEW").Permission("TICKET_ADMIN", "TICKET_*").Permission("WIKI_VIEW").Permission("WIKI_DELETE")
        .User(Hostile).User("bob").User("Bob").User("../../etc/passwd").User("mallory", active: false).User("root", superuser: true)
        .Group("developer", "bob", Hostile).Group("\"quoted\" & <b>bold</b>", "Bob")
        .Grant("developer", "TICKET_ADMIN").Grant("\"quoted\" & <b>bold</b>", "WIKI_VIEW").Grant("../../etc/passwd", "WIKI_VIEW")
        .Grant("anonymous", "TICKET_VIEW").Grant("mallory", "WIKI_VIEW")
        .Snapshot();

    private AuditReportResult WriteSample(string? folder = null) =>
        AuditReport.Write(Sample(), folder ?? Path.Combine(_temp.Path, "report"), "/stores/<acme>.db", Generated);

    private static IEnumerable<string> Pages(string folder) => Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories);

    private static IEnumerable<string> Files(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories);

    /// <summary>The JSON a data file hands to PermShellReport.</summary>
    private static JsonElement DataOf(string file)
    {
        var text = File.ReadAllText(file);
        var json = text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')];
        // PermShellReport.users(<shard>, [...]) or PermShellReport.meta({...})
        return JsonDocument.Parse(text.StartsWith("PermShellReport.users(", StringComparison.Ordinal) ? json[(json.IndexOf(',') + 1)..] : json).RootElement;
    }

    // The report used to be a page per permission and per user (2 GB in 100,000 files for 100,000 users); the user and
    // permission pages are now one page each, drawn from data/ for the name in their address.
    [Fact]
    public void Writes_four_pages_the_assets_and_the_data()
    {
        var result = WriteSample();

        Assert.Equal(Path.Combine(result.Folder, "index.html"), result.IndexPath);
        Assert.Equal((4, 6), (result.Permissions, result.Users));
        var files = Files(result.Folder).Select(f => Path.GetRelativePath(result.Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { ".permshell-report", "data/report.js", "data/users-0000.js", "index.html", "permission.html", "report.css", "report.js", "user.html", "users.html" }, files);
        Assert.Equal(result.Files, Files(result.Folder).Count());
    }

    [Fact]
    public void Users_are_written_in_ordinal_order_in_shards_that_stay_few()
    {
        Assert.Equal(1000, new ReportData(Sample(), _temp.Path, new string[3000]).ShardSize);
        Assert.Equal(1000, new ReportData(Sample(), _temp.Path, new string[100_000]).ShardSize);
        Assert.Equal(2000, new ReportData(Sample(), _temp.Path, new string[1_000_000]).ShardSize);

        var result = WriteSample();
        var meta = DataOf(Path.Combine(result.Folder, "data", "report.js"));
        var users = DataOf(Path.Combine(result.Folder, "data", "users-0000.js")).EnumerateArray().Select(u => u[0].GetString()).ToArray();
        Assert.Equal(new[] { "../../etc/passwd", Hostile, "Bob", "bob", "mallory", "root" }, users);
        Assert.Equal(6, meta.GetProperty("users").GetInt32());
        Assert.Equal("../../etc/passwd", meta.GetProperty("shards")[0][1].GetString());
    }

    [Fact]
    public void A_route_that_users_share_is_written_once()
    {
        var builder = new StateBuilder().Permission("WIKI_VIEW");
        var members = Enumerable.Range(0, 50).Select(i => $"u{i:D2}").ToArray();
        foreach (var member in members) builder.User(member);
        var snapshot = builder.Group("readers", members).Grant("readers", "WIKI_VIEW").Snapshot();

        var result = AuditReport.Write(snapshot, Path.Combine(_temp.Path, "shared"), "s", Generated);

        var routes = DataOf(Path.Combine(result.Folder, "data", "report.js")).GetProperty("routes");
        var route = Assert.Single(routes.EnumerateArray());
        Assert.Equal(new[] { "Group", "readers", " > readers : WIKI_VIEW" }, route.EnumerateArray().Skip(1).Select(e => e.GetString()));
        Assert.All(DataOf(Path.Combine(result.Folder, "data", "users-0000.js")).EnumerateArray(), u => Assert.Equal("[0]", u[6].GetRawText()));
    }

    [Fact]
    public void Every_name_is_escaped_and_nothing_hostile_survives_as_markup()
    {
        var result = WriteSample();

        foreach (var file in Files(result.Folder))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("<script>alert", text);
            Assert.DoesNotContain("<b>bold", text);
            Assert.DoesNotContain("<acme>", text);
        }
        // Pages escape as HTML; data files as JSON strings, which report.js puts into the page as text.
        Assert.Contains("/stores/&lt;acme&gt;.db", File.ReadAllText(Path.Combine(result.Folder, "user.html")));
        Assert.Contains("\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E", File.ReadAllText(Path.Combine(result.Folder, "data", "users-0000.js")));
        Assert.Contains("\\u0022quoted\\u0022 \\u0026 \\u003Cb\\u003Ebold\\u003C/b\\u003E", File.ReadAllText(Path.Combine(result.Folder, "data", "report.js")));
        var users = DataOf(Path.Combine(result.Folder, "data", "users-0000.js"));
        Assert.Contains(users.EnumerateArray(), u => u[0].GetString() == Hostile);
    }

    [Fact]
    public void Every_link_is_relative_and_reaches_a_written_file()
    {
        var result = WriteSample();
        var links = 0;

        foreach (var page in Pages(result.Folder))
        {
            var html = File.ReadAllText(page);
            foreach (Match m in Regex.Matches(html, "(?:href|src)=\"([^\"]*)\""))
            {
                var target = m.Groups[1].Value;
                if (target.StartsWith('#')) continue;
                Assert.DoesNotMatch("^[a-z]+:|^//|^/", target);
                // A permission's or user's page names it in the address, percent-encoded.
                Assert.Matches("^[a-z0-9.-]+(\\?name=[A-Za-z0-9%._~-]+)?$", target);
                var file = target.Split('?')[0];
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(page)!, file)), $"{page} links to {target}");
                links++;
            }
        }
        Assert.True(links >= 20);
    }

    [Fact]
    public void The_overview_has_the_Get_PermissionAudit_columns_and_rows()
    {
        var result = WriteSample();
        var html = File.ReadAllText(result.IndexPath);

        var headers = Regex.Matches(html, "<th [^>]*><button type=\"button\">([^<]+)</button>").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "Permission", "App", "Model", "Code name", "Description", "Users", "Groups", "Group users", "Effective users", "Anonymous", "Authenticated" }, headers);
        var rows = Regex.Matches(html, "<tr><td><a href=\"permission\\.html\\?name=([^\"]+)\">([^<]+)</a>").Select(m => (m.Groups[1].Value, m.Groups[2].Value));
        Assert.Equal(new[] { "TICKET_ADMIN", "TICKET_VIEW", "WIKI_DELETE", "WIKI_VIEW" }.Select(n => (n, n)), rows);
        Assert.Contains("<time datetime=\"2025-11-27T09:30:00Z\">2025-11-27 09:30 UTC</time>", html);
    }

    [Fact]
    public void Pages_are_utf8_without_bom_and_declare_it()
    {
        var result = WriteSample();

        foreach (var file in Files(result.Folder))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        }
        foreach (var page in Pages(result.Folder))
            Assert.Contains("<meta charset=\"utf-8\">", File.ReadAllText(page));
    }

    [Fact]
    public void Nothing_is_loaded_from_the_network()
    {
        var result = WriteSample();

        foreach (var file in Directory.EnumerateFiles(result.Folder, "*", SearchOption.AllDirectories))
            Assert.DoesNotMatch("https?:|(src|href)=\"//|@import|url\\(", File.ReadAllText(file));
    }

    [Fact]
    public void Exporting_again_replaces_the_earlier_report()
    {
        var folder = Path.Combine(_temp.Path, "report");
        WriteSample(folder);
        var stale = Path.Combine(folder, "data", "users-9999.js");
        File.WriteAllText(stale, "old");
        // A report of the earlier layout, a page per user, is replaced too.
        Directory.CreateDirectory(Path.Combine(folder, "users"));
        File.WriteAllText(Path.Combine(folder, "users", "gone-0123456789.html"), "old");

        WriteSample(folder);

        Assert.False(File.Exists(stale));
        Assert.False(Directory.Exists(Path.Combine(folder, "users")));
    }

    [Fact]
    public void A_folder_with_other_files_is_refused_unless_forced_and_its_files_are_kept()
    {
        var folder = Path.Combine(_temp.Path, "mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep");

        var e = Assert.Throws<PermShellException>(() => WriteSample(folder));
        Assert.Equal("PermShell.Report.FolderNotEmpty", e.ErrorId);
        Assert.False(File.Exists(Path.Combine(folder, "index.html")));

        AuditReport.Write(Sample(), folder, "store", Generated, force: true);
        Assert.True(File.Exists(Path.Combine(folder, "index.html")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void A_file_is_no_folder()
    {
        var file = Path.Combine(_temp.Path, "report.html");
        File.WriteAllText(file, "x");

        Assert.Equal("PermShell.Report.NotAFolder", Assert.Throws<PermShellException>(() => WriteSample(file)).ErrorId);
    }

    [Fact]
    public void All_adds_the_pages_of_permissions_nobody_holds()
    {
        var snapshot = new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_DELETE").User("bob").Grant("bob", "WIKI_VIEW").Snapshot();

        var some = AuditReport.Write(snapshot, Path.Combine(_temp.Path, "some"), "s", Generated);
        var all = AuditReport.Write(snapshot, Path.Combine(_temp.Path, "all"), "s", Generated, all: true);

        Assert.Equal((1, 2), (some.Permissions, all.Permissions));
    }

    [Fact]
    public void Html_escape_covers_markup_quotes_and_control_characters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;", Html.Escape("<a href=\"x\" title='y'>&</a>"));
        Assert.Equal("a\uFFFDb\tc\nd", Html.Escape("a\u0000b\tc\nd"));
        Assert.Equal("plain", Html.Escape("plain"));
        Assert.Equal("", Html.Escape(null));
    }

    [Fact]
    public void A_store_with_a_resource_policy_gets_a_policy_page_in_order_linked_from_every_page_and_escaped()
    {
        var b = new StateBuilder().Permission("WIKI_VIEW").User("bob");
        b.State.Policies =
        [
            new PolicySection("wiki:" + Hostile, [new PolicyRule("@admins", ["WIKI_VIEW"]), new PolicyRule("*", [])]),
            new PolicySection("*", [new PolicyRule("bob", ["!WIKI_VIEW"])]),
        ];
        var result = AuditReport.Write(b.Snapshot(), Path.Combine(_temp.Path, "policy"), "s", Generated);

        var files = Files(result.Folder).Select(f => Path.GetRelativePath(result.Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { ".permshell-report", "data/report.js", "data/users-0000.js", "index.html", "permission.html", "policies.html", "report.css", "report.js", "user.html", "users.html" }, files);
        Assert.Equal(result.Files, Files(result.Folder).Count());
        var page = File.ReadAllText(Path.Combine(result.Folder, "policies.html"));
        Assert.Contains("data-view=\"policies\"", page);
        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("<code>wiki:&lt;script&gt;alert(1)&lt;/script&gt;</code></td><td><code>@admins = WIKI_VIEW</code><br><code>* =</code>", page);
        Assert.True(page.IndexOf("&lt;script&gt;", StringComparison.Ordinal) < page.IndexOf("<code>bob = !WIKI_VIEW</code>", StringComparison.Ordinal));
        Assert.All(Pages(result.Folder), p => Assert.Matches("policies.html\"( aria-current=\"page\")?>Resource policy</a>", File.ReadAllText(p)));
        Assert.False(File.Exists(Path.Combine(WriteSample().Folder, "policies.html")));
    }
}
