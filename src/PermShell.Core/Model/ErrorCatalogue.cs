namespace PermShell;

/// <summary>One error id: its category, whether it stops the whole call, and what it means.</summary>
public sealed record ErrorEntry(string Id, ProblemKind Category, bool Terminates, string Meaning);

/// <summary>
/// Every error id PermShell raises, in one place. The cmdlet layer takes each error's category and whether it
/// stops the call from here; a test keeps this list, the ids raised in the code and about_PermShell's list of ids
/// equal. Terminating ids are those after which nothing in the call can go on (the store cannot be used or the
/// call's changes were dropped); the rest concern one item, and the call goes on with the others.
/// </summary>
public static class ErrorCatalogue
{
    public static IReadOnlyList<ErrorEntry> All { get; } =
    [
        // The store as a whole: after these, nothing in the call can go on.
        new("PermShell.Store.NotFound", ProblemKind.ObjectNotFound, true, "There is no store at the path given (-Store, $env:PERMSHELL_STORE, Connect-PermissionStore); only the built-in default location is created on first use."),
        new("PermShell.Store.NotAStore", ProblemKind.InvalidData, true, "The file is not a PermShell store (not SQLite, another application's database, or an empty file); it was left untouched."),
        new("PermShell.Store.NewerSchema", ProblemKind.InvalidData, true, "The store was written by a newer PermShell; update PermShell. The store was left untouched."),
        new("PermShell.Store.Exists", ProblemKind.ResourceExists, false, "New-PermissionStore: the file exists; -Force replaces a store (never another kind of file)."),
        new("PermShell.Store.CannotCreate", ProblemKind.PermissionDenied, true, "The store file or its folders cannot be created."),
        new("PermShell.Store.CannotOpen", ProblemKind.ResourceUnavailable, true, "The store file cannot be opened."),
        new("PermShell.Store.BadConnectionString", ProblemKind.InvalidArgument, true, "A PostgreSQL connection string or URI cannot be read (the message names the problem, never the text: it may hold a password)."),
        new("PermShell.Store.LoginFailed", ProblemKind.PermissionDenied, true, "The PostgreSQL server refused the login: check the user and the password (PGPASSWORD, PGPASSFILE, ~/.pgpass); the password never appears in the message."),
        new("PermShell.Store.ReadOnly", ProblemKind.PermissionDenied, true, "The store, or the folder SQLite must write its -wal and -shm files in, is read-only for you."),
        new("PermShell.Store.Busy", ProblemKind.ResourceUnavailable, true, "Another process kept the store locked for longer than the busy timeout (30 s)."),
        new("PermShell.Store.Corrupt", ProblemKind.InvalidData, true, "SQLite reports the store file damaged; restore it from a backup."),
        new("PermShell.Store.IoError", ProblemKind.ResourceUnavailable, true, "The disk reported an error while the store was read or written."),
        new("PermShell.Store.Failed", ProblemKind.InvalidOperation, true, "SQLite reported another error; the message says which."),
        new("PermShell.Store.Conflict", ProblemKind.InvalidOperation, true, "Another process changed the store between the checks and the write, and a staged change no longer holds; nothing was written. Run the command again."),
        new("PermShell.Store.RolledBack", ProblemKind.InvalidOperation, true, "A command that shared this pipeline's changes failed after staging some, so none of the pipeline's changes were written."),

        // Names (SPEC §1 "Names").
        new("PermShell.Name.Invalid", ProblemKind.InvalidArgument, false, "The name breaks the naming rules (characters, length, white space)."),
        new("PermShell.Name.UpperCase", ProblemKind.InvalidArgument, false, "A user or group name is all upper case, which is reserved for permissions."),
        new("PermShell.Name.Reserved", ProblemKind.InvalidArgument, false, "anonymous and authenticated always exist as virtual groups and cannot be created, defined or removed."),
        new("PermShell.Name.DiffersByCase", ProblemKind.InvalidArgument, false, "The name differs from a permission, a subject or a reserved name by case only."),
        new("PermShell.Name.CollidesWithPermission", ProblemKind.InvalidArgument, false, "A user or group would have the name of a permission."),
        new("PermShell.Name.CollidesWithSubject", ProblemKind.InvalidArgument, false, "A permission would have the name of a user or group."),

        // The catalog, users, groups and grants.
        new("PermShell.Permission.NotFound", ProblemKind.ObjectNotFound, false, "No permission of that name is defined; the closest names are suggested."),
        new("PermShell.Permission.Exists", ProblemKind.ResourceExists, false, "A permission of that name is already defined."),
        new("PermShell.Permission.UnknownImplied", ProblemKind.InvalidData, false, "A permission implies a name that is not in the catalog (a warning: the implication is kept and takes effect once the name is defined)."),
        new("PermShell.Permission.InvalidPattern", ProblemKind.InvalidArgument, false, "An implication pattern is not a permission name with * and ? wildcards."),
        new("PermShell.User.NotFound", ProblemKind.ObjectNotFound, false, "There is no user of that name; the closest names are suggested."),
        new("PermShell.User.Exists", ProblemKind.ResourceExists, false, "A user of that name exists already."),
        new("PermShell.Group.NotFound", ProblemKind.ObjectNotFound, false, "There is no group of that name; the closest names are suggested."),
        new("PermShell.Group.Exists", ProblemKind.ResourceExists, false, "A group of that name exists already (users and groups share one namespace)."),
        new("PermShell.Group.Virtual", ProblemKind.InvalidOperation, false, "anonymous and authenticated have no stored members and cannot be removed."),
        new("PermShell.Group.MembershipCycle", ProblemKind.InvalidOperation, false, "The membership (a cmdlet's or a manifest's) would close a cycle of groups; the error shows the cycle."),
        new("PermShell.Group.NotAMember", ProblemKind.ObjectNotFound, false, "The subject is not a direct member of the group (the error names the group it is in through)."),
        new("PermShell.Subject.NotFound", ProblemKind.ObjectNotFound, false, "There is no user or group of that name; the closest names are suggested."),
        new("PermShell.Action.NotConfirmed", ProblemKind.InvalidOperation, false, "A change needed confirmation and the session cannot ask (-NonInteractive, or standard input that is not a console: cron, CI): the item was not changed. Use -Confirm:$false to proceed without asking."),
        new("PermShell.Revoke.NotConfirmed", ProblemKind.InvalidOperation, false, "A '*' revoke needs one confirmation and the session cannot ask, or the answer was No: nothing was revoked. -Force or -Confirm:$false skips the question."),
        new("PermShell.Grant.UnknownPermission", ProblemKind.ObjectNotFound, false, "A name given to grant or revoke, or granted in a manifest, is not a permission (nor, for the cmdlets, a group); nothing of the call was changed."),

        // Administration rights of an enforced store (SPEC §5).
        new("PermShell.Rights.AccessDenied", ProblemKind.PermissionDenied, false, "The store is enforced and the actor (the OS user, or the database session user) may not do this: the message names the missing right (or that the actor is no active PermShell user). Nothing was changed, and the attempt is logged as a Denied entry; an import with any forbidden change is refused whole, each one listed."),

        // Resource policies (issue 15): Trac's AuthzPolicy sections.
        new("PermShell.Policy.InvalidPattern", ProblemKind.InvalidArgument, false, "A resource pattern is empty, has white space around it or control characters, or is 'groups' (the groups section of Trac's file)."),
        new("PermShell.Policy.InvalidEntry", ProblemKind.InvalidArgument, false, "A policy entry has no subject, a bare '@' or '!', characters a policy file cannot hold, or repeats a subject of its section (also when a rename would carry an entry to a name the section already has); or [groups] defines a group twice, names an undefined @group or has a group that contains itself; or a line of Trac's policy file is no entry."),
        new("PermShell.Policy.Exists", ProblemKind.ResourceExists, false, "The policy already has a section for the resource pattern (one per pattern, as in Trac's file)."),
        new("PermShell.Policy.NotFound", ProblemKind.ObjectNotFound, false, "The policy has no section for the resource pattern."),
        new("PermShell.Policy.UnknownPermission", ProblemKind.InvalidData, false, "A policy entry names a permission that is not in the catalog (a warning, as Trac logs it: the entry is kept)."),
        new("PermShell.Policy.UnknownSubject", ProblemKind.InvalidData, false, "A policy entry names a user that does not exist or an @group that the policy's [groups] does not define, or [groups] lists a member that is no user (a warning: the entry is kept and takes effect once it exists)."),

        // Manifests and interchange files: each problem is reported with its file, line and column.
        new("PermShell.Manifest.Invalid", ProblemKind.InvalidData, false, "The manifest has problems (each is reported on its own); nothing was applied."),
        new("PermShell.Manifest.NotFound", ProblemKind.ObjectNotFound, false, "There is no manifest file or folder at the path, or the folder holds no *.yaml or *.yml files."),
        new("PermShell.Manifest.NotAFile", ProblemKind.InvalidArgument, false, "The path is a folder, but only YAML manifests can be read from a folder."),
        new("PermShell.Manifest.Unreadable", ProblemKind.InvalidData, false, "The file cannot be read."),
        new("PermShell.Manifest.Encoding", ProblemKind.InvalidData, false, "The file is not valid UTF-8 text."),
        new("PermShell.Manifest.TooLarge", ProblemKind.InvalidData, false, "The file is larger than -MaximumSize (64 MiB unless set)."),
        new("PermShell.Manifest.TooDeep", ProblemKind.InvalidData, false, "Lists and mappings are nested more deeply than a manifest can be."),
        new("PermShell.Manifest.TooManyNodes", ProblemKind.InvalidData, false, "The file has more nodes (after aliases are expanded) than a manifest may have: an alias bomb."),
        new("PermShell.Manifest.Syntax", ProblemKind.InvalidData, false, "The YAML, CSV, JSON or Trac policy file (INI) is not well formed."),
        new("PermShell.Manifest.MultipleDocuments", ProblemKind.InvalidData, false, "A manifest file holds one YAML document."),
        new("PermShell.Manifest.UnknownAlias", ProblemKind.InvalidData, false, "A YAML alias refers to no anchor, or to a node that contains it."),
        new("PermShell.Manifest.UnsupportedTag", ProblemKind.InvalidData, false, "A YAML tag is not used in manifests."),
        new("PermShell.Manifest.UnsupportedVersion", ProblemKind.InvalidData, false, "The manifest's version is not one this PermShell reads."),
        new("PermShell.Manifest.UnknownKey", ProblemKind.InvalidData, false, "A key is not part of the manifest format; the closest key is suggested."),
        new("PermShell.Manifest.MissingKey", ProblemKind.InvalidData, false, "A required key is missing."),
        new("PermShell.Manifest.DuplicateKey", ProblemKind.InvalidData, false, "A key is given twice in one mapping or object."),
        new("PermShell.Manifest.WrongType", ProblemKind.InvalidData, false, "A value has the wrong type (a list where text is expected, and so on)."),
        new("PermShell.Manifest.EmptyValue", ProblemKind.InvalidData, false, "A value that must not be empty is empty."),
        new("PermShell.Manifest.DuplicateName", ProblemKind.InvalidData, false, "The same object is listed twice."),
        new("PermShell.Manifest.ConflictingDefinition", ProblemKind.InvalidData, false, "Two files of a manifest folder define the same object differently; both places are named."),
        new("PermShell.Manifest.VirtualGroup", ProblemKind.InvalidData, false, "anonymous and authenticated take grants only (no description, no members)."),
        new("PermShell.Manifest.UnknownReference", ProblemKind.InvalidData, false, "A Django fixture refers to an object (content type, permission, group) that is not in the file."),
        new("PermShell.Manifest.NotAGroup", ProblemKind.InvalidData, false, "A Trac CSV value is neither a permission nor a group."),
        new("PermShell.Manifest.EmptyRow", ProblemKind.InvalidData, false, "A Trac CSV row is empty."),
        new("PermShell.Manifest.IncompleteRow", ProblemKind.InvalidData, false, "A Trac CSV row names a subject but no permission or group."),
        new("PermShell.Manifest.IgnoredModel", ProblemKind.InvalidData, false, "A Django fixture holds objects PermShell does not read (a warning)."),
        new("PermShell.Manifest.MostGrantsRemoved", ProblemKind.InvalidOperation, false, "A Sync would remove more than half of the store's grants: it needs -Force, even in a session that can ask; nothing was applied."),
        new("PermShell.Manifest.RemovalNotConfirmed", ProblemKind.InvalidOperation, false, "A Sync would remove objects, and the session cannot ask for confirmation; use -Force after reviewing the plan."),
        new("PermShell.Manifest.CannotWrite", ProblemKind.ResourceUnavailable, false, "Export-PermissionManifest cannot write the file."),

        // The change log.
        new("PermShell.Log.Altered", ProblemKind.InvalidData, false, "Test-PermissionLog: an entry's fields no longer match its hash."),
        new("PermShell.Log.Removed", ProblemKind.InvalidData, false, "Test-PermissionLog: entries are missing (a gap, a broken chain, or entries cut from the end)."),
        new("PermShell.Log.Reordered", ProblemKind.InvalidData, false, "Test-PermissionLog: entries are out of the order they were written in."),
        new("PermShell.Log.Added", ProblemKind.InvalidData, false, "Test-PermissionLog: entries were added behind PermShell's back."),
        new("PermShell.Log.DataChanged", ProblemKind.InvalidData, false, "Test-PermissionLog: the store's tables no longer match the digest of the last entry (rows added, removed or changed behind PermShell's back, or the log emptied while the store holds data)."),

        // Backups, restores, reports and graphs.
        new("PermShell.Backup.Exists", ProblemKind.ResourceExists, false, "The backup file exists; -Force replaces it."),
        new("PermShell.Backup.IsFolder", ProblemKind.InvalidArgument, false, "The backup destination is a folder; name the file to write."),
        new("PermShell.Backup.NotAStore", ProblemKind.InvalidData, false, "The destination is a file that is not a PermShell store; it is never replaced."),
        new("PermShell.Copy.SameStore", ProblemKind.InvalidArgument, false, "Copy-PermissionStore: the destination is the source store itself."),
        new("PermShell.Backup.SameFile", ProblemKind.InvalidArgument, false, "The backup destination is the store itself."),
        new("PermShell.Backup.CannotWrite", ProblemKind.PermissionDenied, false, "The backup cannot be written."),
        new("PermShell.Backup.Damaged", ProblemKind.InvalidData, false, "The copy failed its check (header, integrity, log); the old backup, if any, is kept."),
        new("PermShell.Restore.NotFound", ProblemKind.ObjectNotFound, false, "There is no backup at the path."),
        new("PermShell.Restore.NotABackup", ProblemKind.InvalidData, false, "The file is not a PermShell store or backup."),
        new("PermShell.Restore.Damaged", ProblemKind.InvalidData, false, "The backup fails its check and cannot be restored."),
        new("PermShell.Restore.LogDamaged", ProblemKind.InvalidData, false, "The backup's change log is damaged; nothing was replaced."),
        new("PermShell.Restore.NotAStore", ProblemKind.InvalidData, false, "The file to replace is not a PermShell store."),
        new("PermShell.Restore.TargetDamaged", ProblemKind.InvalidData, false, "The store to replace cannot be read, so it is not replaced in place."),
        new("PermShell.Restore.SameFile", ProblemKind.InvalidArgument, false, "The backup is the store itself."),
        new("PermShell.Restore.CannotWrite", ProblemKind.PermissionDenied, false, "The store cannot be replaced."),
        new("PermShell.Report.NotAFolder", ProblemKind.InvalidArgument, false, "The report path is a file; a report is a folder."),
        new("PermShell.Report.FolderNotEmpty", ProblemKind.ResourceExists, false, "The folder holds files that are not a PermShell report; -Force writes there anyway."),
        new("PermShell.Report.WriteFailed", ProblemKind.ResourceUnavailable, false, "The report cannot be written."),
        new("PermShell.Graph.WriteFailed", ProblemKind.ResourceUnavailable, false, "The graph cannot be written."),
    ];

    private static readonly Dictionary<string, ErrorEntry> ById = All.ToDictionary(e => e.Id, StringComparer.Ordinal);

    /// <summary>The entry of <paramref name="id"/>, or null for an id the catalogue lacks (a test keeps that from happening).</summary>
    public static ErrorEntry? Find(string id) => ById.GetValueOrDefault(id);
}
