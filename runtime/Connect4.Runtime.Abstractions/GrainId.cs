namespace Connect4.Runtime;

/// <summary>
/// The identity of a grain: its grain type (the class name without the "Grain" suffix, lower case, as in
/// Orleans) and its key. Observer references use the type <see cref="ObserverType"/> with a key that names
/// the node that made them.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The grain type of observer references.</summary>
    public const string ObserverType = "sys.observer";

    public bool IsObserver => Type == ObserverType;

    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id (expected 'type/key').");
        }

        // Observer references are read often (every subscription): their type is the constant, not a copy of it.
        var type = value.AsSpan(0, slash) is ObserverType ? ObserverType : value[..slash];
        return new GrainId(type, value[(slash + 1)..]);
    }
}
