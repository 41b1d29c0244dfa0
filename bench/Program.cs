// The benchmark tool: dotnet run -c Release --project bench -- <subcommand> [options]; --help lists them.
// A console tool: its report goes to stdout, progress to stderr.
using System.CommandLine;
using Connect4.Bench.Failover;
using Connect4.Bench.Load;

var root = new RootCommand("Connect 4 benchmarks against running gateways and the local cluster.")
{
    LoadCommand.Create(),
    Connect4.Bench.Broadcast.BroadcastCommand.Create(),
    FailoverCommand.Create(),
    Connect4.Bench.Baseline.BaselineCommand.Create(),
    Connect4.Bench.Baseline.EchoServerCommand.Create(),
    Connect4.Bench.Hold.HoldCommand.Create(),
    Connect4.Bench.Solving.SolverCommand.Create(),
    Connect4.Bench.Solving.BookCommand.Create(),
    Connect4.Bench.Solving.BotSearchCommand.Create(),
    Connect4.Bench.Solving.TournamentCommand.Create(),
    Connect4.Bench.Micro.MicroCommand.Create(),
    Connect4.Bench.Clocks.ClocksCommand.Create(),
    Connect4.Bench.Seek.SeekCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
