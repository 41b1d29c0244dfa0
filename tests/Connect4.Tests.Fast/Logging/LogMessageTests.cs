using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Fast.Logging;

/// <summary>
/// Every log line of ours that speaks of a player or a game carries the id as a structured property (README,
/// "Logs"), so a JSON log can be searched by it: checked on every <c>[LoggerMessage]</c> in the project's assemblies.
/// </summary>
public sealed partial class LogMessageTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Connect4.Engine.Bots.BotPlayer).Assembly,
        typeof(Connect4.Grains.Games.GameGrain).Assembly,
        typeof(Connect4.SiloHost.SiloApp).Assembly,
        typeof(Connect4.Gateway.GatewayApp).Assembly,
    ];

    private static IEnumerable<(string Where, LoggerMessageAttribute Message)> Messages() =>
        from assembly in Assemblies
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select ($"{type.Name}.{method.Name}", attribute);

    [Fact]
    public void Every_message_about_a_player_or_a_game_names_it_by_id()
    {
        var messages = Messages().ToList();
        Assert.True(messages.Count > 40, $"found only {messages.Count} [LoggerMessage] methods");
        var missing = messages
            .Where(m => (Speaks(m.Message.Message, "player") && !PlayerIdProperty().IsMatch(m.Message.Message))
                        || (Speaks(m.Message.Message, "game") && !m.Message.Message.Contains("{GameId}", StringComparison.Ordinal)))
            .Select(m => $"{m.Where}: {m.Message.Message}")
            .ToList();
        Assert.True(missing.Count == 0, "messages that speak of a player or game without its id:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Event_ids_are_unique()
    {
        var duplicates = Messages().Where(m => m.Message.EventId != 0).GroupBy(m => m.Message.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}").ToList();
        Assert.True(duplicates.Count == 0, "event ids used twice:\n" + string.Join("\n", duplicates));
    }

    /// <summary>The word itself, outside a placeholder ("game" but not "{GameId}" or "games").</summary>
    private static bool Speaks(string template, string word) =>
        Regex.IsMatch(Placeholder().Replace(template, ""), $@"\b{word}\b", RegexOptions.IgnoreCase);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{[A-Za-z]*PlayerId\}")]
    private static partial Regex PlayerIdProperty();
}
