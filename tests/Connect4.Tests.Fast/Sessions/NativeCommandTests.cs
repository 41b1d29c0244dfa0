using System.Text;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>Every native command reads into its record; every kind of bad field is refused with the right code and the rid.</summary>
public sealed class NativeCommandTests
{
    private const string GameId = "Kx7pQ2mZa0bc";
    private const string Key = GameId + ".abcdefghijklmnopqrstuv";
    private const string Surrogate = "\"\\ud83d\"";

    private static Command Read(string json) => NativeCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    private static ProtocolException Refused(string json) => Assert.ThrowsAny<ProtocolException>(() => Read(json));

    /// <summary>Asserts the refusal's code and the rid it echoes, as raw JSON (null: no rid).</summary>
    private static ProtocolException AssertRefused(string json, string code, string? rid)
    {
        var refusal = Refused(json);
        Assert.True(refusal.Code == code, $"{json}: {refusal.Code} ({refusal.Message}), expected {code}");
        Assert.True(refusal.Rid?.GetRawText() == rid, $"{json}: rid {refusal.Rid?.GetRawText() ?? "none"}, expected {rid ?? "none"}");
        return refusal;
    }

    [Fact]
    public void The_table_lists_every_command_of_the_protocol_once()
    {
        Assert.Equal(
            ["analyze", "claim", "create", "decline-rematch", "hello", "history", "join", "leaderboard", "live", "ping", "play", "profile", "rematch", "resign", "say", "seek", "state", "unseek", "unwatch", "watch"],
            NativeSession.Commands.Types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_command_reads_into_its_record_with_its_fields_and_rid()
    {
        var hello = Assert.IsType<HelloCommand>(Read("""{"type":"hello","rid":1,"name":"  alice  ","token":"t.o.k"}"""));
        Assert.Equal(("1", "alice", "t.o.k"), (hello.Rid?.GetRawText(), hello.Name, hello.Token));
        Assert.Equal(new HelloCommand(null, null, null), Read("""{"type":"hello"}"""));

        Assert.Equal(new CreateCommand(null, OpponentKind.Human, ColorChoice.Red, null), Read("""{"type":"create"}"""));
        Assert.Equal(new CreateCommand(null, OpponentKind.Bot, ColorChoice.Random, 3), Read("""{"type":"create","opponent":"bot","color":"random","level":3}"""));
        Assert.Equal(new CreateCommand(null, OpponentKind.Human, ColorChoice.Yellow, null), Read("""{"type":"create","opponent":"human","color":"yellow","level":null}"""));

        Assert.Equal(new JoinCommand(null, Key), Read($$"""{"type":"join","joinKey":"{{Key}}"}"""));
        Assert.Equal(new WatchCommand(null, GameId, Key), Read($$"""{"type":"watch","watchKey":"{{Key}}"}"""));
        Assert.Equal(new WatchCommand(null, GameId, null), Read($$"""{"type":"watch","gameId":"{{GameId}}"}"""));
        Assert.Equal(new WatchCommand(null, GameId, Key), Read($$"""{"type":"watch","watchKey":"{{Key}}","gameId":"not an id"}"""));
        Assert.Equal(new UnwatchCommand(null, GameId), Read($$"""{"type":"unwatch","gameId":"{{GameId}}"}"""));
        Assert.Equal(new PlayCommand(null, GameId, 3, 12), Read($$"""{"type":"play","gameId":"{{GameId}}","column":3,"ply":12}"""));
        Assert.Equal(new PlayCommand(null, GameId, 9, null), Read($$"""{"type":"play","gameId":"{{GameId}}","column":9}"""));
        Assert.Equal(new ResignCommand(null, GameId), Read($$"""{"type":"resign","gameId":"{{GameId}}"}"""));
        Assert.Equal(new StateCommand(null, GameId), Read($$"""{"type":"state","gameId":"{{GameId}}"}"""));
        Assert.Equal(new PingCommand(null), Read("""{"type":"ping","extra":[1,2],"x":"y"}"""));
        Assert.Equal(new AnalyzeCommand(null, GameId, null), Read($$"""{"type":"analyze","gameId":"{{GameId}}"}"""));
        Assert.Equal(new AnalyzeCommand(null, GameId, 0), Read($$"""{"type":"analyze","gameId":"{{GameId}}","ply":0}"""));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-5")]
    [InlineData("1099511627776")]
    [InlineData("\"17\"")]
    [InlineData("\"\"")]
    public void A_valid_rid_is_kept_as_sent(string rid)
    {
        Assert.Equal(rid, Read($$"""{"type":"ping","rid":{{rid}}}""").Rid?.GetRawText());
        Assert.Equal(rid, AssertRefused($$"""{"type":"fly","rid":{{rid}}}""", ErrorCodes.UnknownType, rid).Rid?.GetRawText());
    }

    [Fact]
    public void A_rid_of_64_characters_is_kept_and_a_null_rid_is_none()
    {
        var rid = $"\"{new string('r', 64)}\"";
        Assert.Equal(rid, Read($$"""{"type":"ping","rid":{{rid}}}""").Rid?.GetRawText());
        Assert.Null(Read("""{"type":"ping","rid":null}""").Rid);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("{\"a\":1}")]
    [InlineData("[1]")]
    [InlineData("9223372036854775808")]
    [InlineData(Surrogate)]
    public void An_invalid_rid_is_bad_request_with_no_rid_whatever_else_is_wrong(string rid)
    {
        AssertRefused($$"""{"type":"ping","rid":{{rid}}}""", ErrorCodes.BadRequest, null);
        AssertRefused($$"""{"type":7,"rid":{{rid}}}""", ErrorCodes.BadRequest, null);
        AssertRefused($$"""{"type":"fly","rid":{{rid}}}""", ErrorCodes.BadRequest, null);
    }

    [Fact]
    public void A_rid_of_65_characters_is_bad_request_with_no_rid()
    {
        AssertRefused($$"""{"type":"ping","rid":"{{new string('r', 65)}}"}""", ErrorCodes.BadRequest, null);
    }

    [Theory]
    [InlineData("{\"type\":\"ping\",", ErrorCodes.BadJson)]
    [InlineData("not json at all", ErrorCodes.BadJson)]
    [InlineData("", ErrorCodes.BadJson)]
    [InlineData("[{\"type\":\"ping\",\"rid\":1}]", ErrorCodes.BadRequest)]
    [InlineData("\"ping\"", ErrorCodes.BadRequest)]
    [InlineData("42", ErrorCodes.BadRequest)]
    public void A_message_that_is_not_a_json_object_is_refused_with_no_rid(string text, string code)
    {
        AssertRefused(text, code, null);
    }

    [Theory]
    [InlineData("{\"rid\":\"r\"}", ErrorCodes.BadRequest)]
    [InlineData("{\"rid\":\"r\",\"type\":7}", ErrorCodes.BadRequest)]
    [InlineData("{\"rid\":\"r\",\"type\":null}", ErrorCodes.BadRequest)]
    [InlineData("{\"rid\":\"r\",\"type\":" + Surrogate + "}", ErrorCodes.BadRequest)]
    [InlineData("{\"rid\":\"r\",\"type\":\"p\\udc00ng\"}", ErrorCodes.BadRequest)]
    [InlineData("{\"rid\":\"r\",\"type\":\"fly\"}", ErrorCodes.UnknownType)]
    [InlineData("{\"rid\":\"r\",\"type\":\"PING\"}", ErrorCodes.UnknownType)]
    [InlineData("{\"rid\":\"r\",\"type\":\"\"}", ErrorCodes.UnknownType)]
    public void A_missing_unreadable_or_unknown_type_is_refused_with_the_rid(string text, string code)
    {
        AssertRefused(text, code, "\"r\"");
    }

    /// <summary>Each field of each command, with a value of the wrong kind: all bad-request, with the rid.</summary>
    public static TheoryData<string, string, string> IllTypedFields()
    {
        var data = new TheoryData<string, string, string>();
        string[] notStrings = ["7", "true", "[]", "{}", Surrogate];
        string[] notInts = ["\"3\"", "1.5", "2147483648", "true", "[]", Surrogate];
        foreach (var value in notStrings)
        {
            data.Add("hello", "name", value);
            data.Add("hello", "token", value);
            data.Add("create", "opponent", value);
            data.Add("create", "color", value);
            data.Add("join", "joinKey", value);
            data.Add("watch", "watchKey", value);
            data.Add("watch", "gameId", value);
            foreach (var type in new[] { "unwatch", "play", "resign", "state", "analyze" })
            {
                data.Add(type, "gameId", value);
            }
        }

        foreach (var value in notInts)
        {
            data.Add("create", "level", value);
            data.Add("play", "column", value);
            data.Add("play", "ply", value);
            data.Add("analyze", "ply", value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllTypedFields))]
    public void A_field_of_the_wrong_kind_is_bad_request_with_the_rid(string type, string field, string value)
    {
        // Every other field the command needs is valid, so only this one can be refused.
        var fields = new Dictionary<string, string> { ["gameId"] = $"\"{GameId}\"", ["joinKey"] = $"\"{Key}\"", ["column"] = "3" };
        fields[field] = value;
        var json = $"{{\"type\":\"{type}\",\"rid\":\"r\",{string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}"))}}}";
        var refusal = AssertRefused(json, ErrorCodes.BadRequest, "\"r\"");
        Assert.Contains($"'{field}'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"join","rid":"r"}""")]
    [InlineData("""{"type":"join","rid":"r","joinKey":""}""")]
    [InlineData("""{"type":"watch","rid":"r"}""")]
    [InlineData("""{"type":"watch","rid":"r","gameId":""}""")]
    [InlineData("""{"type":"watch","rid":"r","watchKey":"","gameId":"Kx7pQ2mZa0bc"}""")]
    [InlineData("""{"type":"watch","rid":"r","watchKey":null,"gameId":null}""")]
    [InlineData("""{"type":"unwatch","rid":"r","gameId":""}""")]
    [InlineData("""{"type":"play","rid":"r","gameId":"","column":3}""")]
    [InlineData("""{"type":"play","rid":"r","gameId":"Kx7pQ2mZa0bc"}""")]
    [InlineData("""{"type":"play","rid":"r","gameId":"Kx7pQ2mZa0bc","column":null}""")]
    [InlineData("""{"type":"resign","rid":"r"}""")]
    [InlineData("""{"type":"state","rid":"r","gameId":null}""")]
    [InlineData("""{"type":"analyze","rid":"r","gameId":""}""")]
    public void A_missing_field_or_an_empty_id_is_bad_request_with_the_rid(string json)
    {
        AssertRefused(json, ErrorCodes.BadRequest, "\"r\"");
    }

    [Theory]
    [InlineData("gameId", "../../etc")]
    [InlineData("gameId", "short")]
    [InlineData("gameId", "Kx7pQ2mZa0bc.")]
    [InlineData("gameId", "Kx7pQ2mZa0b!")]
    public void A_game_id_of_no_possible_game_is_not_found_with_the_rid(string field, string value)
    {
        foreach (var type in new[] { "watch", "unwatch", "play", "resign", "state", "analyze" })
        {
            AssertRefused($$"""{"type":"{{type}}","rid":"r","{{field}}":"{{value}}","column":3}""", RuleCodes.NotFound, "\"r\"");
        }

        AssertRefused($$"""{"type":"state","rid":"r","gameId":"{{new string('g', 3000)}}"}""", RuleCodes.NotFound, "\"r\"");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("nope")]
    [InlineData("Kx7pQ2mZa0bc.")]
    [InlineData("short.abcdefghijklmnopqrstuv")]
    [InlineData("Kx7pQ2mZa0bc.with space")]
    public void A_key_of_no_possible_game_is_not_found_with_the_rid(string key)
    {
        AssertRefused($$"""{"type":"join","rid":"r","joinKey":"{{key}}"}""", RuleCodes.NotFound, "\"r\"");
        AssertRefused($$"""{"type":"watch","rid":"r","watchKey":"{{key}}"}""", RuleCodes.NotFound, "\"r\"");
    }

    [Theory]
    [InlineData("""{"type":"create","rid":"r","opponent":"robot"}""", "opponent")]
    [InlineData("""{"type":"create","rid":"r","color":"blue"}""", "color")]
    [InlineData("""{"type":"create","rid":"r","color":"Red"}""", "color")]
    [InlineData("""{"type":"create","rid":"r","opponent":"bot","level":0}""", "level")]
    [InlineData("""{"type":"create","rid":"r","opponent":"bot","level":6}""", "level")]
    [InlineData("""{"type":"create","rid":"r","level":6}""", "level")]
    public void A_create_with_an_option_out_of_its_range_is_bad_request(string json, string field)
    {
        Assert.StartsWith(field, AssertRefused(json, ErrorCodes.BadRequest, "\"r\"").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("abc\u202Edef")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("twenty-five characters!!!")]
    public void A_hello_with_a_name_that_breaks_the_rule_is_bad_request(string name)
    {
        AssertRefused($$"""{"type":"hello","rid":"r","name":"{{name}}"}""", ErrorCodes.BadRequest, "\"r\"");
    }

    [Fact]
    public void Fields_are_read_in_order_so_the_first_bad_one_is_named()
    {
        Assert.Contains("'gameId'", Refused("""{"type":"play","gameId":"","column":"x","ply":"y"}""").Message, StringComparison.Ordinal);
        Assert.Contains("'column'", Refused("""{"type":"play","gameId":"Kx7pQ2mZa0bc","column":"x","ply":"y"}""").Message, StringComparison.Ordinal);
        Assert.StartsWith("name", Refused("""{"type":"hello","name":" ","token":7}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"ping\",\"rid\":7}", "7")]
    [InlineData("{\"type\":" + Surrogate + ",\"rid\":\"limited\"}", "\"limited\"")]
    [InlineData("{\"rid\":\"no type\"}", "\"no type\"")]
    [InlineData("{\"type\":\"play\",\"rid\":\"unread\",\"gameId\":7}", "\"unread\"")]
    [InlineData("{\"type\":\"ping\",\"rid\":" + Surrogate + "}", null)]
    [InlineData("{\"type\":\"ping\",\"rid\":1.5}", null)]
    [InlineData("not json", null)]
    [InlineData("[1]", null)]
    public void The_rid_of_a_message_refused_unread_is_found_when_it_can_be_read(string text, string? rid)
    {
        Assert.Equal(rid, CommandReader.RidOf(Encoding.UTF8.GetBytes(text))?.GetRawText());
    }
}
