namespace Connect4.Bench.Load;

/// <summary>
/// A game slot whose sockets stay open from one game to the next (the native protocol, the echo baseline): it opens
/// them before the run, plays until the time is up, and after a lost socket or a timed-out wait starts over on fresh
/// connections after a pause (the error is already counted).
/// </summary>
internal abstract class KeptSocketsGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris) : LoadGame(ctx, index, uris)
{
    /// <summary>Opens every seat's socket (and whatever greeting the protocol wants).</summary>
    protected abstract Task OpenAsync(CancellationToken cancel);

    /// <summary>Plays on the open sockets until the time is up; throws <see cref="SessionBrokenException"/> when a socket is lost.</summary>
    protected abstract Task PlayAsync(CancellationToken stop);

    public sealed override async Task PrepareAsync(CancellationToken cancel)
    {
        try
        {
            await OpenAsync(cancel);
        }
        catch (SessionBrokenException)
        {
            // The run retries during the measured time; the error is counted.
            await CloseAsync();
        }
    }

    public sealed override async Task RunAsync(CancellationToken stop)
    {
        using var _ = stop.Register(Stop);
        while (!Ctx.TimeUp)
        {
            try
            {
                if (Sockets[Red] is null)
                {
                    await OpenAsync(stop);
                }

                await PlayAsync(stop);
            }
            catch (SessionBrokenException)
            {
                await CloseAsync();
                if (!Ctx.TimeUp)
                {
                    await Task.Delay(500, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
