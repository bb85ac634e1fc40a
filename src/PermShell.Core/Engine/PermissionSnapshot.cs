namespace PermShell.Core.Engine;

/// <summary>
/// An indexed, immutable view of a <see cref="PermissionState"/> that answers checks without touching the store.
/// (Placeholder: the resolution engine is being written.)
/// </summary>
public sealed class PermissionSnapshot
{
    public PermissionState State { get; }

    public PermissionSnapshot(PermissionState state) => State = state;
}
