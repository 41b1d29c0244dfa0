using System.Globalization;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// Access to the public Connect 4 test positions (Pascal Pons' test sets). They are not copied into
/// the repository: they are found through the CONNECT4_DATA environment variable or next to it.
/// </summary>
public static class TestData
{
    /// <summary>The environment variable that overrides where the test positions are looked for.</summary>
    public const string EnvironmentVariable = "CONNECT4_DATA";

    private const string RelativeFolder = "shared/data/connect4";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)))
        {
            return null; // Set on purpose: a wrong value must fail the tests, not skip them.
        }

        try
        {
            _ = Connect4Folder;
            return null;
        }
        catch (DirectoryNotFoundException e)
        {
            return "The public test positions are not beside this checkout (../shared/data/connect4), so this test "
                + $"cannot run here; set {EnvironmentVariable} to run it. {e.Message}";
        }
    });

    /// <summary>
    /// Why tests that need the public positions cannot run here, or null when the folder was found (or
    /// <c>CONNECT4_DATA</c> names one: then a wrong value fails those tests rather than skipping them).
    /// </summary>
    public static string? MissingReason => Missing.Value;

    /// <summary>
    /// The folder of the public test positions: <c>CONNECT4_DATA</c> when set, else the first
    /// <c>shared/data/connect4</c> found by walking up from <see cref="AppContext.BaseDirectory"/>,
    /// checking <c>&lt;ancestor&gt;/shared/data/connect4</c> and <c>&lt;ancestor&gt;/../shared/data/connect4</c>.
    /// Throws <see cref="DirectoryNotFoundException"/> saying where it looked when there is none.
    /// </summary>
    public static string Connect4Folder
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                string full = Path.GetFullPath(fromEnvironment);
                if (!Directory.Exists(full))
                {
                    throw new DirectoryNotFoundException(
                        $"{EnvironmentVariable} is set to '{fromEnvironment}', but the folder '{full}' does not exist. "
                        + $"Set {EnvironmentVariable} to the folder holding Test_L3_R1, Test_L2_R1, Test_L2_R2 and Test_L1_R1.");
                }

                return full;
            }

            var looked = new List<string>();
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                foreach (string candidate in new[]
                {
                    Path.Combine(dir.FullName, RelativeFolder),
                    Path.GetFullPath(Path.Combine(dir.FullName, "..", RelativeFolder)),
                })
                {
                    if (looked.Contains(candidate))
                    {
                        continue;
                    }

                    looked.Add(candidate);
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new DirectoryNotFoundException(
                $"The Connect 4 test positions were not found. Looked for '{RelativeFolder}' in these folders "
                + $"(walking up from '{AppContext.BaseDirectory}'):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", looked)
                + $"{Environment.NewLine}Set the environment variable {EnvironmentVariable} to the folder holding "
                + "Test_L3_R1, Test_L2_R1, Test_L2_R2 and Test_L1_R1, e.g. CONNECT4_DATA=/path/to/shared/data/connect4.");
        }
    }

    /// <summary>
    /// The positions of a test file: lines "&lt;digits&gt; &lt;score&gt;" (moves as 1-based column digits,
    /// then the exact score for the player to move). <paramref name="file"/> is a file name inside
    /// <see cref="Connect4Folder"/> (e.g. "Test_L3_R1") or a path to an existing file. Blank lines are
    /// skipped; a malformed line throws <see cref="FormatException"/> naming the file and line.
    /// </summary>
    public static IEnumerable<(string Moves, int Score)> ReadPositions(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);

        string path = Path.IsPathRooted(file) || File.Exists(file) ? file : Path.Combine(Connect4Folder, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Test position file '{path}' does not exist.", path);
        }

        return Parse(path);
    }

    private static IEnumerable<(string Moves, int Score)> Parse(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !parts[0].All(c => c is >= '1' and <= '7')
                || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int score))
            {
                throw new FormatException(
                    $"{path}:{lineNumber}: expected '<column digits 1-7> <score>', got '{line}'.");
            }

            yield return (parts[0], score);
        }
    }
}

/// <summary>A fact that needs the public test positions: reported as skipped, with the reason, where they are not present.</summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute()
    {
        if (TestData.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs the public test positions: reported as skipped, with the reason, where they are not present.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute()
    {
        if (TestData.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
