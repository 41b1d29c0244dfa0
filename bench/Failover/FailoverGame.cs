using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Connect4.Bench.Common;

namespace Connect4.Bench.Failover;

/// <summary>What became of one game's move after the kill.</summary>
internal sealed record MoveAfterDeath(string GameId, bool Answered, double MsFromDeath, int Unavailable, IReadOnlyDictionary<string, int> OtherErrors, string? Failure);

/// <summary>
/// One game of a failover trial, on the native protocol: two players through the balancer, a few moves played,
/// then one more move after the kill, resent with the same <c>ply</c> every 100 ms while the answer is
/// <c>unavailable</c>, until its <c>played</c> reply.
/// </summary>
internal sealed class FailoverGame(Uri uri, Random random) : ISocketHandler
{
    private readonly record struct Reply(int Seat, NativeType Type, int Rid, string? Code, byte[]? GameId, byte[]? JoinKey, long Timestamp);

    private readonly BenchSocket?[] _seats = new BenchSocket?[2];
    private readonly Board _board = new();
    private readonly Channel<Reply> _replies = Channel.CreateUnbounded<Reply>(new UnboundedChannelOptions { SingleReader = true });
    private byte[] _gameId = [];
    private int _rid;

    public string GameId { get; private set; } = "";

    public async Task SetupAsync(int moves, CancellationToken cancel)
    {
        for (var s = 0; s < 2; s++)
        {
            var socket = new BenchSocket(uri, s, this);
            _seats[s] = socket;
            await socket.ConnectAsync(cancel);
        }

        for (var s = 0; s < 2; s++)
        {
            var w = _seats[s]!.Begin();
            w.WriteString("type"u8, "hello"u8);
            w.WriteNumber("rid"u8, ++_rid);
            w.WriteString("name"u8, s == 0 ? "failover-red" : "failover-yellow");
            await ExpectAsync(s, _rid, cancel);
        }

        var c = _seats[0]!.Begin();
        c.WriteString("type"u8, "create"u8);
        c.WriteNumber("rid"u8, ++_rid);
        var created = await ExpectAsync(0, _rid, cancel);
        _gameId = created.GameId!;
        GameId = Encoding.UTF8.GetString(_gameId);

        var j = _seats[1]!.Begin();
        j.WriteString("type"u8, "join"u8);
        j.WriteNumber("rid"u8, ++_rid);
        j.WriteString("joinKey"u8, created.JoinKey);
        await ExpectAsync(1, _rid, cancel);

        for (var i = 0; i < moves && !_board.IsOver; i++)
        {
            var column = _board.RandomLegal(random);
            var mover = _board.Ply & 1;
            WritePlay(mover, column);
            await ExpectAsync(mover, _rid, cancel);
            _board.Play(column);
        }
    }

    private void WritePlay(int mover, int column)
    {
        var w = _seats[mover]!.Begin();
        w.WriteString("type"u8, "play"u8);
        w.WriteNumber("rid"u8, ++_rid);
        w.WriteString("gameId"u8, _gameId);
        w.WriteNumber("column"u8, column);
        w.WriteNumber("ply"u8, _board.Ply);
    }

    /// <summary>Sends and waits for the reply to the command being written on <paramref name="seat"/>; an error throws.</summary>
    private async Task<Reply> ExpectAsync(int seat, int rid, CancellationToken cancel)
    {
        await _seats[seat]!.SendAsync(cancel);
        while (true)
        {
            var r = await _replies.Reader.ReadAsync(cancel);
            if (r.Type == NativeType.Other && r.Code is not null)
            {
                throw new InvalidOperationException($"game {GameId}: socket {r.Code}");
            }

            if (r.Seat == seat && r.Rid == rid)
            {
                return r.Type == NativeType.Error ? throw new InvalidOperationException($"game {GameId}: error {r.Code}") : r;
            }
        }
    }

    /// <summary>
    /// Makes the next move once <paramref name="death"/> completes (the Stopwatch timestamp of the death), resending
    /// it after each <c>unavailable</c>, and returns the time from the death to its <c>played</c> reply.
    /// </summary>
    public async Task<MoveAfterDeath> MoveAfterDeathAsync(Task<long> death, TimeSpan timeout)
    {
        var deathAt = await death;
        using var cts = new CancellationTokenSource(timeout);
        var mover = _board.Ply & 1;
        var column = _board.RandomLegal(random);
        var unavailable = 0;
        var others = new Dictionary<string, int>();
        try
        {
            while (true)
            {
                WritePlay(mover, column);
                var rid = _rid;
                await _seats[mover]!.SendAsync(cts.Token);
                Reply r;
                do
                {
                    r = await _replies.Reader.ReadAsync(cts.Token);
                    if (r.Type == NativeType.Other && r.Code is not null)
                    {
                        return new MoveAfterDeath(GameId, false, 0, unavailable, others, $"socket {r.Code}");
                    }
                }
                while (r.Seat != mover || r.Rid != rid);

                if (r.Type == NativeType.Played)
                {
                    _board.Play(column);
                    return new MoveAfterDeath(GameId, true, LatencySummary.Ms(r.Timestamp - deathAt), unavailable, others, null);
                }

                if (r.Code == "unavailable")
                {
                    unavailable++;
                }
                else
                {
                    others[r.Code ?? "?"] = others.GetValueOrDefault(r.Code ?? "?") + 1;
                    if (r.Code != "rate-limited")
                    {
                        // Anything else will not get better by resending (stale would mean an acknowledged move was lost).
                        return new MoveAfterDeath(GameId, false, 0, unavailable, others, $"error {r.Code}");
                    }
                }

                await Task.Delay(100, cts.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
        {
            return new MoveAfterDeath(GameId, false, 0, unavailable, others,
                e is OperationCanceledException ? $"no played reply within {timeout.TotalSeconds:0} s" : $"socket {e.Message}");
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
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, null, null, null, timestamp));
                break;
            case NativeType.Created:
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, null, m.GameId.ToArray(), m.JoinKey.ToArray(), timestamp));
                break;
            case NativeType.Error:
                _replies.Writer.TryWrite(new Reply(socket.Seat, m.Type, m.Rid, ErrorCodes.Of(m.Code), null, null, timestamp));
                break;
        }
    }

    public void OnLost(BenchSocket socket, string reason) =>
        _replies.Writer.TryWrite(new Reply(socket.Seat, NativeType.Other, -1, reason, null, null, Stopwatch.GetTimestamp()));
}
