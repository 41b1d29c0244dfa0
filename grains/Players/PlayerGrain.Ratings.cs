using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>A player's rating: read by a rated game as it ends; each rated game's step is applied once (<see cref="RatingLedger"/>).</summary>
public sealed partial class PlayerGrain
{
    public Task<PlayerRating> GetRating() => Task.FromResult(Rating());

    public Task<PlayerProfile?> FindProfile() => Task.FromResult(_state.RecordExists ? Profile() : null);

    public Task<HistoryPage?> History(long? before, int limit) =>
        Task.FromResult(_state.RecordExists ? PlayerHistory.Page(PlayerId, State.History, before, limit) : null);

    private PlayerRating Rating() => RatingLedger.Current(State);

    private bool ApplyRating(string gameId, RatingStep? step) => RatingLedger.Apply(State, gameId, step);
}
