using System.Collections.Concurrent;
using System.Reflection;

namespace Connect4.Runtime.Messaging;

/// <summary>What the runtime knows about one method of a grain or observer interface.</summary>
public sealed class InterfaceMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, InterfaceMethod> ByMethod = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, InterfaceMethod>> ByInterface = new();

    private InterfaceMethod(MethodInfo method)
    {
        Method = method;
        Interface = method.DeclaringType!;
        Parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        Key = $"{method.Name}/{Parameters.Length}";
        if (method.ReturnType == typeof(Task))
        {
            ResultType = null;
        }
        else if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            ResultType = method.ReturnType.GetGenericArguments()[0];
        }
        else
        {
            throw new NotSupportedException(
                $"{Interface.FullName}.{method.Name} returns {method.ReturnType.Name}; grain and observer methods must return Task or Task<T>.");
        }

        AlwaysInterleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null;
        OneWay = method.GetCustomAttribute<OneWayAttribute>() is not null;
        if (OneWay && ResultType is not null)
        {
            throw new NotSupportedException($"{Interface.FullName}.{method.Name} is [OneWay] but returns a value; one-way methods return Task.");
        }

        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        Invoker = MethodInvoker.Create(method);
    }

    public MethodInfo Method { get; }

    public Type Interface { get; }

    /// <summary>The method's name and arity: unique within an interface (overloads of equal arity are refused).</summary>
    public string Key { get; }

    public Type[] Parameters { get; }

    /// <summary>The T of Task&lt;T&gt;, or null for Task.</summary>
    public Type? ResultType { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>The caller does not wait for the call (see <see cref="OneWayAttribute"/>).</summary>
    public bool OneWay { get; }

    /// <summary>The method's own deadline, from <see cref="ResponseTimeoutAttribute"/>.</summary>
    public TimeSpan? Timeout { get; }

    internal MethodInvoker Invoker { get; }

    public static InterfaceMethod For(MethodInfo method) => ByMethod.GetOrAdd(method, static m => new InterfaceMethod(m));

    /// <summary>The methods of an interface and the interfaces it extends, by key.</summary>
    public static IReadOnlyDictionary<string, InterfaceMethod> Table(Type interfaceType) => ByInterface.GetOrAdd(interfaceType, static t =>
    {
        var table = new Dictionary<string, InterfaceMethod>(StringComparer.Ordinal);
        foreach (var type in t.GetInterfaces().Append(t))
        {
            foreach (var method in type.GetMethods())
            {
                var entry = For(method);
                if (!table.TryAdd(entry.Key, entry) && table[entry.Key].Method != method)
                {
                    throw new NotSupportedException($"{t.FullName} has two methods with key {entry.Key}; overloads must differ in arity.");
                }
            }
        }

        return table;
    });

    public override string ToString() => $"{Interface.Name}.{Method.Name}";
}
