using Connect4.Engine.Bots;

namespace Connect4.SiloHost;

/// <summary>Creates the bot when the silo starts, so that its code is compiled and its book read before the first bot game.</summary>
internal sealed class BotWarmUp(BotPlayer bot) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(bot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
