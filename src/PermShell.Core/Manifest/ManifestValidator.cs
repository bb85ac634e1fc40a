using PermShell.Core.Rules;

namespace PermShell.Core.Manifest;

/// <summary>
/// Checks a manifest before anything is written, reporting every problem with its location. The manifest's plan (the
/// changes that would make the store match it) goes to the rule book, each change placed where the manifest writes
/// it, so names, collisions, references and cycles are judged exactly as for a cmdlet, with the same ids. What is
/// about files (syntax, keys, types, duplicates) was checked when the files were read; the one thing left here is a
/// name listed both as a user and as a group (a rule book warning, an unknown implied name, stays a warning).
/// </summary>
/// <remarks>
/// Without a store the plan is made against an empty one. A name the manifest does not define may still exist in the
/// store, so without a store a reference is only checked where the manifest is self-contained: in Sync mode, for the
/// sections it contains (SPEC: "valid on its own terms"). In Merge mode without a store, such references are left
/// for the import to check.
/// </remarks>
public sealed class ManifestValidator
{
    private readonly ManifestDocument _document;
    private readonly PermissionState? _store;
    private readonly ManifestMode _mode;
    private readonly List<ManifestProblem> _problems = new();
    // Indexed only when a problem needs its place (see ProposedChange).
    private readonly Lazy<ManifestLocations> _locations;
    private IReadOnlyList<Change>? _plan;

    private ManifestValidator(ManifestDocument document, PermissionState? store, ManifestMode mode)
    {
        _document = document;
        _store = store;
        _mode = mode;
        _locations = new Lazy<ManifestLocations>(() => new ManifestLocations(document));
    }

    /// <summary>What the manifest alone can tell (Test-PermissionManifest). See the remarks for how the mode matters.</summary>
    public static IReadOnlyList<ManifestProblem> Check(ManifestDocument document, ManifestMode mode = ManifestMode.Merge) =>
        new ManifestValidator(document, null, mode).Run();

    /// <summary>Everything, against the store the manifest will be imported into with <paramref name="mode"/>.</summary>
    public static IReadOnlyList<ManifestProblem> Check(ManifestDocument document, PermissionState store, ManifestMode mode) =>
        new ManifestValidator(document, store, mode).Run();

    /// <summary>
    /// <see cref="Check(ManifestDocument, PermissionState, ManifestMode)"/>, and the plan the check was made on: an
    /// import applies that plan rather than making it twice (on a 600,000-change manifest a plan takes most of a second).
    /// </summary>
    public static (IReadOnlyList<ManifestProblem> Problems, IReadOnlyList<Change> Plan) CheckAndPlan(ManifestDocument document, PermissionState store, ManifestMode mode)
    {
        var validator = new ManifestValidator(document, store, mode);
        var problems = validator.Run();
        return (problems, validator._plan!);
    }

    /// <summary>Throws a <see cref="ManifestException"/> listing every problem when any of them is an error.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<ManifestProblem> problems)
    {
        if (problems.Any(p => p.IsError)) throw new ManifestException(problems);
    }

    // Without a store, the permissions (subjects) after the import are known only when Sync replaces their sections.
    private bool PermissionsKnown => _store is not null || (_mode == ManifestMode.Sync && _document.Permissions is not null);

    private bool SubjectsKnown => _store is not null || (_mode == ManifestMode.Sync && _document.Users is not null && _document.Groups is not null);

    private IReadOnlyList<ManifestProblem> Run()
    {
        CheckUsersAndGroupsApart();
        CheckProtectedNames();
        var before = _store ?? new PermissionState();
        var plan = _plan = ManifestPlanner.Plan(before, _document, _mode);
        Func<Change, SourceLocation?> locate = c => _locations.Value.Of(c);
        var context = new RuleContext(before, plan.Select(c => new ProposedChange(c, locate)).ToList());
        var problems = RuleBook.Default.Check(context);
        foreach (var problem in problems.Where(p => !LeftForTheImport(context, p)))
            _problems.Add(new ManifestProblem(_locations.Value.Of(problem) ?? SourceLocation.StartOf(_document.Files.FirstOrDefault() ?? ""),
                problem.Id, problem.Message, problem.IsWarning ? ManifestSeverity.Warning : ManifestSeverity.Error));
        return ProblemOrder.Sort(_problems);
    }

    /// <summary>An unknown reference that the store, which this check has not seen, may still resolve.</summary>
    private bool LeftForTheImport(RuleContext context, Problem problem) => problem.Id switch
    {
        "PermShell.Subject.NotFound" => !SubjectsKnown && !context.IsPermissionAfter(problem.Target),
        "PermShell.Grant.UnknownPermission" => !PermissionsKnown && context.SubjectKindAfter(problem.Target) is null,
        "PermShell.Permission.UnknownImplied" => !PermissionsKnown,
        _ => false,
    };

    /// <summary>A protected name must be one a user or group can have (the same ids as for a new one).</summary>
    private void CheckProtectedNames()
    {
        foreach (var name in _document.Protected ?? [])
        {
            try
            {
                NameRules.CheckSubjectName(name.Value);
            }
            catch (PermShellException e)
            {
                _problems.Add(new ManifestProblem(name.Location, e.ErrorId, $"{e.Message.TrimEnd('.')} (in protected)."));
            }
        }
    }

    /// <summary>Users and groups share one namespace: a name listed under both is a mistake in the files.</summary>
    private void CheckUsersAndGroupsApart()
    {
        var users = new Dictionary<string, ManifestUser>(StringComparer.Ordinal);
        foreach (var u in _document.Users ?? []) users.TryAdd(u.Name, u);
        foreach (var g in _document.Groups ?? [])
            if (!g.IsVirtual && users.TryGetValue(g.Name, out var user))
                _problems.Add(new ManifestProblem(g.Location, "PermShell.Manifest.DuplicateName",
                    $"'{g.Name}' is listed under groups and under users (at {user.Location}); users and groups share one namespace."));
    }
}
