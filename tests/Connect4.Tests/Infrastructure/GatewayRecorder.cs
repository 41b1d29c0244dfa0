using Connect4.GrainInterfaces;

namespace Connect4.Tests.Infrastructure;

/// <summary>A stand-in gateway for grain-level tests: records every event grains send it, with the connection it skips.</summary>
public sealed class GatewayRecorder : IGatewayObserver
{
    private readonly List<(GameEvent Event, long Except)> _events = [];
    private readonly List<(string PlayerId, GameEvent Event)> _playerEvents = [];

    public IReadOnlyList<GameEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events.Select(e => e.Event)];
            }
        }
    }

    /// <summary>The events connection <paramref name="connectionId"/> of this gateway would get.</summary>
    public IReadOnlyList<GameEvent> EventsFor(long connectionId)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.Except != connectionId).Select(e => e.Event)];
        }
    }

    public IReadOnlyList<(string PlayerId, GameEvent Event)> PlayerEvents
    {
        get
        {
            lock (_playerEvents)
            {
                return [.. _playerEvents];
            }
        }
    }

    public Task OnGameEvents(IReadOnlyList<GameEvent> gameEvents, long exceptConnection)
    {
        lock (_events)
        {
            _events.AddRange(gameEvents.Select(e => (e, exceptConnection)));
        }

        return Task.CompletedTask;
    }

    public Task Resubscribe(string gameId) => Task.CompletedTask;

    public Task OnPlayerEvent(string playerId, GameEvent gameEvent)
    {
        lock (_playerEvents)
        {
            _playerEvents.Add((playerId, gameEvent));
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="condition"/> holds of the recorded events (one-way calls arrive a little later).</summary>
    public async Task WaitFor(Func<IReadOnlyList<GameEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition(Events))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The expected events did not arrive; got: {string.Join(", ", Events)}");
            }

            await Task.Delay(20);
        }
    }
}
