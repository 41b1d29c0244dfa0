using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>A game's chat, and how the decisions of chat and rematch are carried out.</summary>
public sealed partial class GameGrain : IGameChat
{
    public Task Say(PlayerInfo speaker, string text) => StoreAndTell(_game.Say(
        speaker, text, _followers.IsFollowing(speaker.PlayerId), new ChatBudget(_settings.ChatLinesPerSecond, _settings.ChatBurst), _time.GetUtcNow()));

    /// <summary>
    /// Carries out a decision beside the play (a chat line, a rematch's offer, decline or readiness): a refusal is thrown;
    /// a change is stored, then told to the followers. Unlike <see cref="Apply"/> it neither ends a game nor asks the bot:
    /// a line said while the bot thinks must not make it think twice.
    /// </summary>
    private async Task StoreAndTell(Decision decision)
    {
        if (decision.Refusal is { } refusal)
        {
            throw refusal;
        }

        if (!decision.Changed)
        {
            return;
        }

        await Store(decision.Game.State);
        _game = decision.Game;
        Broadcast(decision.Events);
    }
}
