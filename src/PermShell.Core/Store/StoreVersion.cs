namespace PermShell.Core.Store;

/// <summary>
/// Which content of a store a reader saw: the store's identity and the revision that every commit bumps. Two
/// equal versions mean the same content, so a snapshot cached under one answers for the other.
/// </summary>
public readonly record struct StoreVersion(string StoreId, long Revision);
