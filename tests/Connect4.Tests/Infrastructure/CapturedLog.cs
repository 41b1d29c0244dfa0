using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry at <see cref="LogLevel.Error"/> or above (a <c>fail:</c> or <c>crit:</c>
/// line), so a test can assert that hostile input found no bug.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _failures = new();

    /// <summary>The captured entries: level, category, message and exception.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._failures.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
