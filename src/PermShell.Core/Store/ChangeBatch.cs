using PermShell.Core.Engine;

namespace PermShell.Core.Store;

/// <summary>
/// Changes staged in memory against one version of a store, written later in one short transaction by
/// <see cref="PermissionStore.Commit"/>. Staging takes no lock, so a command can read files, ask for confirmation
/// and wait on its pipeline while other processes write. <see cref="State"/> is the store as of
/// <see cref="BasedOn"/> with the staged changes applied, made only when someone reads it.
/// </summary>
public sealed class ChangeBatch
{
    private readonly PermissionState _base;
    // The changes, and their sources as runs (the index where each source starts): a manifest's plan is hundreds of
    // thousands of changes from one source, and a record per change held tens of MiB through the whole import.
    private readonly List<Change> _changes = new();
    private readonly List<(int From, ChangeSource Source)> _sources = new();
    private PermissionState? _working;
    private int _inWorking;
    private PermissionSnapshot? _snapshot;
    private int _inSnapshot;

    /// <param name="baseState">The store's content as of <paramref name="basedOn"/>; it is never changed here.</param>
    public ChangeBatch(PermissionState baseState, StoreVersion basedOn, ChangeSource? source = null)
    {
        _base = baseState;
        BasedOn = basedOn;
        Source = source ?? ChangeSource.Unspecified;
    }

    /// <param name="baseSnapshot">The store's snapshot as of <paramref name="basedOn"/>: <see cref="Snapshot"/> is derived from it.</param>
    public ChangeBatch(PermissionSnapshot baseSnapshot, StoreVersion basedOn, ChangeSource? source = null)
        : this(baseSnapshot.State, basedOn, source)
    {
        _snapshot = baseSnapshot;
    }

    /// <summary>The version of the store the changes were staged against.</summary>
    public StoreVersion BasedOn { get; }

    /// <summary>Where the changes staged from now on come from, as the change log will record it.</summary>
    public ChangeSource Source { get; set; }

    /// <summary>The staged changes, in order, each with its source.</summary>
    public IReadOnlyList<StagedChange> Staged => new StagedView(this);

    public int Count => _changes.Count;

    /// <summary>
    /// The store's content with the staged changes applied: what later checks in the same call or pipeline must see.
    /// Read-only for callers; with nothing staged it is the base state itself, shared and uncopied.
    /// </summary>
    public PermissionState State
    {
        get
        {
            if (_changes.Count == 0) return _base;
            _working ??= _base.Clone();
            for (; _inWorking < _changes.Count; _inWorking++) StateChanges.Apply(_working, _changes[_inWorking]);
            return _working;
        }
    }

    /// <summary>
    /// <see cref="State"/> indexed: what checks and explanations in the same call or pipeline must answer from. Derived
    /// from the base snapshot (or the last one derived) and the changes staged since (<see cref="PermissionSnapshot.With"/>),
    /// so it costs what those changes cost; indexed from scratch only when the batch was made from a bare state.
    /// </summary>
    public PermissionSnapshot Snapshot
    {
        get
        {
            if (_snapshot is not null && _inSnapshot == _changes.Count) return _snapshot;
            // The snapshot takes (and freezes) a clone: the working state goes on taking staged changes.
            var state = State.Clone();
            _snapshot = _snapshot is null
                ? new PermissionSnapshot(state)
                : _snapshot.With(state, _changes.Skip(_inSnapshot).ToList());
            _inSnapshot = _changes.Count;
            return _snapshot;
        }
    }

    /// <summary>
    /// The rights of an enforced store's actor (null for an unenforced store): each change staged is admitted by it
    /// first, and a refused one raises PermShell.Rights.AccessDenied and is logged as Denied.
    /// </summary>
    public Administration.RightsGate? Gate { get; set; }

    /// <summary>
    /// Switches the store's enforcement on or off in the commit that writes this batch (null: leaves it as it is). The
    /// switch and the batch's changes are one transaction; the log records it as "Set Enforcement".
    /// </summary>
    public bool? Enforce { get; set; }

    /// <summary>
    /// Admits <paramref name="changes"/> as a whole before any of them is staged (a call or an import that is refused
    /// whole, every forbidden change listed); they are not judged again when applied. Callers admit before they ask
    /// for confirmation, so -WhatIf tells a refusal too. Nothing to do without a gate.
    /// </summary>
    public void Admit(IReadOnlyList<Change> changes)
    {
        if (Gate is null || changes.Count == 0) return;
        Gate.Admit(State, changes, Source);
        foreach (var change in changes) _admitted.Add(change);
    }

    private readonly HashSet<Change> _admitted = new(ReferenceEqualityComparer.Instance);

    /// <summary>Stages a change; nothing is written until the batch is committed. In an enforced store it is admitted first.</summary>
    public void Apply(Change change)
    {
        if (Gate is not null && !_admitted.Remove(change)) Gate.Admit(State, [change], Source);
        if (_sources.Count == 0 || !ReferenceEquals(_sources[^1].Source, Source)) _sources.Add((_changes.Count, Source));
        _changes.Add(change);
    }

    internal Change ChangeAt(int index) => _changes[index];

    /// <summary>The source of the change at <paramref name="index"/>: the run it falls in (binary search over the runs' starts).</summary>
    internal ChangeSource SourceAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _changes.Count);
        int lo = 0, hi = _sources.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_sources[mid].From <= index) lo = mid;
            else hi = mid - 1;
        }
        return _sources[lo].Source;
    }

    private readonly List<(int After, Func<PermissionState, string?> Unmet)> _expectations = new();

    /// <summary>
    /// What the store must be once the changes staged so far are written, when another writer committed after
    /// <see cref="BasedOn"/>: the write re-checks each change (<see cref="Administration.StaleChangeCheck"/>) but not
    /// what a plan made now would do differently. A manifest's plan, made again against the store as it is being
    /// written, must have nothing left to do; otherwise the commit stops (PermShell.Store.Conflict), nothing written,
    /// so two applies never interleave their plans. <paramref name="unmet"/> says why the state falls short, or null.
    /// </summary>
    public void Expect(Func<PermissionState, string?> unmet) => _expectations.Add((_changes.Count, unmet));

    /// <summary>
    /// Checks the expectations registered after exactly <paramref name="written"/> staged changes against the state of
    /// a commit that found the store moved on: PermShell.Store.Conflict for the first that is not met.
    /// </summary>
    internal void CheckExpectations(int written, PermissionState state, string location)
    {
        foreach (var (after, unmet) in _expectations)
        {
            if (after != written || unmet(state) is not { } why) continue;
            throw new PermShellException("PermShell.Store.Conflict", ProblemKind.InvalidOperation,
                $"The store '{location}' changed after the plan was made, and the plan no longer reaches its goal: {why} Nothing was changed; run the command again to plan against the store as it is now.", location);
        }
    }
}

/// <summary>One staged change and the source the change log will name for it.</summary>
public sealed record StagedChange(Change Change, ChangeSource Source);

/// <summary>The staged changes of a batch with their sources, made as they are read.</summary>
internal sealed class StagedView(ChangeBatch batch) : IReadOnlyList<StagedChange>
{
    public StagedChange this[int index] => new(batch.ChangeAt(index), batch.SourceAt(index));

    public int Count => batch.Count;

    public IEnumerator<StagedChange> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
