using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Connect4.Bench.Common;

namespace Connect4.Bench.Seek;

/// <summary>
/// One player of the seek benchmark on its own <see cref="BenchSocket"/>: hello, then seek, play the paired game out with
/// random legal moves, and seek again, until the run's end. Its receive loop only queues messages; one loop acts on them.
/// </summary>
internal sealed class SeekPlayer(Uri uri, int index, string[] pools, SeekTally tally, TimeSpan moveDelay) : ISocketHandler
{
    private readonly Channel<SeekMessage> _inbox = Channel.CreateUnbounded<SeekMessage>(new() { SingleReader = true });
    private readonly Random _random = new(index);
    private readonly Board _board = new();
    private BenchSocket? _socket;
    private string _playerId = "";
    private int _rid;

    public async Task RunAsync(DateTimeOffset end, CancellationToken cancel)
    {
        _socket = new BenchSocket(uri, index, this);
        await _socket.ConnectAsync(cancel);
        await SendAsync(w => { w.WriteString("type", "hello"); w.WriteString("name", $"seek-{index}"); }, cancel);
        _playerId = (await NextAsync("welcome", cancel)).PlayerId ?? "";
        try
        {
            while (DateTimeOffset.UtcNow < end && !cancel.IsCancellationRequested)
            {
                await PlayOneAsync(end, cancel);
            }
        }
        finally
        {
            await _socket.CloseAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Seeks in this player's pool, waits for the pairing, then plays the game to its end.</summary>
    private async Task PlayOneAsync(DateTimeOffset end, CancellationToken cancel)
    {
        var pool = pools[index % pools.Length];
        var sent = Stopwatch.GetTimestamp();
        await SendAsync(w =>
        {
            w.WriteString("type", "seek");
            if (pool != "untimed")
            {
                w.WriteStartObject("clock");
                w.WriteNumber("initial", int.Parse(pool, System.Globalization.CultureInfo.InvariantCulture));
                w.WriteNumber("increment", 0);
                w.WriteEndObject();
            }

            w.WriteBoolean("rated", false);
        }, cancel);
        SeekMessage paired;
        try
        {
            paired = await NextAsync("paired", cancel, end + TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested && DateTimeOffset.UtcNow > end)
        {
            return; // The run is over and nobody is left to pair with: not a failure.
        }

        var gameId = paired.GameId!;
        tally.Paired(_playerId, gameId, paired.Color!, sent, paired.Arrived);
        try
        {
            var mine = paired.Color == "red" ? 0 : 1;
            var game = await NextAsync("game", cancel);
            _board.Reset();
            foreach (var column in game.Moves ?? [])
            {
                _board.Play(column);
            }

            var sentPly = -1;
            var pending = -1;
            while (!_board.IsOver)
            {
                if ((_board.Ply & 1) == mine && sentPly != _board.Ply)
                {
                    await Task.Delay(moveDelay, cancel);
                    var column = _board.RandomLegal(_random);
                    var ply = _board.Ply;
                    (sentPly, pending) = (ply, column);
                    await SendAsync(w => { w.WriteString("type", "play"); w.WriteString("gameId", gameId); w.WriteNumber("column", column); w.WriteNumber("ply", ply); }, cancel);
                }

                var m = await NextAsync(null, cancel);
                if (m.Type == "over" && m.GameId == gameId)
                {
                    break;
                }

                if (m.Type == "move" && m.GameId == gameId && m.Ply == _board.Ply + 1)
                {
                    _board.Play(m.Column);
                }
                else if (m.Type == "played" && m.GameId == gameId && m.Ply == _board.Ply + 1)
                {
                    _board.Play(pending);
                }
                else if (m.Type == "paired")
                {
                    // A second pairing while this player's game runs: the server paired it twice at once.
                    tally.Paired(_playerId, m.GameId!, m.Color!, m.Arrived, m.Arrived);
                }
                else if (m.Type == "error")
                {
                    tally.Error(m.Code ?? "?");
                }
            }
        }
        finally
        {
            tally.Finished(_playerId, gameId);
        }
    }

    private async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancel)
    {
        var w = _socket!.Begin();
        w.WriteNumber("rid", ++_rid);
        write(w);
        await _socket.SendAsync(cancel);
    }

    /// <summary>The next message of <paramref name="type"/> (any when null), within 60 s, or until <paramref name="until"/> when
    /// given (a seek waits until the run's end); errors are counted on the way.</summary>
    private async Task<SeekMessage> NextAsync(string? type, CancellationToken cancel, DateTimeOffset? until = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var left = until - DateTimeOffset.UtcNow;
        timeout.CancelAfter(left is null ? TimeSpan.FromSeconds(60) : left.Value > TimeSpan.FromSeconds(1) ? left.Value : TimeSpan.FromSeconds(1));
        while (true)
        {
            var m = await _inbox.Reader.ReadAsync(timeout.Token);
            if (type is null || m.Type == type)
            {
                return m;
            }

            if (m.Type is "error" or "lost")
            {
                tally.Error(m.Code ?? m.Type);
                if (m.Type == "lost")
                {
                    throw new SessionBrokenException(m.Code ?? "lost", $"player {index}: {m.Code}");
                }
            }
        }
    }

    public void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp) =>
        _inbox.Writer.TryWrite(SeekMessage.Read(message, timestamp));

    public void OnLost(BenchSocket socket, string reason) =>
        _inbox.Writer.TryWrite(new SeekMessage("lost", Stopwatch.GetTimestamp(), null, null, null, null, null, -1, -1, null, null, reason));
}
