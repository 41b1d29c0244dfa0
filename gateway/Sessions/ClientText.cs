using System.Text.Json;

namespace Connect4.Gateway.Sessions;

/// <summary>Reads strings a client sent, which may not be text at all.</summary>
internal static class ClientText
{
    /// <summary>
    /// The string value of <paramref name="value"/>, false when it cannot be one: valid JSON may escape a lone UTF-16
    /// surrogate (<c>"\ud83d"</c>), which no string of text holds and which <see cref="JsonElement.GetString"/> refuses
    /// with an exception.
    /// </summary>
    public static bool TryRead(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>The error message for a field whose string is not text.</summary>
    public static string Unreadable(string name) => $"'{name}' is not valid text (it holds a lone UTF-16 surrogate).";
}
