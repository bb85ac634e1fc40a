namespace PermShell.Core.Templates;

/// <summary>The content of a new store for each <see cref="StoreTemplateKind"/> (SPEC §1 "Templates").</summary>
public static class StoreTemplate
{
    public static PermissionState Create(StoreTemplateKind kind) => kind switch
    {
        StoreTemplateKind.Empty => new PermissionState(),
        StoreTemplateKind.Trac => Trac(),
        StoreTemplateKind.Django => Django(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store template."),
    };

    // Trac 1.6's permissions as a new environment lists them; TRAC_ADMIN's '*' covers all the others.
    private static readonly string[] TracPermissions =
    [
        "BROWSER_VIEW", "CHANGESET_VIEW", "CONFIG_VIEW", "EMAIL_VIEW", "FILE_VIEW", "LOG_VIEW",
        "MILESTONE_ADMIN", "MILESTONE_CREATE", "MILESTONE_DELETE", "MILESTONE_MODIFY", "MILESTONE_VIEW",
        "PERMISSION_ADMIN", "PERMISSION_GRANT", "PERMISSION_REVOKE",
        "REPORT_ADMIN", "REPORT_CREATE", "REPORT_DELETE", "REPORT_MODIFY", "REPORT_SQL_VIEW", "REPORT_VIEW",
        "ROADMAP_ADMIN", "ROADMAP_VIEW", "SEARCH_VIEW",
        "TICKET_ADMIN", "TICKET_APPEND", "TICKET_BATCH_MODIFY", "TICKET_CHGPROP", "TICKET_CREATE",
        "TICKET_EDIT_CC", "TICKET_EDIT_COMMENT", "TICKET_EDIT_DESCRIPTION", "TICKET_MODIFY", "TICKET_VIEW",
        "TIMELINE_VIEW", "TRAC_ADMIN", "VERSIONCONTROL_ADMIN",
        "WIKI_ADMIN", "WIKI_CREATE", "WIKI_DELETE", "WIKI_MODIFY", "WIKI_RENAME", "WIKI_VIEW",
    ];

    private static readonly Dictionary<string, string[]> TracImplications = new(StringComparer.Ordinal)
    {
        ["PERMISSION_ADMIN"] = ["PERMISSION_GRANT", "PERMISSION_REVOKE"],
        ["TICKET_MODIFY"] = ["TICKET_APPEND", "TICKET_CHGPROP"],
        ["TICKET_BATCH_MODIFY"] = ["TICKET_MODIFY"],
        ["TICKET_ADMIN"] =
        [
            "TICKET_BATCH_MODIFY", "TICKET_CREATE", "TICKET_EDIT_CC", "TICKET_EDIT_COMMENT",
            "TICKET_EDIT_DESCRIPTION", "TICKET_MODIFY", "TICKET_VIEW",
        ],
        ["REPORT_ADMIN"] = ["REPORT_CREATE", "REPORT_DELETE", "REPORT_MODIFY", "REPORT_SQL_VIEW", "REPORT_VIEW"],
        ["ROADMAP_ADMIN"] = ["MILESTONE_CREATE", "MILESTONE_DELETE", "MILESTONE_MODIFY", "MILESTONE_VIEW", "ROADMAP_VIEW"],
        ["MILESTONE_ADMIN"] = ["MILESTONE_CREATE", "MILESTONE_DELETE", "MILESTONE_MODIFY", "MILESTONE_VIEW"],
        ["VERSIONCONTROL_ADMIN"] = ["BROWSER_VIEW", "CHANGESET_VIEW", "FILE_VIEW", "LOG_VIEW"],
        ["WIKI_ADMIN"] = ["WIKI_CREATE", "WIKI_DELETE", "WIKI_MODIFY", "WIKI_RENAME", "WIKI_VIEW"],
        ["TRAC_ADMIN"] = ["*"],
    };

    private static readonly string[] TracAnonymousGrants =
    [
        "BROWSER_VIEW", "CHANGESET_VIEW", "FILE_VIEW", "LOG_VIEW", "MILESTONE_VIEW", "REPORT_SQL_VIEW",
        "REPORT_VIEW", "ROADMAP_VIEW", "SEARCH_VIEW", "TICKET_VIEW", "TIMELINE_VIEW", "WIKI_VIEW",
    ];

    private static readonly string[] TracAuthenticatedGrants = ["TICKET_CREATE", "TICKET_MODIFY", "WIKI_CREATE", "WIKI_MODIFY"];

    private static PermissionState Trac()
    {
        var state = new PermissionState();
        foreach (var name in TracPermissions)
        {
            var (app, codeName) = PermissionNaming.Split(name);
            state.Permissions[name] = new PermissionDefinition
            {
                Name = name, App = app, CodeName = codeName,
                Implies = TracImplications.TryGetValue(name, out var implied) ? [.. implied] : [],
            };
        }
        state.Grants[PermissionState.Anonymous] = new HashSet<string>(TracAnonymousGrants, StringComparer.Ordinal);
        state.Grants[PermissionState.Authenticated] = new HashSet<string>(TracAuthenticatedGrants, StringComparer.Ordinal);
        return state;
    }

    private static PermissionState Django()
    {
        var state = new PermissionState();
        foreach (var model in new[] { "permission", "group", "user" })
        foreach (var action in new[] { "add", "change", "delete", "view" })
            Add(state, $"auth.{action}_{model}", model, $"Can {action} {model}");
        // Alliance Auth's auditing tool hangs its permission on the permission model.
        Add(state, "permissions_tool.audit_permissions", "permission", "Can audit permissions");
        return state;
    }

    private static void Add(PermissionState state, string name, string model, string description)
    {
        var (app, codeName) = PermissionNaming.Split(name);
        state.Permissions[name] = new PermissionDefinition
        {
            Name = name, App = app, CodeName = codeName, Model = model, Description = description,
        };
    }
}
