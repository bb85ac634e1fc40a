using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Hostile;

/// <summary>
/// Names an attacker or a careless import would try: quotes, SQL metacharacters, Unicode beyond ASCII, bidirectional
/// controls, the longest name allowed. They round-trip exactly through the store (parameters, never SQL text), the
/// change log and a manifest export and import; names the rules refuse are refused with a PermShell error.
/// </summary>
public sealed class OddNameTests : IDisposable
{
    private readonly TempStoreFolder _folder = new(preferMemory: true);

    public void Dispose() => _folder.Dispose();

    public static readonly string[] OddNames =
    [
        "O'Brien", "Robert'); DROP TABLE subject;--", "\" or 1=1 --", "x' OR 'x'='x", "50% off_", "semi;colon", "back\\slash",
        "名前", "Zoë", "ｂｏｂ", "😀team", "\u200Fright-to-left\u200F", "\u202Eevil\u202C", "ab\u200Bcd", "%s%n{0}", "<script>", "a: b #c",
        "- item", "[x]", "{y}", "&anchor", "*not-a-wildcard", "?", "null", "~", "Dev Team",
        new string('n', 150), string.Concat(Enumerable.Repeat("😀", 150)),
    ];

    private static User U(string name) => new() { Name = name, DisplayName = name, Email = name };

    [Fact]
    public void Odd_names_round_trip_through_store_log_and_manifest_exactly()
    {
        var names = OddNames.Where(n => !n.Contains('*')).ToArray();
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using (var w = store.BeginWrite(ChangeSource.Cmdlet("Test")))
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW", Description = "'; DELETE FROM permission; --" }));
            w.Apply(new AddGroup(new Group { Name = "Ünïcödé group", Description = "\u202Egroup" }));
            foreach (var name in names)
            {
                NameRules.CheckSubjectName(name);
                w.Apply(new AddUser(U(name)));
                w.Apply(new AddGrant(name, "WIKI_VIEW"));
                w.Apply(new AddMember("Ünïcödé group", name));
            }
            w.Commit();
        }

        // Reloaded from SQLite under another path, so nothing comes from the cache.
        var copy = _folder.File("copy.db");
        File.Copy(store.Path, copy);
        var state = PermissionStore.Open(copy).Snapshot().State;
        foreach (var name in names)
        {
            Assert.Equal(U(name), state.Users[name]);
            Assert.Contains("WIKI_VIEW", state.GrantsOf(name));
            Assert.Contains(name, state.MembersOf("Ünïcödé group"));
        }
        Assert.Equal("'; DELETE FROM permission; --", state.Permissions["WIKI_VIEW"].Description);

        var logged = store.ReadLog(filter: e => e.Action == "Add User").Select(e => e.Subject).ToArray();
        Assert.Equal(names, logged);
        Assert.True(store.VerifyLog().IsIntact);

        // Export, import into an empty store, export again: the same bytes.
        var yaml = ManifestWriter.Write(state);
        var file = Path.Combine(_folder.Path, "odd.yaml");
        File.WriteAllText(file, yaml);
        var empty = PermissionStore.Create(_folder.File("empty.db"), StoreTemplateKind.Empty, overwrite: false);
        var batch = empty.BeginBatch();
        ManifestImport.Apply(batch, ManifestLoader.Load(file), ManifestMode.Sync);
        empty.Commit(batch);
        Assert.Equal(yaml, ManifestWriter.Write(empty.Snapshot().State));
    }

    [Theory]
    [InlineData(151, "is longer than 150 characters")]
    [InlineData(1000, "is longer than 150 characters")]
    public void Names_longer_than_150_characters_are_refused(int length, string message)
    {
        var e = Assert.Throws<PermShellException>(() => NameRules.CheckSubjectName(new string('n', length)));
        Assert.Equal("PermShell.Name.Invalid", e.ErrorId);
        Assert.Contains(message, e.Message);
    }

    // Built in code: test data with lone surrogates would not survive the runner's serialization.
    private static readonly string[] LoneSurrogates = ["a" + (char)0xD800 + "b", ((char)0xDC00).ToString(), "tail" + (char)0xD83D];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Names_with_a_lone_surrogate_are_refused(int which)
    {
        var name = LoneSurrogates[which];
        var e = Assert.Throws<PermShellException>(() => NameRules.CheckSubjectName(name));
        Assert.Equal("PermShell.Name.Invalid", e.ErrorId);
        Assert.Contains("not valid Unicode", e.Message);
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("nul\0byte")]
    [InlineData("esc\u001b[31m")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("star*")]
    public void Names_with_control_characters_edge_white_space_or_a_star_are_refused(string name)
    {
        Assert.Equal("PermShell.Name.Invalid", Assert.Throws<PermShellException>(() => NameRules.CheckSubjectName(name)).ErrorId);
    }
}
