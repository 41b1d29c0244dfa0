using System.Text.Json;

namespace Connect4.Bench.Seek;

/// <summary>What one message told a player, read whole (a few per game: the rate is low enough for a JsonDocument).</summary>
internal sealed record SeekMessage(string Type, long Arrived, string? GameId, string? SeekId, string? Color, string? Status,
    string? You, int Ply, int Column, int[]? Moves, string? PlayerId, string? Code)
{
    /// <summary>Reads the fields the seek benchmark uses; absent ones are null, or -1 for numbers.</summary>
    public static SeekMessage Read(ReadOnlySpan<byte> message, long arrived)
    {
        var reader = new Utf8JsonReader(message);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        string? S(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int I(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : -1;
        int[]? moves = root.TryGetProperty("moves", out var mv) && mv.ValueKind == JsonValueKind.Array ? [.. mv.EnumerateArray().Select(e => e.GetInt32())] : null;
        return new SeekMessage(S("type") ?? "", arrived, S("gameId"), S("seekId"), S("color"), S("status"), S("you"),
            I("ply"), I("column"), moves, S("playerId"), S("code"));
    }
}
