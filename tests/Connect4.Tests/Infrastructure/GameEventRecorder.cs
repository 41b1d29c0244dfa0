using Connect4.GrainInterfaces;

namespace Connect4.Tests.Infrastructure;

/// <summary>An observer that records every game event it is sent, for grain-level tests.</summary>
public sealed class GameEventRecorder : IGameObserver
{
    private readonly List<GameEvent> _events = [];

    public IReadOnlyList<GameEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task OnEvent(GameEvent gameEvent)
    {
        lock (_events)
        {
            _events.Add(gameEvent);
        }

        return Task.CompletedTask;
    }
}
