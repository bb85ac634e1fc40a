namespace PermShell.Core.Engine;

/// <summary>
/// A route's Path kept as the ids it is made of, written out when it is first read: the audit of one permission lists
/// thousands of rows whose Path a runbook that counts or filters them never reads. The text is the one
/// <see cref="RouteTracer"/> writes: "user (superuser) : ASKED" when <see cref="Holder"/> is -1, "user : GRANTED" for
/// the user's own grant, "user &gt; g1 &gt; g2 : GRANTED" along the shortest chain up to the holder, each followed by
/// " =&gt; … =&gt; ASKED" along the shortest implication chain when the granted permission is not the one asked.
/// </summary>
internal readonly record struct RoutePath(PermissionSnapshot Snapshot, int User, int Holder, int Granted, int Asked)
{
    public string Text()
    {
        var subjects = Snapshot.Subjects;
        var permissions = Snapshot.PermissionNames;
        var user = subjects.NameOf(User);
        if (Holder < 0) return $"{user} (superuser) : {permissions[Asked]}";
        var text = new System.Text.StringBuilder(user);
        if (Holder != User)
            foreach (var node in ShortestPaths.From(User, Snapshot.Membership.ContainersOf, subjects.Order).ChainTo(Holder))
                text.Append(" > ").Append(subjects.NameOf(node));
        text.Append(" : ").Append(permissions[Granted]);
        if (Granted != Asked)
            foreach (var implied in Snapshot.Implications.ChainsFrom(Granted).ChainTo(Asked))
                text.Append(" => ").Append(permissions[implied]);
        return text.ToString();
    }
}
