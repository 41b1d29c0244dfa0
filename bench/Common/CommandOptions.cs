using System.CommandLine;

namespace Connect4.Bench.Common;

/// <summary>Options the commands share the shape of.</summary>
internal static class CommandOptions
{
    /// <summary>A repeatable <c>--url</c> (default http://127.0.0.1:5000), each checked to make a WebSocket URI.</summary>
    public static Option<string[]> Url(string description)
    {
        var url = new Option<string[]>("--url")
        {
            Description = description,
            DefaultValueFactory = _ => ["http://127.0.0.1:5000"],
            Arity = ArgumentArity.OneOrMore,
        };
        url.Validators.Add(r =>
        {
            foreach (var u in r.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    Endpoints.WebSocket(u, "/");
                }
                catch (ArgumentException e)
                {
                    r.AddError(e.Message);
                }
            }
        });
        return url;
    }

    public static Option<T> Bounded<T>(Option<T> option, T min, T max)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<T>();
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            {
                r.AddError($"{option.Name} must be from {min} to {max}, not {value}.");
            }
        });
        return option;
    }
}
