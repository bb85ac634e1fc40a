using System.Globalization;
using System.Text;
using PermShell.Core.Engine;

namespace PermShell.Core.Reports;

/// <summary>What Export-PermissionAuditReport wrote.</summary>
public sealed record AuditReportResult(string Folder, string IndexPath, int Permissions, int Users, int Files);

/// <summary>
/// Writes the static HTML audit report (SPEC §2 Export-PermissionAuditReport): index.html, the overview with the
/// Get-PermissionAudit columns, complete in the HTML; permission.html?name=…, everyone who holds a permission, one row
/// per route; users.html, every user; user.html?name=…, what one user holds and why. Those three pages are drawn by
/// report.js from the data files of <see cref="ReportData"/>, so the report stays a few hundred files at most, whatever
/// the number of users. Self-contained: relative links, one local style sheet and script, UTF-8, nothing fetched from
/// the network. Every piece of text goes through <see cref="Html.Escape"/> (pages) or a JSON string (data).
/// </summary>
public static class AuditReport
{
    /// <summary>Marks a folder as a PermShell report, so that exporting again may replace its pages.</summary>
    public const string MarkerFile = ".permshell-report";

    private const string PermissionPage = "permission.html";
    private const string UserPage = "user.html";
    private const string UsersPage = "users.html";
    /// <summary>Folders of the report's earlier layout (a page per permission and per user), removed on export.</summary>
    private static readonly string[] OwnFolders = [ReportData.Folder, "permissions", "users"];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the report into <paramref name="folder"/>, created if needed. A folder that holds other files is refused
    /// unless <paramref name="force"/> (then the report is written beside them); an earlier PermShell report there is replaced.
    /// </summary>
    public static AuditReportResult Write(PermissionSnapshot snapshot, string folder, string storePath, DateTimeOffset generated,
        bool all = false, bool force = false)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Prepare(full, force);
            var writer = new ReportWriter(snapshot, full, storePath, generated, all);
            return writer.Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException("PermShell.Report.WriteFailed", ProblemKind.ResourceUnavailable,
                $"The audit report could not be written to '{full}': {e.Message}", full, e);
        }
    }

    private static void Prepare(string folder, bool force)
    {
        if (File.Exists(folder))
            throw new PermShellException("PermShell.Report.NotAFolder", ProblemKind.InvalidArgument,
                $"'{folder}' is a file; give the folder the report should be written to.", folder);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (File.Exists(Path.Combine(folder, MarkerFile)))
        {
            // Our own earlier report: its page folders go, so no page of a removed user or permission lingers.
            foreach (var sub in OwnFolders)
                if (Directory.Exists(Path.Combine(folder, sub))) Directory.Delete(Path.Combine(folder, sub), recursive: true);
            return;
        }
        if (!force && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new PermShellException("PermShell.Report.FolderNotEmpty", ProblemKind.ResourceExists,
                $"'{folder}' already holds files that are not a PermShell report. Choose an empty or new folder, or use -Force to write the report beside them.", folder);
    }

    /// <summary>One export: the names, the shared page frame and the pages.</summary>
    private sealed class ReportWriter
    {
        private readonly PermissionSnapshot _snapshot;
        private readonly PermissionAudit _audit;
        private readonly string _folder;
        private readonly string _store;
        private readonly DateTimeOffset _generated;
        private readonly IReadOnlyList<PermissionSummary> _overview;
        private readonly string[] _users;
        private int _files;

        public ReportWriter(PermissionSnapshot snapshot, string folder, string store, DateTimeOffset generated, bool all)
        {
            _snapshot = snapshot;
            _audit = snapshot.Audit;
            _folder = folder;
            _store = store;
            _generated = generated.ToUniversalTime();
            _overview = _audit.Overview(all);
            _users = snapshot.State.Users.Keys.Order(StringComparer.Ordinal).ToArray();
        }

        public AuditReportResult Write()
        {
            WriteFile(ReportAssets.StyleFile, w => w.Write(ReportAssets.Style));
            WriteFile(ReportAssets.ScriptFile, w => w.Write(ReportAssets.Script));
            WriteFile("index.html", WriteOverview);
            WriteFile(UsersPage, WriteUserList);
            if (HasPolicy) WriteFile(PolicyPage, WritePolicies);
            WriteFile(UserPage, WriteUser);
            WriteFile(PermissionPage, WritePermission);
            _files += new ReportData(_snapshot, _folder, _users).Write(_overview, Grantees());
            WriteFile(MarkerFile, w => w.Write("PermShell audit report. Exporting again into this folder replaces it.\n"));
            return new AuditReportResult(_folder, Path.Combine(_folder, "index.html"), _overview.Count, _users.Length, _files);
        }

        private void WriteFile(string relative, Action<TextWriter> write)
        {
            using (var stream = new FileStream(Path.Combine(_folder, relative), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, Utf8))
                write(writer);
            _files++;
        }

        /// <summary>The page of one permission or user: the address's ?name=, percent-encoded.</summary>
        private static string PageOf(string page, string name) => $"{page}?name={Uri.EscapeDataString(name)}";

        // ---- pages ----

        private void WriteOverview(TextWriter w)
        {
            var state = _snapshot.State;
            Begin(w, "Permission audit", "Permissions", view: "overview");
            w.Write($"<h1>Permission audit</h1>\n<p>{_overview.Count} of {state.Permissions.Count} permissions");
            w.Write(_overview.Count < state.Permissions.Count ? " (those that nobody holds or was granted are left out)" : "");
            w.Write($"; {state.Users.Count} users, {state.Groups.Count} groups. Each permission links to everyone who holds it, and why.</p>\n");
            w.Write("<p class=\"hint\">Users and Groups: granted directly. GroupUsers: users in those groups, at any depth, active or not. "
                + "EffectiveUsers: active users who hold it by any route (groups, implication, superuser, anonymous, authenticated). "
                + "Anonymous, Authenticated: everyone, or every signed-in user, holds it.</p>\n");
            Filter(w, "overview", "permissions");
            w.Write("<div class=\"table\"><table id=\"overview\" class=\"sortable\">\n<caption>The permissions, with how many hold them</caption>\n<thead><tr>");
            Header(w, "Permission", "permission", sorted: true);
            Header(w, "App", "app");
            Header(w, "Model", "model");
            Header(w, "Code name", "codename");
            Header(w, "Description", "description");
            Header(w, "Users", "users", number: true);
            Header(w, "Groups", "groups", number: true);
            Header(w, "Group users", "groupusers", number: true);
            Header(w, "Effective users", "effectiveusers", number: true);
            Header(w, "Anonymous", "anonymous");
            Header(w, "Authenticated", "authenticated");
            w.Write("</tr></thead>\n<tbody>\n");
            foreach (var s in _overview)
            {
                w.Write($"<tr><td><a href=\"{Html.Escape(PageOf(PermissionPage, s.Permission))}\">{Html.Escape(s.Permission)}</a></td>");
                w.Write($"<td>{Html.Escape(s.App)}</td><td>{Html.Escape(s.Model)}</td><td>{Html.Escape(s.CodeName)}</td><td>{Html.Escape(s.Description)}</td>");
                foreach (var count in new[] { s.Users, s.Groups, s.GroupUsers, s.EffectiveUsers }) Number(w, count);
                w.Write($"{YesNo(s.Anonymous)}{YesNo(s.Authenticated)}</tr>\n");
            }
            w.Write("</tbody>\n</table></div>\n");
            if (HasPolicy)
                w.Write($"<p>The store has a <a href=\"{PolicyPage}\">resource policy</a> of {_snapshot.State.Policies.Count} section(s): on the resources it covers, it decides before these grants.</p>\n");
            End(w);
        }

        // ---- the resource policy (issue 15): one page, linked only when the store has one ----

        private const string PolicyPage = "policies.html";

        private bool HasPolicy => _snapshot.State.Policies.Count > 0;

        private void WritePolicies(TextWriter w)
        {
            Begin(w, "Resource policy", "Resource policy", view: "policies");
            w.Write("<h1>Resource policy</h1>\n<p>Sections are checked in this order. On a resource, the first section whose pattern matches and that "
                + "has an entry for the user decides, by its first such entry: <code>!</code> denies, an empty entry denies everything. "
                + "Where no entry decides, the grants in the other pages do. Active superusers hold everything and inactive users nothing, whatever the policy says.</p>\n");
            w.Write("<div class=\"table\"><table id=\"policies\">\n<caption>The sections, in the order they are checked</caption>\n<thead><tr>");
            w.Write("<th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Resource pattern</th><th scope=\"col\">Entries, in order</th></tr></thead>\n<tbody>\n");
            foreach (var policy in ResourcePolicy.Of(_snapshot.State.Policies))
            {
                var entries = policy.Rules.Count == 0 ? "<span class=\"zero\">(none)</span>" : string.Join("<br>", policy.Rules.Select(r => $"<code>{Html.Escape(r)}</code>"));
                w.Write($"<tr><td class=\"num\">{policy.Position.ToString(CultureInfo.InvariantCulture)}</td><td><code>{Html.Escape(policy.Resource)}</code></td><td>{entries}</td></tr>\n");
            }
            w.Write("</tbody>\n</table></div>\n");
            End(w);
        }

        private void WriteUserList(TextWriter w)
        {
            Begin(w, "Users", "Users", view: "users");
            w.Write($"<h1>Users</h1>\n<p>{_users.Length} users. Each links to what the user holds, and why.</p>\n");
            Filter(w, "users", "users");
            DataTable(w, "users", "Every user, with the number of permissions held",
                ("Name", "name", false, true), ("Display name", "displayname", false, false), ("Email", "email", false, false),
                ("Active", "isactive", false, false), ("Superuser", "issuperuser", false, false), ("Permissions", "permissions", true, false));
            End(w);
        }

        /// <summary>One page for every permission: report.js fills it in for the permission named by ?name=.</summary>
        private void WritePermission(TextWriter w)
        {
            Begin(w, "Permission", "Permission", view: "permission");
            w.Write("<h1 id=\"title\">Permission</h1>\n<p id=\"display\" hidden></p>\n<dl class=\"facts\" id=\"facts\"></dl>\n");
            w.Write("<h2>Granted directly to</h2>\n<ul class=\"inline\" id=\"grantees\"></ul>\n<p id=\"no-grantees\" hidden>Nobody: whoever holds it gets it through a meta-permission or as a superuser.</p>\n");
            w.Write("<h2>Who holds it, and why</h2>\n");
            w.Write("<p class=\"hint\">One row per route: a user who holds the permission in several ways appears several times. Inactive users hold nothing and are not listed.</p>\n");
            Filter(w, "holders", "rows");
            RouteTable(w, "holders", "Every active user who holds it, one row per route", "User", "user");
            End(w);
        }

        /// <summary>One page for every user: report.js fills it in for the user named by ?name=.</summary>
        private void WriteUser(TextWriter w)
        {
            Begin(w, "User", "User", view: "user");
            w.Write("<h1 id=\"title\">User</h1>\n<dl class=\"facts\" id=\"facts\"></dl>\n<p class=\"notice\" id=\"notice\" hidden></p>\n");
            w.Write("<h2>What the user holds, and why</h2>\n");
            Filter(w, "routes", "rows");
            RouteTable(w, "routes", "Every permission held, one row per route", "Permission", "permission");
            End(w);
        }

        // ---- pieces ----

        /// <summary>The table of audit rows that report.js fills: the first column (user or permission), then the route.</summary>
        private static void RouteTable(TextWriter w, string id, string caption, string first, string firstKey) =>
            DataTable(w, id, caption, (first, firstKey, false, true), ("Route", "route", false, false), ("Via", "via", false, false), ("Path", "path", false, false));

        /// <summary>A sortable table whose rows report.js draws from the data files (data-rows), the first rows of those that match the filter.</summary>
        private static void DataTable(TextWriter w, string id, string caption, params (string Text, string Key, bool Number, bool Sorted)[] columns)
        {
            w.Write($"<div class=\"table\"><table id=\"{id}\" class=\"sortable\" data-rows=\"{id}\">\n<caption>{caption}</caption>\n<thead><tr>");
            foreach (var (text, key, number, sorted) in columns) Header(w, text, key, number, sorted);
            w.Write("</tr></thead>\n<tbody></tbody>\n</table></div>\n");
            w.Write($"<p class=\"more\" id=\"{id}-more\" hidden><span></span> <button type=\"button\">Show more</button></p>\n");
            w.Write("<noscript><p class=\"notice\">This page is drawn from the report's data files by report.js: allow JavaScript for local files to see it. The overview (index.html) needs none.</p></noscript>\n");
        }

        private void Begin(TextWriter w, string title, string label, string view)
        {
            w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n");
            // Defence in depth: even text that escaped escaping could not run inline script or load anything remote.
            // 'file:' because some browsers give every file:// page its own origin, which 'self' alone would not match.
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self' file:; script-src 'self' file:; img-src 'self' file:\">\n");
            w.Write("<meta name=\"generator\" content=\"PermShell\">\n");
            w.Write($"<title>{Html.Escape(title)} · PermShell audit</title>\n");
            w.Write($"<link rel=\"stylesheet\" href=\"{ReportAssets.StyleFile}\">\n<script src=\"{ReportAssets.ScriptFile}\" defer></script>\n</head>\n");
            w.Write($"<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">\n<nav aria-label=\"Report\">");
            w.Write($"<a href=\"index.html\"{(view == "overview" ? " aria-current=\"page\"" : "")}>Permissions</a>");
            w.Write($"<a href=\"{UsersPage}\"{(view == "users" ? " aria-current=\"page\"" : "")}>Users</a>");
            if (HasPolicy) w.Write($"<a href=\"{PolicyPage}\"{(view == "policies" ? " aria-current=\"page\"" : "")}>Resource policy</a>");
            w.Write("</nav>\n");
            w.Write($"<p class=\"meta\">Store <code>{Html.Escape(_store)}</code> · generated <time datetime=\"{_generated:yyyy-MM-ddTHH:mm:ssZ}\">{_generated:yyyy-MM-dd HH:mm} UTC</time></p>\n");
            w.Write($"</header>\n<main id=\"main\" aria-label=\"{Html.Escape(label)}\" data-view=\"{view}\">\n");
        }

        private static void End(TextWriter w) =>
            w.Write("</main>\n<footer>PermShell audit report. Routes, strongest first: Superuser, Direct, Anonymous, Authenticated, Group, Implied. "
                + "Path reads <code>user &gt; group &gt; outer group : GRANTED =&gt; IMPLIED</code>. "
                + "Columns sort with their header buttons; the filter matches every word typed.</footer>\n</body>\n</html>\n");

        private static void Filter(TextWriter w, string table, string noun) =>
            w.Write($"<div class=\"filter\"><label for=\"{table}-filter\">Filter {noun}</label>"
                + $"<input id=\"{table}-filter\" type=\"search\" aria-controls=\"{table}\" autocomplete=\"off\" spellcheck=\"false\">"
                + $"<output id=\"{table}-filter-count\" for=\"{table}-filter\" aria-live=\"polite\"></output></div>\n");

        private static void Header(TextWriter w, string text, string key, bool number = false, bool sorted = false) =>
            w.Write($"<th scope=\"col\" data-key=\"{key}\"{(number ? " data-type=\"number\" class=\"num\"" : "")}{(sorted ? " aria-sort=\"ascending\"" : "")}>"
                + $"<button type=\"button\">{text}</button></th>");

        private static void Number(TextWriter w, int value) =>
            w.Write(value == 0 ? "<td class=\"num zero\">0</td>" : $"<td class=\"num\">{value.ToString(CultureInfo.InvariantCulture)}</td>");

        private static string YesNo(bool value) => value ? "<td class=\"public\">yes</td>" : "<td class=\"zero\">no</td>";

        /// <summary>Permission → the subjects it is granted to directly, users and groups by name, then the virtual ones.</summary>
        private Dictionary<string, List<string>> Grantees()
        {
            var grantees = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (subject, permissions) in _snapshot.State.Grants)
            {
                if (_snapshot.State.KindOf(subject) is null) continue;
                foreach (var permission in permissions)
                    (grantees.TryGetValue(permission, out var list) ? list : grantees[permission] = []).Add(subject);
            }
            foreach (var list in grantees.Values)
                list.Sort((a, b) => PermissionState.IsVirtual(a) != PermissionState.IsVirtual(b)
                    ? PermissionState.IsVirtual(a).CompareTo(PermissionState.IsVirtual(b))
                    : string.CompareOrdinal(a, b));
            return grantees;
        }
    }
}
