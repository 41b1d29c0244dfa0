using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace Connect4.Runtime.Activations;

/// <summary>Reads the result of a completed Task&lt;T&gt; without per-call reflection.</summary>
internal static class TaskResults
{
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> Readers = new();

    public static object? Get(Task completed) => Readers.GetOrAdd(completed.GetType(), static type =>
    {
        var task = Expression.Parameter(typeof(Task));
        var result = Expression.Property(Expression.Convert(task, type), "Result");
        return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
    })(completed);
}
