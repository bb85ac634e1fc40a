using CsCheck;
using PermShell.Core.Administration;

namespace PermShell.Core.Tests.Manifest;

/// <summary>
/// Random, valid permission states for property tests: Trac and Django permission names, subject names made of
/// fragments that YAML and Markdown find awkward, free text with control characters, and random implications,
/// grants and (acyclic) memberships.
/// </summary>
internal static class RandomStates
{
    private static readonly Gen<string> TracName =
        Gen.Select(Gen.Char['A', 'Z'], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"].Array[0, 6], (head, tail) => head + new string(tail));

    private static readonly Gen<string> DjangoName =
        Gen.Select(Gen.Char["abcdefgh"].Array[1, 4], Gen.Char["abcdefgh_"].Array[1, 6], (app, code) => new string(app) + "." + new string(code));

    private static readonly Gen<string> PermissionName = Gen.OneOf(TracName, DjangoName);

    private static readonly string[] Fragments =
    [
        "bob", "Dev", "yes", "no", "123", "1.5", "a: b", "#x", " # c", "null", "~", "-x", "[x]", "{y}", "a,b", "é", "ß",
        "\"q\"", "it's", "x\\y", "😀", " ", "\u00A0", "\u2028", "&amp", "<b>", "|", "`", "true", "@at", "%p", "!t", ">", "?",
    ];

    private static readonly Gen<string> SubjectName = Gen.OneOf(Fragments).Array[1, 3].Select(parts => string.Concat(parts))
        .Where(name =>
        {
            if (PermissionState.IsVirtual(name)) return false;
            try
            {
                NameRules.CheckSubjectName(name);
                return true;
            }
            catch (PermShellException)
            {
                return false;
            }
        });

    private static readonly Gen<string> Text = Gen.OneOf([.. Fragments, "\t", "\n", "\r", "\0", "\u0001", "\u0085", "\uFEFF", "", "Can view"])
        .Array[0, 4].Select(parts => string.Concat(parts));

    public static readonly Gen<PermissionState> State = Gen.Select(
        PermissionName.ArrayUnique[0, 8], SubjectName.ArrayUnique[0, 10], Text.Array[12], Gen.Int, Build);

    private static PermissionState Build(string[] permissionNames, string[] subjectNames, string[] texts, int seed)
    {
        var random = new Random(seed);
        var state = new PermissionState();
        string Pick() => texts[random.Next(texts.Length)];

        foreach (var name in permissionNames)
        {
            var (app, codeName) = PermissionNaming.Split(name);
            var implies = permissionNames.Where(_ => random.Next(4) == 0).ToList();
            if (random.Next(5) == 0) implies.Add(random.Next(2) == 0 ? "*" : name[..1] + "*");
            state.Permissions[name] = new PermissionDefinition
            {
                Name = name,
                App = random.Next(3) == 0 ? Pick() : app,
                CodeName = codeName,
                Model = random.Next(2) == 0 ? Pick() : "",
                Description = random.Next(2) == 0 ? Pick() : "",
                Implies = implies,
            };
        }

        // Subject names must not be, or differ by case only from, a permission name.
        var subjects = subjectNames.Where(s => !permissionNames.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        var groups = new List<string>();
        foreach (var name in subjects)
        {
            if (random.Next(3) == 0)
            {
                state.Groups[name] = new Group { Name = name, Description = random.Next(2) == 0 ? Pick() : "" };
                groups.Add(name);
            }
            else
            {
                state.Users[name] = new User
                {
                    Name = name,
                    DisplayName = random.Next(2) == 0 ? Pick() : "",
                    Email = random.Next(2) == 0 ? Pick() : "",
                    IsActive = random.Next(4) != 0,
                    IsSuperuser = random.Next(4) == 0,
                };
            }
        }

        // A group's members come from the users, the groups before it (so no cycle) and the virtual groups.
        for (var i = 0; i < groups.Count; i++)
        {
            var candidates = state.Users.Keys.Concat(groups.Take(i)).Append(PermissionState.Anonymous).ToList();
            var members = candidates.Where(_ => random.Next(3) == 0).ToHashSet(StringComparer.Ordinal);
            if (members.Count > 0) state.Members[groups[i]] = members;
        }

        foreach (var subject in state.Users.Keys.Concat(groups).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated))
        {
            var granted = permissionNames.Where(_ => random.Next(3) == 0).ToHashSet(StringComparer.Ordinal);
            if (granted.Count > 0) state.Grants[subject] = granted;
        }
        return state;
    }
}
