using PermShell.Core.Interchange;
using PermShell.Core.Manifest;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests.Policies;

/// <summary>
/// Trac's policy file read and written as Trac 1.6 reads it (Python's configparser through UnicodeConfigParser with
/// case-sensitive keys): the parser cases of tracopt/perm/tests/authz_policy.py (empty file, comments only, malformed,
/// duplicate sections and options) with file:line:column, configparser's own rules, and the round trip.
/// </summary>
public class TracAuthzPolicyFileTests
{
    private static (List<PolicySection> Sections, List<ManifestProblem> Problems) Read(string text)
    {
        var problems = new List<ManifestProblem>();
        var document = TracAuthzPolicyReader.Read(text, "authz.conf", problems);
        return (document.Policies!.Select(p => p.ToSection()).ToList(), problems);
    }

    private static string Entries(IEnumerable<PolicySection> sections) =>
        string.Join(" | ", sections.Select(s => $"{s} {string.Join("; ", s.Rules)}"));

    [Theory]
    [InlineData("")]
    [InlineData("# [wiki:WikiStart]\n# änon = WIKI_VIEW\n# * =\n")]
    public void test_parse_authz_empty_and_no_settings_give_no_sections(string text)
    {
        var (sections, problems) = Read(text);
        Assert.Empty(sections);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("wiki:WikiStart]\nänon = WIKI_VIEW\n* =\n", "authz.conf:1:1", "PermShell.Manifest.Syntax")]
    [InlineData("[wiki:WikiStart]\nänon = WIKI_VIEW\n\n[wiki:WikiStart]\nänon = WIKI_VIEW\n", "authz.conf:4:1", "PermShell.Policy.Exists")]
    [InlineData("[wiki:WikiStart]\nänon = WIKI_VIEW\nänon = WIKI_ADMIN\n", "authz.conf:3:1", "PermShell.Policy.InvalidEntry")]
    [InlineData("[wiki:*]\n* = WIKI_VIEW\n  john WIKI_VIEW\nmary WIKI_VIEW\n", "authz.conf:4:1", "PermShell.Policy.InvalidEntry")]
    [InlineData("[DEFAULT]\n* = WIKI_VIEW\n", "authz.conf:1:1", "PermShell.Manifest.Syntax")]
    [InlineData("[wiki:*]\n   = WIKI_VIEW\n", "authz.conf:2:4", "PermShell.Policy.InvalidEntry")]
    public void What_Trac_refuses_is_a_problem_at_its_file_line_and_column(string text, string where, string id)
    {
        var problem = Assert.Single(Read(text).Problems);
        Assert.Equal((where, id), (problem.Location.ToString(), problem.ErrorId));
    }

    [Fact]
    public void Entries_are_read_as_configparser_reads_them()
    {
        var (sections, problems) = Read(
            "; a comment\n[groups]\ndevs: alice ,, @leads\nleads = carol\n\n[wiki:*]\n# no inline comments: '# x' is part of the value\n" +
            "Alice = WIKI_VIEW,\n    WIKI_MODIFY\n\n  , TICKET_VIEW\nalice = WIKI_VIEW # x\n* =\n[a]b]\nbob=!X\r\n");
        Assert.Empty(problems);
        Assert.Equal(
            "[groups] devs = alice, @leads; leads = carol | [wiki:*] Alice = WIKI_VIEW, WIKI_MODIFY, TICKET_VIEW; alice = WIKI_VIEW # x; * = | [a]b] bob = !X",
            Entries(sections));
    }

    [Fact]
    public void The_file_is_written_groups_first_then_the_sections_in_order_and_reads_back_the_same()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);
        state.Policies =
        [
            TracAuthzPolicyTests.Section("wiki:PrivatePage", "@devs = WIKI_VIEW, !WIKI_MODIFY", "* ="),
            TracAuthzPolicyTests.Section("groups", "leads = carol", "devs = alice, @leads"),
            TracAuthzPolicyTests.Section("*", "anonymous = WIKI_VIEW"),
        ];
        var text = TracAuthzPolicyWriter.Write(state);
        Assert.Equal("[groups]\nleads = carol\ndevs = alice, @leads\n\n[wiki:PrivatePage]\n@devs = WIKI_VIEW, !WIKI_MODIFY\n* =\n\n[*]\nanonymous = WIKI_VIEW\n", text);
        var (sections, problems) = Read(text);
        Assert.Empty(problems);
        Assert.Equal(Entries(state.Policies.Where(s => s.IsGroups).Concat(state.Policies.Where(s => !s.IsGroups))), Entries(sections));
    }

    [Fact]
    public void Trac_test_file_round_trips()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);
        state.Policies = TracAuthzPolicyTests.File;
        var (sections, problems) = Read(TracAuthzPolicyWriter.Write(state));
        Assert.Empty(problems);
        Assert.Equal(Entries(state.Policies), Entries(sections));
    }

    [Fact]
    public void What_the_file_cannot_hold_is_named_as_a_loss_and_left_out()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);
        state.Policies =
        [
            TracAuthzPolicyTests.Section("DEFAULT", "* ="),
            new PolicySection("wiki:*", [new PolicyRule("a:b", ["WIKI_VIEW"]), new PolicyRule("bob", ["WIKI_VIEW"])]),
        ];
        Assert.Equal("[wiki:*]\nbob = WIKI_VIEW\n", TracAuthzPolicyWriter.Write(state));
        var losses = TracAuthzPolicyWriter.Losses(state);
        Assert.Equal(3, losses.Count);
        Assert.Contains("[DEFAULT]", losses[1]);
        Assert.Contains("a:b in [wiki:*]", losses[2]);
    }
}
