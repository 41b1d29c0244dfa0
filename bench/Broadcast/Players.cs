using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// The two players of a broadcast run, on the native protocol through one gateway: red creates each game, yellow
/// joins it, and they move alternately, each move sent with its <c>ply</c> and waited for (its <c>played</c> reply)
/// before the next. Moves are random among those that neither complete a four nor fill the board, while one exists.
/// </summary>
internal sealed class Players(Uri uri, MoveLog log, Random random, TimeSpan timeout) : ISocketHandler
{
    private const int Red = 0;
    private const int Yellow = 1;

    private readonly record struct Reply(int Seat, NativeType Type, int Rid, string? Code, byte[]? GameId, string? JoinKey, string? WatchKey);

    private readonly BenchSocket?[] _seats = new BenchSocket?[2];
    private readonly Board _board = new();
    private readonly Channel<Reply> _replies = Channel.CreateUnbounded<Reply>(new UnboundedChannelOptions { SingleReader = true });
    private int _rid;

    /// <summary>The game being played.</summary>
    public BroadcastGame? Game { get; private set; }

    /// <summary>The current game ended (a four or a full board).</summary>
    public bool GameOver => _board.IsOver;

    /// <summary>From each move's first send to its <c>played</c> reply, in milliseconds.</summary>
    public List<double> PlayedMs { get; } = [];

    /// <summary>Moves sent again after <c>unavailable</c> or <c>rate-limited</c> (same <c>ply</c>).</summary>
    public int Resends { get; private set; }

    /// <summary>Error replies to the players' commands, by code.</summary>
    public SortedDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OpenAsync(CancellationToken cancel)
    {
        for (var s = 0; s < 2; s++)
        {
            var socket = new BenchSocket(uri, s, this);
            _seats[s] = socket;
            await socket.ConnectAsync(cancel);
            var w = socket.Begin();
            w.WriteString("type"u8, "hello"u8);
            w.WriteNumber("rid"u8, ++_rid);
            w.WriteString("name"u8, s == Red ? "broadcast-red" : "broadcast-yellow");
            await ExpectAsync(s, _rid, "hello", cancel);
        }
    }

    /// <summary>Creates a game (red) and joins it (yellow); its moves are numbered from <paramref name="firstMove"/>.</summary>
    public async Task<BroadcastGame> NewGameAsync(int firstMove, CancellationToken cancel)
    {
        var c = _seats[Red]!.Begin();
        c.WriteString("type"u8, "create"u8);
        c.WriteNumber("rid"u8, ++_rid);
        var created = await ExpectAsync(Red, _rid, "create", cancel);

        var j = _seats[Yellow]!.Begin();
        j.WriteString("type"u8, "join"u8);
        j.WriteNumber("rid"u8, ++_rid);
        j.WriteString("joinKey"u8, created.JoinKey);
        await ExpectAsync(Yellow, _rid, "join", cancel);

        _board.Reset();
        Game = log.AddGame(created.GameId!, created.WatchKey!, firstMove);
        return Game;
    }

    /// <summary>
    /// Plays the next move of the game, the run's move <see cref="BroadcastGame.First"/> + ply, and waits for its
    /// <c>played</c> reply; resends it every 100 ms (at most 100 times) while the answer is <c>unavailable</c> or
    /// <c>rate-limited</c>. Throws on any other error, or when nothing answers within the timeout.
    /// </summary>
    public async Task PlayAsync(CancellationToken cancel)
    {
        var game = Game!;
        var ply = _board.Ply;
        var move = game.First + ply;
        var mover = ply & 1;
        var column = _board.RandomNotEnding(random);
        long firstSend = 0;
        for (var attempt = 0; ; attempt++)
        {
            var w = _seats[mover]!.Begin();
            w.WriteString("type"u8, "play"u8);
            w.WriteNumber("rid"u8, ++_rid);
            w.WriteString("gameId"u8, game.Id);
            w.WriteNumber("column"u8, column);
            w.WriteNumber("ply"u8, ply);
            if (attempt == 0)
            {
                // Recorded before the send, so a spectator's event can never come before its move's send time.
                firstSend = Stopwatch.GetTimestamp();
                log.Sent(move, firstSend);
            }

            var reply = await SendAndWaitAsync(mover, _rid, cancel);
            if (reply.Type == NativeType.Played)
            {
                PlayedMs.Add(LatencySummary.Ms(Stopwatch.GetTimestamp() - firstSend));
                _board.Play(column);
                game.MovePlayed();
                return;
            }

            var code = reply.Code ?? "?";
            Errors[code] = Errors.GetValueOrDefault(code) + 1;
            if (code is not ("unavailable" or "rate-limited") || attempt >= 100)
            {
                throw new InvalidOperationException($"play (move {ply + 1} of game {Encoding.UTF8.GetString(game.Id)}) answered {code}");
            }

            Resends++;
            await Task.Delay(100, cancel);
        }
    }

    private async Task<Reply> ExpectAsync(int seat, int rid, string command, CancellationToken cancel)
    {
        var reply = await SendAndWaitAsync(seat, rid, cancel);
        if (reply.Type == NativeType.Error)
        {
            var code = reply.Code ?? "?";
            Errors[code] = Errors.GetValueOrDefault(code) + 1;
            throw new InvalidOperationException($"{command} answered {code}");
        }

        return reply;
    }

    /// <summary>Sends the command being written on <paramref name="seat"/> and returns its reply (or its error).</summary>
    private async Task<Reply> SendAndWaitAsync(int seat, int rid, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await _seats[seat]!.SendAsync(deadline.Token);
            while (true)
            {
                var r = await _replies.Reader.ReadAsync(deadline.Token);
                if (r.Type == NativeType.Other)
                {
                    throw new InvalidOperationException($"the {(r.Seat == Red ? "red" : "yellow")} player's socket: {r.Code}");
                }

                if (r.Seat == seat && r.Rid == rid)
                {
                    return r;
                }

                if (r.Type == NativeType.Error)
                {
                    Errors[r.Code ?? "?"] = Errors.GetValueOrDefault(r.Code ?? "?") + 1;
                }
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"no reply on the {(seat == Red ? "red" : "yellow")} player's socket within {timeout.TotalSeconds:0.#} s");
        }
    }

    public Task CloseAsync() => BenchSocket.CloseAllAsync(_seats, TimeSpan.FromSeconds(5));

    public void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        NativeMessage m;
        try
        {
            m = NativeMessage.Parse(message);
        }
        catch (JsonException)
        {
            return;
        }

        switch (m.Type)
        {
            case NativeType.Played or NativeType.Welcome or NativeType.Joined:
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, null, null, null, null));
                break;
            case NativeType.Created:
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, null, m.GameId.ToArray(),
                    Encoding.UTF8.GetString(m.JoinKey), Encoding.UTF8.GetString(m.WatchKey)));
                break;
            case NativeType.Error:
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, ErrorCodes.Of(m.Code), null, null, null));
                break;
        }
    }

    public void OnLost(BenchSocket socket, string reason) =>
        _replies.Writer.TryWrite(new Reply(socket.Seat, NativeType.Other, -1, reason, null, null, null));
}
