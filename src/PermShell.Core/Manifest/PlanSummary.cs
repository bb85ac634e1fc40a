namespace PermShell.Core.Manifest;

/// <summary>A plan in one line, in Terraform's words: "Plan: 3 to add, 1 to change, 2 to remove."</summary>
public sealed record PlanSummary(int ToAdd, int ToChange, int ToRemove)
{
    public static PlanSummary Of(IEnumerable<Change> plan)
    {
        int add = 0, change = 0, remove = 0;
        foreach (var c in plan)
        {
            switch (c.Action)
            {
                case ChangeAction.Add: add++; break;
                case ChangeAction.Update or ChangeAction.Rename: change++; break;
                case ChangeAction.Remove: remove++; break;
            }
        }
        return new PlanSummary(add, change, remove);
    }

    public bool IsEmpty => ToAdd == 0 && ToChange == 0 && ToRemove == 0;

    public override string ToString() => IsEmpty
        ? "No changes. The store matches the manifest."
        : $"Plan: {ToAdd} to add, {ToChange} to change, {ToRemove} to remove.";
}
