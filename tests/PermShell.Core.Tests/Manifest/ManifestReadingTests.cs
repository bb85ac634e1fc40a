using PermShell.Core.Manifest;
using static PermShell.Core.Tests.Manifest.ManifestFolder;

namespace PermShell.Core.Tests.Manifest;

public sealed class ManifestReadingTests : IDisposable
{
    private readonly ManifestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Spec_example_reads_with_every_field_and_location()
    {
        var path = _folder.Write("spec.yaml", """
            version: 1
            permissions:
              - name: TICKET_ADMIN
                description: All TICKET_* permissions
                implies: ["TICKET_*"]
              - name: auth.change_user
                model: user
                description: Can change user
            users:
              - name: bob
                email: bob@example.org
                grants: [REPORT_DELETE]
              - name: alice
                superuser: true
              - name: mallory
                active: false
            groups:
              - name: developer
                members: [bob, john]
                grants: [WIKI_ADMIN, TICKET_MODIFY]
              - name: anonymous
                grants: [WIKI_VIEW]
            """);

        var doc = ManifestLoader.Load(path);

        Assert.Equal(["TICKET_ADMIN", "auth.change_user"], doc.Permissions!.Select(p => p.Name));
        Assert.Equal("TICKET_*", Assert.Single(doc.Permissions![0].Implies!).Value);
        Assert.Equal("user", doc.Permissions![1].Model);
        Assert.Null(doc.Permissions![1].App);
        Assert.Equal(new SourceLocation(path, 10, 11), doc.Users![0].Location);
        Assert.Equal("bob@example.org", doc.Users![0].Email);
        Assert.True(doc.Users![1].Superuser);
        Assert.Null(doc.Users![1].Active);
        Assert.False(doc.Users![2].Active);
        Assert.Equal(new SourceLocation(path, 19, 15), doc.Groups![0].Members![0].Location);
        Assert.True(doc.Groups![1].IsVirtual);
        Assert.Equal([path], doc.Files);
        Assert.Equal(64, doc.ContentHash.Length);
    }

    [Fact]
    public void Absent_section_is_null_and_empty_section_is_an_empty_list()
    {
        var doc = ManifestLoader.Load(_folder.Write("m.yaml", "version: 1\nusers: []\n"));

        Assert.Null(doc.Permissions);
        Assert.Null(doc.Groups);
        Assert.Empty(doc.Users!);
    }

