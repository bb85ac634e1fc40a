using System.Text.Json;
using System.Text.RegularExpressions;
using PermShell.Core.Manifest;

namespace PermShell.Core.Tests.Manifest;

/// <summary>The shipped JSON schema accepts exactly the keys and types the parser accepts.</summary>
public sealed class ManifestSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(ManifestSchema.Json).RootElement;

    private static JsonElement Definition(string name) => Schema.GetProperty("definitions").GetProperty(name);

    private static string[] Keys(JsonElement objectSchema) =>
        objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Schema_is_draft_07_and_closed_at_every_level()
    {
        Assert.Equal("http://json-schema.org/draft-07/schema#", Schema.GetProperty("$schema").GetString());
        foreach (var node in new[] { Schema, Definition("permission"), Definition("user"), Definition("group"), Definition("policy") })
            Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_keys_are_the_parsers_keys()
    {
        Assert.Equal(ManifestKeys.TopLevel, Keys(Schema));
        Assert.Equal(ManifestKeys.Permission, Keys(Definition("permission")));
        Assert.Equal(ManifestKeys.User, Keys(Definition("user")));
        Assert.Equal(ManifestKeys.Group, Keys(Definition("group")));
        Assert.Equal(ManifestKeys.Policy, Keys(Definition("policy")));
        Assert.Equal([ManifestKeys.Resource], Definition("policy").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var virtualKeys = Definition("group").GetProperty("then").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(ManifestKeys.VirtualGroup, virtualKeys);
    }

    [Fact]
    public void Schema_requires_what_the_parser_requires()
    {
        Assert.Equal(["version"], Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, Schema.GetProperty("properties").GetProperty("version").GetProperty("const").GetInt32());
        foreach (var entry in new[] { "permission", "user", "group" })
            Assert.Equal(["name"], Definition(entry).GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Schema_types_match_how_the_parser_reads_each_key()
    {
        var booleans = new[] { ManifestKeys.Active, ManifestKeys.Superuser };
        var lists = new[] { ManifestKeys.Implies, ManifestKeys.Grants, ManifestKeys.Members };
        foreach (var entry in new[] { "permission", "user", "group" })
        foreach (var property in Definition(entry).GetProperty("properties").EnumerateObject())
        {
            var expected = booleans.Contains(property.Name) ? "boolean" : lists.Contains(property.Name) ? "array" : "string";
            Assert.True(expected == TypeOf(property.Value), $"{entry}.{property.Name}: schema says {TypeOf(property.Value)}, parser reads {expected}");
        }
    }

    private static string TypeOf(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) ? type.GetString()!
        : TypeOf(Definition(schema.GetProperty("$ref").GetString()!.Split('/')[^1]));

    [Theory]
    [InlineData("TICKET_VIEW")]
    [InlineData("auth.change_user")]
    [InlineData("x")]
    [InlineData("9LIVES")]
    [InlineData("a.b.c")]
    [InlineData("a-b")]
    [InlineData("auth.")]
    [InlineData("_X")]
    public void Schema_permission_name_pattern_agrees_with_the_name_rules(string name)
    {
        var pattern = Definition("permissionName").GetProperty("pattern").GetString()!;
        var valid = true;
        try { NameRules.CheckPermissionName(name); }
        catch (PermShellException) { valid = false; }

        Assert.Equal(valid, Regex.IsMatch(name, pattern));
    }

    [Fact]
    public void Schema_file_is_copied_next_to_the_assembly_under_its_shipped_name()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, ManifestSchema.FileName);

        Assert.Equal(ManifestSchema.Json, File.ReadAllText(copied));
    }
}
