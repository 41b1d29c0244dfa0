namespace Connect4.Gateway.Sessions;

/// <summary>
/// A dialect's commands, the one list of them: for each type name, the state its session must be in, how its fields
/// are read into a <see cref="Command"/>, and the session's handler for it.
/// </summary>
/// <typeparam name="TReader">What the dialect reads fields from.</typeparam>
/// <typeparam name="TSession">The dialect's session, whose state is checked and whose handler runs.</typeparam>
internal sealed class CommandTable<TReader, TSession>
    where TSession : class
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="require">Throws when the session is not in a state to run the command; checked before any field is read.</param>
    public CommandTable<TReader, TSession> Add<TCommand>(string type, Action<TSession> require, Func<TReader, TCommand> parse, Func<TSession, TCommand, Task> run)
        where TCommand : Command
    {
        _entries.Add(type, new Entry(require, reader => parse(reader), (session, command) => run(session, (TCommand)command)));
        return this;
    }

    public IEnumerable<string> Types => _entries.Keys;

    /// <summary>
    /// Reads a command of <paramref name="type"/>: checks that <paramref name="session"/> (when given) may run it, then
    /// reads its fields. Null when the dialect has no such command.
    /// </summary>
    public (Command Command, Func<TSession, Command, Task> Run)? Read(string type, TReader reader, TSession? session)
    {
        if (!_entries.TryGetValue(type, out var entry))
        {
            return null;
        }

        if (session is not null)
        {
            entry.Require(session);
        }

        return (entry.Parse(reader), entry.Run);
    }

    private sealed record Entry(Action<TSession> Require, Func<TReader, Command> Parse, Func<TSession, Command, Task> Run);
}
