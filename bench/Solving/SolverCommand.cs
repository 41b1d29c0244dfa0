using System.CommandLine;
using Connect4.Engine.Solving;

namespace Connect4.Bench.Solving;

/// <summary>The <c>solver</c> subcommand: see <see cref="SolverBenchmark"/>.</summary>
internal static class SolverCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder")
        {
            Description = "A folder of test-set files named Test_* (lines: '<moves as digits 1-7> <score>'), "
                          + "e.g. /work/shared/data/connect4.",
        };
        var first = new Option<int?>("--first") { Description = "Only the first N lines of each file." };
        var weak = new Option<bool>("--weak")
        {
            Description = "Solve win/draw/loss only (checked against the sign of the expected score).",
        };
        var tableBits = new Option<int>("--table-bits")
        {
            Description = "Transposition table of 2^B entries, 8 bytes each.",
            DefaultValueFactory = _ => Solver.DefaultTableBits,
        };

        var command = new Command(
            "solver",
            "Solves every position of each test-set file, each from an empty transposition table, and prints per file "
            + "the positions, how many were solved right, the mean time and positions explored, beside Pascal Pons' "
            + "published figures. Exit status 1 when any score is wrong.")
        {
            folder, first, weak, tableBits,
        };
        command.SetAction(parse => SolverBenchmark.Run(
            parse.GetValue(folder)!, parse.GetValue(first), parse.GetValue(weak), parse.GetValue(tableBits)));
        return command;
    }
}
