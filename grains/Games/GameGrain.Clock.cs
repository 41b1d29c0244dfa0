using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A timed game's deadline, scheduled twice: a grain timer ends the game at its deadline while the game is active, and an
/// Orleans reminder, durable in Redis in a cluster, calls the game every <c>Game:ClockReminderPeriod</c> from its first
/// deadline on, so that a game whose silo died and that nobody calls comes back (its activation then finds the flag
/// fallen and ends it at once). The reminder is registered when the game starts and dropped when it ends, not touched
/// on each move: its ticks only wake the game, the deadline itself is in the state.
/// </summary>
public sealed partial class GameGrain : IRemindable
{
    private const string ClockReminder = "clock";

    /// <summary>How soon a timeout that could not be stored is tried again.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private IGrainTimer? _deadlineTimer;

    /// <summary>Whether a change of the reminder failed: it is tried again at each presence check, to what the game wants then.</summary>
    private bool _reminderOutOfStep;

    /// <summary>
    /// Arms the timer for the deadline of the player to move, at once when it has passed (the flag fell while no
    /// activation held the game); disarms it when no clock runs.
    /// </summary>
    private void ArmDeadline()
    {
        if (_game.Deadline is not { } deadline)
        {
            _deadlineTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Rounded up to the millisecond, the timer's grain: a tick a fraction early would find the flag still up.
        var due = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, (deadline - _time.GetUtcNow()).TotalMilliseconds)));
        ArmDeadlineIn(due);
    }

    private void ArmDeadlineIn(TimeSpan due)
    {
        _deadlineTimer ??= this.RegisterGrainTimer(_ => OnDeadline(), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The deadline came (by the timer or the reminder): ends the game if the flag fell, else waits for the deadline there is now.</summary>
    private async Task OnDeadline()
    {
        var decision = _game.Tick(_time.GetUtcNow());
        if (!decision.Changed)
        {
            ArmDeadline();
            return;
        }

        try
        {
            await Apply(decision);
        }
        catch (Exception e)
        {
            LogTimeoutNotStored(GameId, e.Message);
            ArmDeadlineIn(RetryAfter);
        }
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == TellPlayersReminder)
        {
            await OnTellPlayersReminder();
            return;
        }

        if (reminderName != ClockReminder)
        {
            return;
        }

        if (_game.Deadline is null)
        {
            // The game ended (or never ran a clock) and the reminder outlived it: its drop failed, or came first.
            await KeepClockReminder(false);
            return;
        }

        await OnDeadline();
    }

    /// <summary>
    /// After a change: the deadline timer follows the clocks; a game that starts registers its reminder (when timed) and
    /// counts the absent from now; a timed game that ends drops its reminder.
    /// </summary>
    private async Task OnClockChanged(Game before)
    {
        ArmDeadline();
        if (before.Status != GameStatus.Playing && _game.Status == GameStatus.Playing)
        {
            _absence.Restart(_time.GetUtcNow());
            if (_game.Timed)
            {
                await KeepClockReminder(true);
            }
        }
        else if (before.Timed && before.Status == GameStatus.Playing && _game.Status == GameStatus.Over)
        {
            await KeepClockReminder(false);
        }
    }

    /// <summary>
    /// Registers the clock's reminder, first due at the first deadline (<paramref name="wanted"/>), or drops it. A failure
    /// does not fail the command that caused it (the game is stored already): it is logged and tried again.
    /// </summary>
    private async Task KeepClockReminder(bool wanted)
    {
        try
        {
            if (wanted)
            {
                var now = _time.GetUtcNow();
                var due = _game.Deadline is { } deadline && deadline > now ? deadline - now : TimeSpan.Zero;
                await this.RegisterOrUpdateReminder(ClockReminder, due, _settings.ClockReminderPeriod);
            }
            else if (await this.GetReminder(ClockReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderOutOfStep = false;
        }
        catch (Exception e)
        {
            _reminderOutOfStep = true;
            LogReminderFailed(GameId, wanted ? "registered" : "dropped", e.Message);
        }
    }

    /// <summary>Tries again a change of the reminder that failed: a timed game being played keeps one, any other game none.</summary>
    private Task RetryClockReminder() => _reminderOutOfStep ? KeepClockReminder(_game.Deadline is not null) : Task.CompletedTask;
}