    [Fact]
    public void Syntax_error_is_reported_at_its_line_and_column()
    {
        var path = _folder.Write("broken.yaml", """
            version: 1
            users:
              - name: bob
                email: "bob@example.org
              - name: alice
            """);

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 4, 12, "PermShell.Manifest.Syntax");
        Assert.StartsWith("YAML syntax error:", problem.Message);
        Assert.Contains("quoted scalar", problem.Message);
    }

    [Theory]
    [InlineData("\tversion: 1\n", 1, 1)]
    [InlineData("version: 1\nusers:\n\t- name: bob\n", 3, 1)]
    [InlineData("version: 1\nusers:\n  - name: bob\n\t  email: bob@example.org\n", 4, 1)]
    [InlineData("version: 1\nusers:\n  - name: bob\n    grants:\n     \t- WIKI_VIEW\n", 5, 6)]
    [InlineData("version: 1\ngroups:\n  - name: dev\n    members:\n      - bob\n  \t  - carol\n", 6, 3)]
    [InlineData("version: 1\n# users follow\n\tusers: []\n", 3, 1)]
    [InlineData("version: 1\r\nusers:\r\n  - name: bob\r\n  \t  email: bob@example.org\r\n", 4, 3)]
    public void A_tab_that_indents_a_line_is_reported_at_the_tab(string yaml, int line, int column)
    {
        var path = _folder.Write("tabs.yaml", yaml);

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, line, column, "PermShell.Manifest.Syntax");
        Assert.Contains("tabs cannot indent YAML; use spaces", problem.Message);
    }

    [Theory]
    [InlineData("version: 1\nusers:\n  - name: bob\n    displayName: \"Bob\tBuilder\"\n")]
    [InlineData("version: 1\nusers:\n  - name: bob\n    displayName: 'Bob\tBuilder'\n")]
    [InlineData("version: 1\nusers:\n  - name: bob\n    displayName:\tBob\n")]
    [InlineData("version: 1\ngroups:\n  - name: dev\n    description: |\n      text\n      \tindented text\n")]
    [InlineData("version: 1\ngroups:\n  - name: dev\n    members: [bob,\n      \tcarol]\n")]
    [InlineData("version: 1 # a comment\t after a tab\n")]
    public void A_tab_that_indents_no_line_is_not_a_problem(string yaml)
    {
        var doc = ManifestLoader.Load(_folder.Write("tabs.yaml", yaml));

        Assert.NotNull(doc);
    }

    [Fact]
    public void Unclosed_flow_list_that_crashes_the_yaml_parser_is_still_a_syntax_problem()
    {
        var path = _folder.Write("unclosed.yaml", "version: 1\nusers:\n  - name: bob\n    grants: [A, B\n  - name: alice\n");

        var problem = Assert.Single(Refused(path));

        Assert.Equal("PermShell.Manifest.Syntax", problem.ErrorId);
        Assert.Equal(path, problem.Location.File);
    }

    [Fact]
    public void Misspelt_key_is_refused_with_the_right_one_suggested()
    {
        var path = _folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
                gratns: [WIKI_VIEW]
            """);

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 4, 5, "PermShell.Manifest.UnknownKey");
        Assert.Contains("Did you mean grants?", problem.Message);
    }

    [Fact]
    public void Unknown_key_far_from_any_lists_the_allowed_keys()
    {
        var path = _folder.Write("m.yaml", "version: 1\nfavourite_colour: blue\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 2, 1, "PermShell.Manifest.UnknownKey");
        Assert.Contains("Allowed keys: version, permissions, users, groups, protected, policies.", problem.Message);
    }

    [Fact]
    public void Scalar_where_a_list_belongs_is_a_wrong_type()
    {
        var path = _folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
                grants: WIKI_VIEW
            """);

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 4, 13, "PermShell.Manifest.WrongType");
        Assert.Contains("write [WIKI_VIEW]", problem.Message);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Active_takes_true_or_false_only(string value)
    {
        var path = _folder.Write("m.yaml", $"version: 1\nusers:\n  - name: bob\n    active: {value}\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 4, 13, "PermShell.Manifest.WrongType");
        Assert.Contains("true or false", problem.Message);
    }

    [Theory]
    [InlineData("True", false)]
    [InlineData("TRUE", false)]
    [InlineData("false", true)]
    [InlineData("FALSE", true)]
    public void Core_schema_booleans_in_any_accepted_case_are_read(string value, bool superuserFalse)
    {
        var doc = ManifestLoader.Load(_folder.Write("m.yaml", $"version: 1\nusers:\n  - name: bob\n    superuser: {value}\n"));

        Assert.Equal(!superuserFalse, doc.Users![0].Superuser);
    }

    [Fact]
    public void Number_where_text_belongs_must_be_quoted()
    {
        var path = _folder.Write("m.yaml", "version: 1\nusers:\n  - name: 123\n  - name: \"456\"\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 3, 11, "PermShell.Manifest.WrongType");
        Assert.Contains("quote it (\"123\")", problem.Message);
    }

    [Fact]
    public void Empty_list_value_is_a_wrong_type_that_suggests_brackets()
    {
        var path = _folder.Write("m.yaml", "version: 1\nusers:\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 2, 7, "PermShell.Manifest.WrongType");
        Assert.Contains("write [] for an empty section", problem.Message);
    }

    [Fact]
    public void Missing_or_unsupported_version_is_refused()
    {
        var missing = _folder.Write("a.yaml", "users: []\n");
        var two = _folder.Write("b.yaml", "version: 2\n");

        AssertProblem(Assert.Single(Refused(missing)), missing, 1, 1, "PermShell.Manifest.MissingKey");
        AssertProblem(Assert.Single(Refused(two)), two, 1, 10, "PermShell.Manifest.UnsupportedVersion");
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var path = _folder.Write("empty.yaml", "# nothing here\n");

        AssertProblem(Assert.Single(Refused(path)), path, 1, 1, "PermShell.Manifest.MissingKey");
    }

    [Fact]
    public void Second_document_in_one_file_is_refused()
    {
        var path = _folder.Write("m.yaml", "version: 1\nusers: []\n---\nversion: 1\n");

        AssertProblem(Assert.Single(Refused(path)), path, 3, 1, "PermShell.Manifest.MultipleDocuments");
    }

    [Fact]
    public void Duplicate_key_in_one_mapping_is_refused()
    {
        var path = _folder.Write("m.yaml", "version: 1\nusers:\n  - name: bob\n    email: a@b\n    email: c@d\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 5, 5, "PermShell.Manifest.DuplicateKey");
        Assert.Contains("first at 4:5", problem.Message);
    }

    [Fact]
    public void Duplicate_name_in_one_file_names_both_places()
    {
        var path = _folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
              - name: alice
              - name: bob
            """);

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 5, 11, "PermShell.Manifest.DuplicateName");
        Assert.Contains("also at 3:11", problem.Message);
    }

    [Fact]
    public void Same_object_defined_differently_in_two_files_names_both_places()
    {
        var a = _folder.Write("m/a.yaml", "version: 1\nusers:\n  - name: bob\n    email: bob@example.org\n");
        var b = _folder.Write("m/b.yml", "version: 1\nusers:\n  - name: alice\n  - name: bob\n    email: robert@example.org\n");

        var problem = Assert.Single(Refused(System.IO.Path.GetDirectoryName(a)!));

        AssertProblem(problem, b, 4, 11, "PermShell.Manifest.ConflictingDefinition");
        Assert.Contains($"{a}:3:11", problem.Message);
    }

    [Fact]
    public void Same_object_defined_identically_in_two_files_merges()
    {
        var a = _folder.Write("m/a.yaml", "version: 1\nusers:\n  - name: bob\n    grants: [A, B]\n");
        _folder.Write("m/b.yaml", "version: 1\nusers:\n  - name: bob\n    grants: [B, A]\ngroups:\n  - name: dev\n    members: [bob]\n");
        _folder.Write("m/notes.txt", "not a manifest");

        var doc = ManifestLoader.Load(System.IO.Path.GetDirectoryName(a)!);

        Assert.Equal(a, Assert.Single(doc.Users!).Location.File);
        Assert.Equal("dev", Assert.Single(doc.Groups!).Name);
        Assert.Null(doc.Permissions);
        Assert.Equal(2, doc.Files.Count);
    }

    [Fact]
    public void Folder_without_manifests_and_missing_path_are_not_found()
    {
        var empty = Directory.CreateDirectory(System.IO.Path.Combine(_folder.Path, "empty")).FullName;

        Assert.Equal("PermShell.Manifest.NotFound", Assert.Throws<PermShellException>(() => ManifestLoader.Load(empty)).ErrorId);
        Assert.Equal("PermShell.Manifest.NotFound", Assert.Throws<PermShellException>(() => ManifestLoader.Load(empty + "/nope.yaml")).ErrorId);
    }

    [Fact]
    public void Anonymous_takes_grants_only()
    {
        var path = _folder.Write("m.yaml", "version: 1\ngroups:\n  - name: anonymous\n    members: [bob]\n    grants: [WIKI_VIEW]\n");

        AssertProblem(Assert.Single(Refused(path)), path, 4, 5, "PermShell.Manifest.VirtualGroup");
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var path = _folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
                gratns: [WIKI_VIEW]
              - name: alice
                active: maybe
              - name: bob
            """);

        var problems = Refused(path);

        Assert.Equal(3, problems.Count);
        AssertProblem(problems[0], path, 4, 5, "PermShell.Manifest.UnknownKey");
        AssertProblem(problems[1], path, 6, 13, "PermShell.Manifest.WrongType");
        AssertProblem(problems[2], path, 7, 11, "PermShell.Manifest.DuplicateName");
        var message = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path)).Message;
        Assert.StartsWith("The manifest is invalid: 3 problems.", message);
        Assert.Contains($"{path}:6:13: ", message);
    }

    [Fact]
    public void Problems_in_several_files_are_all_reported()
    {
        var a = _folder.Write("m/a.yaml", "version: 1\nusers: [\n");
        var b = _folder.Write("m/b.yaml", "version: 1\ngroups:\n  - nam: dev\n");

        var problems = Refused(System.IO.Path.GetDirectoryName(a)!);

        Assert.Equal([a, b, b], problems.Select(p => p.Location.File));
        Assert.Equal(["PermShell.Manifest.Syntax", "PermShell.Manifest.UnknownKey", "PermShell.Manifest.MissingKey"], problems.Select(p => p.ErrorId));
    }

    [Fact]
    public void Billion_laughs_alias_bomb_is_refused_by_its_expanded_size_without_expanding_it()
    {
        var lines = new List<string> { "version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i <= 9; i++)
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        lines.Add("users: *a9");
        var path = _folder.Write("bomb.yaml", string.Join("\n", lines) + "\n");

        var problems = Refused(path);

        AssertProblem(Assert.Single(problems), path, 8, 30, "PermShell.Manifest.TooManyNodes");
    }

    [Fact]
    public void Aliases_within_the_node_limit_are_expanded()
    {
        var doc = ManifestLoader.Load(_folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
                grants: &common [WIKI_VIEW, TICKET_VIEW]
              - name: alice
                grants: *common
            """));

        Assert.Equal(["WIKI_VIEW", "TICKET_VIEW"], doc.Users![1].Grants!.Select(g => g.Value));
    }

    [Fact]
    public void Unknown_and_recursive_aliases_are_refused()
    {
        var unknown = _folder.Write("a.yaml", "version: 1\nusers: *nothing\n");
        var recursive = _folder.Write("b.yaml", "version: 1\nusers: &u [*u]\n");

        AssertProblem(Assert.Single(Refused(unknown)), unknown, 2, 8, "PermShell.Manifest.UnknownAlias");
        AssertProblem(Assert.Single(Refused(recursive)), recursive, 2, 12, "PermShell.Manifest.UnknownAlias");
    }

    [Fact]
    public void File_over_the_size_limit_is_refused_before_it_is_read()
    {
        var path = _folder.Write("big.yaml", "version: 1\n# " + new string('x', 2000) + "\n");

        var problem = Assert.Single(Refused(path, new ManifestLimits { MaxBytes = 1024 }));

        AssertProblem(problem, path, 1, 1, "PermShell.Manifest.TooLarge");
        Assert.Contains("the limit is 1,024 bytes", problem.Message);
    }

    [Fact]
    public void Folder_over_the_size_limit_in_total_is_refused()
    {
        _folder.Write("m/a.yaml", "version: 1\n# " + new string('x', 600) + "\n");
        var b = _folder.Write("m/b.yaml", "version: 1\n# " + new string('x', 600) + "\n");

        var problem = Assert.Single(Refused(System.IO.Path.GetDirectoryName(b)!, new ManifestLimits { MaxBytes = 1024 }));

        AssertProblem(problem, b, 1, 1, "PermShell.Manifest.TooLarge");
    }

    [Fact]
    public void Nesting_ten_thousand_deep_is_refused_cleanly()
    {
        var path = _folder.Write("deep.yaml", "version: 1\nusers: " + new string('[', 10_000) + new string(']', 10_000) + "\n");

        var problem = Assert.Single(Refused(path));

        AssertProblem(problem, path, 2, 71, "PermShell.Manifest.TooDeep");
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var path = System.IO.Path.Combine(_folder.Path, "latin1.yaml");
        File.WriteAllBytes(path, [.. "version: 1\nusers:\n  - name: jos"u8, 0xE9, (byte)'\n']);

        AssertProblem(Assert.Single(Refused(path)), path, 1, 1, "PermShell.Manifest.Encoding");
    }

    [Fact]
    public void Unsupported_tag_is_refused_and_str_tag_makes_text()
    {
        var tagged = _folder.Write("a.yaml", "version: 1\nusers:\n  - name: !python/object bob\n");
        var str = _folder.Write("b.yaml", "version: 1\nusers:\n  - name: !!str 123\n");

        AssertProblem(Assert.Single(Refused(tagged)), tagged, 3, 11, "PermShell.Manifest.UnsupportedTag");
        Assert.Equal("123", ManifestLoader.Load(str).Users![0].Name);
    }
}
