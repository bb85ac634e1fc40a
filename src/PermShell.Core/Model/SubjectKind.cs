namespace PermShell;

/// <summary>What a subject name stands for. Virtual subjects are anonymous and authenticated.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum SubjectKind
{
    User,
    Group,
    Virtual,
}

/// <summary>What kind of subject a group member is. Virtual members are anonymous and authenticated.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum MemberKind
{
    User,
    Group,
    Virtual,
}
