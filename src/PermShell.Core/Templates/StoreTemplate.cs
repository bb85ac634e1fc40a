namespace PermShell;
// TEMPORARY STUB (replaced by the engine branch at merge).
public enum StoreTemplateKind { Empty, Trac, Django }
public static class StoreTemplate { public static PermissionState Create(StoreTemplateKind kind) => new(); }
