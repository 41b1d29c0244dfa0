using System.Collections.Concurrent;
using System.Reflection;
using Connect4.Runtime.Messaging;

namespace Connect4.Runtime;

/// <summary>
/// The typed reference behind <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> and observer references:
/// a <see cref="DispatchProxy"/> that turns each interface call into an <see cref="InvokeRequest"/>.
/// Two references are equal when they name the same grain or observer.
/// </summary>
public class GrainProxy : DispatchProxy, IGrainReference
{
    private static readonly ConcurrentDictionary<Type, Func<Task<object?>, object>> Casts = new();
    private static readonly MethodInfo CastMethod = typeof(GrainProxy).GetMethod(nameof(Cast), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainFactory? _factory;

    /// <inheritdoc />
    public GrainId GrainId { get; private set; }

    internal void Bind(GrainFactory factory, GrainId id)
    {
        _factory = factory;
        GrainId = id;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = InterfaceMethod.For(targetMethod);
        var call = _factory!.InvokeAsync(GrainId, method, args);
        if (method.ResultType is null)
        {
            return call;
        }

        return Casts.GetOrAdd(method.ResultType, static t => CastMethod.MakeGenericMethod(t).CreateDelegate<Func<Task<object?>, object>>())(call);
    }

    private static async Task<T> Cast<T>(Task<object?> call) => (T)(await call)!;

    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
