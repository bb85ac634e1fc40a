using CsCheck;

namespace PermShell.Core.Tests;

/// <summary>
/// A state's table (<see cref="StateMap{TValue}"/>, a base dictionary under an overlay of changes that is folded now
/// and then) behaves as a plain dictionary under any sequence of writes, and a clone taken along the way keeps its
/// own content whatever is written after it, on either side.
/// </summary>
public class StateMapProperties
{
    [Fact]
    public void A_table_is_a_dictionary_and_its_clones_are_independent() =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 150], Gen.Int[0, 9]).Array[0, 400]
            .Sample(steps =>
            {
                var state = new PermissionState();
                var model = new Dictionary<string, User>(StringComparer.Ordinal);
                (PermissionState State, Dictionary<string, User> Model)? kept = null;
                foreach (var (op, key, value) in steps)
                {
                    var name = $"n{key}";
                    switch (op)
                    {
                        case 0 or 1:
                            state.Users[name] = model[name] = new User { Name = name, Email = $"{value}" };
                            break;
                        case 2:
                            Assert.Equal(model.Remove(name), state.Users.Remove(name));
                            break;
                        default:
                            // Keep a clone and its expected content; go on writing to the original.
                            kept = (state.Clone(), new Dictionary<string, User>(model, StringComparer.Ordinal));
                            if (value % 2 == 0) (state, model) = (kept.Value.State.Clone(), new Dictionary<string, User>(model, StringComparer.Ordinal));
                            break;
                    }
                    Assert.Equal(model.Count, state.Users.Count);
                    Assert.Equal(model.ContainsKey(name), state.Users.ContainsKey(name));
                }
                AssertSame(model, state.Users);
                if (kept is { } k) AssertSame(k.Model, k.State.Users);
            }, iter: 200);

    [Fact]
    public void A_frozen_state_refuses_every_write_and_its_clone_takes_them()
    {
        var state = new StateBuilder().User("bob").Grant("bob", "WIKI_VIEW").State.Freeze();

        Assert.Throws<InvalidOperationException>(() => state.Users["eve"] = new User { Name = "eve" });
        Assert.Throws<InvalidOperationException>(() => state.Grants.Remove("bob"));
        Assert.Throws<InvalidOperationException>(() => StateChanges.Apply(state, new AddGrant("bob", "WIKI_EDIT")));
        Assert.IsNotAssignableFrom<ISet<string>>(state.GrantsOf("bob"));

        var copy = state.Clone();
        StateChanges.Apply(copy, new AddGrant("bob", "WIKI_EDIT"));
        Assert.Equal(["WIKI_EDIT", "WIKI_VIEW"], copy.GrantsOf("bob").Order(StringComparer.Ordinal));
        Assert.Equal(["WIKI_VIEW"], state.GrantsOf("bob"));
    }

    private static void AssertSame(Dictionary<string, User> expected, StateMap<User> actual)
    {
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Count, actual.Keys.Count());
        foreach (var (key, value) in expected) Assert.Same(value, actual[key]);
    }
}
