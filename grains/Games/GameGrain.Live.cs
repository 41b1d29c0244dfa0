using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A public game's reports to the list of live games (PROTOCOL.md section 14): at its start, then its ply and
/// spectators at most every <see cref="LiveReportGap"/> (on a move or the presence timer), at least every
/// <see cref="LiveHeartbeat"/>, and its removal at its end. One-way calls: the game never waits on the list.
/// </summary>
public sealed partial class GameGrain
{
    private static readonly TimeSpan LiveReportGap = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LiveHeartbeat = TimeSpan.FromMinutes(1);

    private LiveGame? _liveReported;
    private DateTimeOffset _liveReportedAt;
    private bool _liveRemoved;

    private void ReportLive()
    {
        if (!_game.IsPublic)
        {
            return;
        }

        var list = GrainFactory.GetGrainByKey<ILiveGamesGrain>(ILiveGamesGrain.Key);
        if (_game.Status == GameStatus.Over)
        {
            // Once per activation: an earlier activation may have listed it.
            if (!_liveRemoved)
            {
                _liveRemoved = true;
                _liveReported = null;
                _ = list.Remove(GameId);
            }

            return;
        }

        if (_game.Status != GameStatus.Playing)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var elapsed = now - _liveReportedAt;
        var spectators = _followers.Current().Spectators;
        var changed = _liveReported is null || _liveReported.Ply != _game.Ply || _liveReported.Spectators != spectators;
        if (_liveReported is not null && !(changed && elapsed >= LiveReportGap) && elapsed < LiveHeartbeat)
        {
            return;
        }

        // The seats and clock as a spectator's snapshot has them, built only when a report is due.
        var view = View("");
        var entry = new LiveGame(GameId, view.Red, view.Yellow, view.Ply, view.Spectators, view.Clock);
        _liveReported = entry;
        _liveReportedAt = now;
        _ = list.Report(entry);
    }
}
