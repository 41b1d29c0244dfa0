namespace Connect4.Gateway.Routing;

/// <summary>
/// The connections of one player on this gateway (usually one). An array replaced on each change, read without a
/// lock; retired with the last connection, after which a new connection starts a fresh entry.
/// </summary>
internal sealed class PlayerConnections
{
    private readonly Lock _lock = new();
    private IFollowerConnection[] _connections = [];
    private bool _retired;

    public IReadOnlyList<IFollowerConnection> Connections => Volatile.Read(ref _connections);

    /// <summary>Adds a connection; false when this entry was retired.</summary>
    public bool Add(IFollowerConnection connection)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            Volatile.Write(ref _connections, [.. _connections, connection]);
            return true;
        }
    }

    /// <summary>Removes a connection; true when it was the last (the entry is then retired).</summary>
    public bool Remove(IFollowerConnection connection)
    {
        lock (_lock)
        {
            Volatile.Write(ref _connections, [.. _connections.Where(c => c != connection)]);
            _retired = _connections.Length == 0;
            return _retired;
        }
    }
}
