using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Routing;

/// <summary>
/// The connections of this gateway that follow one game, and the version of that list: every change makes a new
/// version, which the game uses to tell a late renewal from a newer subscription. Guarded by its own lock.
/// </summary>
internal sealed class FollowedGame(string gameId)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (IFollowerConnection Connection, Follower Follower)> _members = [];
    private long _version;
    private int _renewedPly = -1;

    public string GameId { get; } = gameId;

    /// <summary>Set once the last member left and the game was taken out of the hub's table; a follower then starts anew.</summary>
    public bool Retired { get; private set; }

    /// <summary>Adds (or updates) a member; returns the new version and whether it is new, or null when this entry was retired.</summary>
    public (long Version, bool Added)? Add(IFollowerConnection connection, Follower follower)
    {
        lock (_lock)
        {
            if (Retired)
            {
                return null;
            }

            var added = _members.TryAdd(follower.ConnectionId, (connection, follower));
            if (!added)
            {
                _members[follower.ConnectionId] = (connection, follower);
            }

            return (++_version, added);
        }
    }

    /// <summary>Removes a member; returns the new version and whether none is left (the entry is then retired).</summary>
    public (long Version, bool Empty) Remove(long connectionId)
    {
        lock (_lock)
        {
            _members.Remove(connectionId);
            Retired = _members.Count == 0;
            return (++_version, Retired);
        }
    }

    /// <summary>The members and the version they make, for a renewal.</summary>
    public (long Version, IReadOnlyList<Follower> Followers) Snapshot()
    {
        lock (_lock)
        {
            return (_version, [.. _members.Values.Select(m => m.Follower)]);
        }
    }

    /// <summary>
    /// Records the ply a renewal returned, and returns the one the renewal before it returned: every member should have
    /// been sent that much by now (a whole period for the events to arrive, even queued behind a crowd's), so a member
    /// behind it lost events. Null when there was no renewal before, or its game had no moves.
    /// </summary>
    public int? Renewed(int ply) => Interlocked.Exchange(ref _renewedPly, ply) is var previous && previous > 0 ? previous : null;

    public IReadOnlyList<IFollowerConnection> Connections()
    {
        lock (_lock)
        {
            return [.. _members.Values.Select(m => m.Connection)];
        }
    }
}
