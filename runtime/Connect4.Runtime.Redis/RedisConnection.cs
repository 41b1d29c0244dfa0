using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Connect4.Runtime.Redis;

/// <summary>
/// This process's connection to Redis: one <see cref="ConnectionMultiplexer"/>, opened on first use from a
/// StackExchange.Redis configuration string and shared by grain storage and the membership table.
/// It is opened with <c>abortConnect=false</c> whatever the string says, so a node starts while Redis is down
/// and the multiplexer reconnects by itself; until it has, operations fail with an exception.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger<RedisConnection> _logger;
    private readonly object _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _disposed;

    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <param name="logger">Where connection failures and restorations are logged.</param>
    public RedisConnection(string configuration, ILogger<RedisConnection>? logger = null)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("The Redis configuration string is empty; it must name a server, e.g. '127.0.0.1:6379'.", nameof(configuration));
        }

        _configuration = ConfigurationOptions.Parse(configuration);
        _configuration.AbortOnConnectFail = false;
        _logger = logger ?? NullLogger<RedisConnection>.Instance;
        OperationTimeout = TimeSpan.FromMilliseconds(Math.Max(_configuration.SyncTimeout, 5000));
    }

    /// <summary>
    /// How long one operation may take before it fails with a <see cref="TimeoutException"/>: the configuration's
    /// <c>syncTimeout</c>, at least 5 s. (StackExchange.Redis 1.2 does not time out asynchronous operations itself.)
    /// </summary>
    public TimeSpan OperationTimeout { get; }

    /// <summary>True while the multiplexer has a working connection.</summary>
    public bool IsConnected => _connecting is { IsCompletedSuccessfully: true } connecting && connecting.Result.IsConnected;

    /// <summary>The database of the configuration (opening the connection if it is not yet open).</summary>
    public async Task<IDatabase> GetDatabaseAsync() => (await GetMultiplexerAsync()).GetDatabase();

    /// <summary>The pub/sub subscriber (opening the connection if it is not yet open).</summary>
    public async Task<ISubscriber> GetSubscriberAsync() => (await GetMultiplexerAsync()).GetSubscriber();

    /// <summary>Runs one Redis operation with <see cref="OperationTimeout"/>; faults surface as exceptions.</summary>
    internal async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        var database = await GetDatabaseAsync();
        return await operation(database).WaitAsync(OperationTimeout);
    }

    /// <summary>The multiplexer, opened on the first call. A failed open is retried by the next call.</summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            return _connecting;
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration.Clone());
        multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.Exception, e.EndPoint?.ToString() ?? "(unknown)", e.ConnectionType, e.FailureType);
        multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint?.ToString() ?? "(unknown)", e.ConnectionType);
        multiplexer.InternalError += (_, e) => LogInternalError(e.Exception, e.EndPoint?.ToString() ?? "(unknown)", e.Origin ?? "(unknown)");
        if (multiplexer.IsConnected)
        {
            LogConnected(_configuration.ToString(includePassword: false));
        }
        else
        {
            LogStartedDisconnected(_configuration.ToString(includePassword: false));
        }

        return multiplexer;
    }

    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is { IsCompletedSuccessfully: true })
        {
            Close(connecting.Result);
        }
        else
        {
            connecting?.ContinueWith(
                t => Close(t.Result),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Closes without waiting for pending commands: StackExchange.Redis 1.2's Dispose waits up to the sync timeout
    /// for a QUIT reply, which blocks a stopping node for seconds.
    /// </summary>
    private static void Close(ConnectionMultiplexer multiplexer)
    {
        multiplexer.Close(allowCommandsToComplete: false);
        multiplexer.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(1200, LogLevel.Information, "Connected to Redis at {Configuration}")]
    private partial void LogConnected(string configuration);

    [LoggerMessage(1201, LogLevel.Warning, "Redis at {Configuration} is unreachable; this node starts anyway and keeps reconnecting")]
    private partial void LogStartedDisconnected(string configuration);

    [LoggerMessage(1202, LogLevel.Warning, "The {ConnectionType} connection to Redis at {EndPoint} failed ({FailureType}); reconnecting")]
    private partial void LogConnectionFailed(Exception? exception, string endPoint, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(1203, LogLevel.Information, "The {ConnectionType} connection to Redis at {EndPoint} was restored")]
    private partial void LogConnectionRestored(string endPoint, ConnectionType connectionType);

    [LoggerMessage(1204, LogLevel.Debug, "The Redis client reported an internal error at {EndPoint} in {Origin}")]
    private partial void LogInternalError(Exception exception, string endPoint, string origin);
}
