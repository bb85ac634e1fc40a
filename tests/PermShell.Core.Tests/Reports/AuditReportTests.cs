using System.Text.RegularExpressions;
using CsCheck;
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

    [Fact]
    public void Writes_an_overview_a_page_per_permission_and_a_page_per_user()
    {
        var result = WriteSample();

        Assert.Equal(Path.Combine(result.Folder, "index.html"), result.IndexPath);
        Assert.Equal((4, 6), (result.Permissions, result.Users));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(result.Folder, "permissions")).Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(result.Folder, "users")).Length);
        Assert.True(File.Exists(Path.Combine(result.Folder, "report.css")));
        Assert.True(File.Exists(Path.Combine(result.Folder, "report.js")));
        Assert.Equal(result.Files, Directory.GetFiles(result.Folder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Every_name_is_escaped_and_nothing_hostile_survives_as_markup()
    {
        var result = WriteSample();

        foreach (var page in Pages(result.Folder))
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<b>bold", html);
            Assert.DoesNotContain("<acme>", html);
        }
        var index = File.ReadAllText(Path.Combine(result.Folder, "users.html"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", index);
        var wiki = File.ReadAllText(Directory.GetFiles(Path.Combine(result.Folder, "permissions"), "wiki-view-*.html").Single());
        Assert.Contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;", wiki);
        Assert.Contains("/stores/&lt;acme&gt;.db", wiki);
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
                Assert.Matches("^(\\.\\./)?([a-z0-9-]+/)?[a-z0-9.-]+$", target);
                Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target))), $"{page} links to {target}");
                links++;
            }
        }
        Assert.True(links > 40);
    }

    [Fact]
    public void The_overview_has_the_Get_PermissionAudit_columns_and_rows()
    {
        var result = WriteSample();
        var html = File.ReadAllText(result.IndexPath);

        var headers = Regex.Matches(html, "<th [^>]*><button type=\"button\">([^<]+)</button>").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "Permission", "App", "Model", "Code name", "Description", "Users", "Groups", "Group users", "Effective users", "Anonymous", "Authenticated" }, headers);
        var rows = Regex.Matches(html, "<tr><td><a href=\"permissions/[^\"]+\">([^<]+)</a>").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "TICKET_ADMIN", "TICKET_VIEW", "WIKI_DELETE", "WIKI_VIEW" }, rows);
        Assert.Contains("<time datetime=\"2025-11-27T09:30:00Z\">2025-11-27 09:30 UTC</time>", html);
    }

    [Fact]
    public void Pages_are_utf8_without_bom_and_declare_it()
    {
        var result = WriteSample();

        foreach (var page in Pages(result.Folder))
        {
            var bytes = File.ReadAllBytes(page);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
            Assert.Contains("<meta charset=\"utf-8\">", File.ReadAllText(page));
        }
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
        var stale = Path.Combine(folder, "users", "gone-0123456789.html");
        File.WriteAllText(stale, "old");

        WriteSample(folder);

        Assert.False(File.Exists(stale));
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
    public void Page_names_are_safe_and_distinct_for_any_names()
    {
        Gen.String.Array[1, 30].Sample(names =>
        {
            var pages = new PageNames();
            var files = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, pages.Of, StringComparer.Ordinal);
            Assert.All(files.Values, f => Assert.Matches("^[a-z0-9-]{1,40}-[0-9a-f]{10,64}\\.html$", f));
            Assert.Equal(files.Count, files.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(files, f => Assert.Equal(f.Value, pages.Of(f.Key)));
        }, iter: 500);
    }

    [Fact]
    public void Page_names_are_readable_and_stable()
    {
        Assert.Equal("ticket-view", PageNames.Slug("TICKET_VIEW"));
        Assert.Equal("script-alert-1-script", PageNames.Slug(Hostile));
        Assert.Equal("etc-passwd", PageNames.Slug("../../etc/passwd"));
        Assert.Equal("n", PageNames.Slug("日本"));
        Assert.NotEqual(new PageNames().Of("Bob"), new PageNames().Of("bob"));
        Assert.Equal(new PageNames().Of("bob"), new PageNames().Of("bob"));
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

        var page = File.ReadAllText(Path.Combine(result.Folder, "policies.html"));
        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("<code>wiki:&lt;script&gt;alert(1)&lt;/script&gt;</code></td><td><code>@admins = WIKI_VIEW</code><br><code>* =</code>", page);
        Assert.True(page.IndexOf("&lt;script&gt;", StringComparison.Ordinal) < page.IndexOf("<code>bob = !WIKI_VIEW</code>", StringComparison.Ordinal));
        Assert.All(Pages(result.Folder), p => Assert.Matches("policies.html\"( aria-current=\"page\")?>Resource policy</a>", File.ReadAllText(p)));
        Assert.False(File.Exists(Path.Combine(WriteSample().Folder, "policies.html")));
    }
}
