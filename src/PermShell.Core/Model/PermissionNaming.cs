namespace PermShell;
// TEMPORARY STUB (replaced by the engine branch at merge).
public static class PermissionNaming { public static (string App, string CodeName) Split(string name) => ("", name); }
