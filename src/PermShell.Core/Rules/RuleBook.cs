namespace PermShell.Core.Rules;

/// <summary>
/// The one place that judges changes: every path (cmdlets, YAML manifests, Trac CSV, Django fixtures) puts its change
/// set to <see cref="Check(PermissionState, IReadOnlyList{ProposedChange})"/> and gets every problem back, with the
/// same id for the same problem whatever the path. Rules run in order; once a rule found a change wrong, later rules
/// say nothing more about that change (a badly spelled name is not also reported as a collision).
/// </summary>
public sealed class RuleBook
{
    /// <summary>
    /// The administration rights of an enforced store (SPEC §5): they judge only when the context names an actor. Run
    /// alone where the other rules already judged the changes (an enforced write session admits each staged change by
    /// these), or with them as <see cref="Enforced"/>.
    /// </summary>
    public static RuleBook AdministrationRights { get; } = new(
    [
        new ActiveActorRule(),
        new OwnUserRule(),
        new SuperuserOnlyRule(),
        new GrantRightRule(),
        new RevokeRightRule(),
        new MembershipRightRule(),
        new AdministrationRightRule(),
    ]);

    /// <summary>The rules every change set goes through, in the order they report.</summary>
    public static RuleBook Default { get; } = new(
    [
        new SubjectNameRule(),
        new PermissionNameRule(),
        new NameCollisionRule(),
        new ImplicationPatternRule(),
        new ReferenceRule(),
        new MembershipCycleRule(),
        new UnknownImpliedRule(),
        new PolicySectionRule(),
    ]);

    /// <summary>
    /// The book of an enforced store: <see cref="Default"/>'s rules, then the administration rights, which judge the
    /// changes <see cref="Default"/> let through for the context's actor.
    /// </summary>
    public static RuleBook Enforced { get; } = new([.. Default.Rules, .. AdministrationRights.Rules]);

    public RuleBook(IReadOnlyList<IRule> rules) => Rules = rules;

    public IReadOnlyList<IRule> Rules { get; }

    /// <summary>This book with one more rule after the others (a rights or policy rule plugs in here).</summary>
    public RuleBook With(IRule rule) => new([.. Rules, rule]);

    public IReadOnlyList<Problem> Check(PermissionState before, IReadOnlyList<ProposedChange> changes) =>
        Check(new RuleContext(before, changes));

    public IReadOnlyList<Problem> Check(PermissionState before, params Change[] changes) =>
        Check(before, changes.Select(c => new ProposedChange(c)).ToList());

    public IReadOnlyList<Problem> Check(RuleContext context)
    {
        var problems = new List<Problem>();
        var judged = new HashSet<ProposedChange>(ReferenceEqualityComparer.Instance);
        foreach (var rule in Rules)
        {
            var found = new List<Problem>();
            foreach (var problem in rule.Check(context))
                if (problem.Change is null || problem.IsWarning || !judged.Contains(problem.Change)) found.Add(problem);
            foreach (var problem in found.Where(p => !p.IsWarning && p.Change is not null)) judged.Add(problem.Change!);
            problems.AddRange(found);
        }
        return problems;
    }

    /// <summary>
    /// Throws the first error the changes have, as the cmdlets raise it (one item, one error); otherwise returns the
    /// warnings, for the caller to write.
    /// </summary>
    public IReadOnlyList<Problem> Require(PermissionState before, params Change[] changes)
    {
        var problems = Check(before, changes);
        var first = problems.FirstOrDefault(p => !p.IsWarning);
        if (first is not null) throw first.ToException();
        return problems;
    }
}
