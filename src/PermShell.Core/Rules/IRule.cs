namespace PermShell.Core.Rules;

/// <summary>
/// One concern of the rule book (names, collisions, references, cycles, ...): it judges a whole change set against
/// the state before it and reports what is wrong as <see cref="Problem"/> values, never by throwing. A new concern,
/// such as the actor's administration rights or a resource policy, is one more rule (Kubernetes admission plugins).
/// </summary>
public interface IRule
{
    IEnumerable<Problem> Check(RuleContext context);
}
