using System.Reflection;

namespace Connect4.Runtime;

/// <summary>
/// Maps grain interfaces to grain type names and, on a silo, to the classes that implement them.
/// A grain type name comes from the interface: <c>IGameGrain</c> is "game" (as Orleans names grain types
/// after their class), so a client that has the interfaces alone can address any grain.
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, Type> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _interfaces = new(StringComparer.Ordinal);

    /// <summary>Registers every non-abstract <see cref="Grain"/> class of <paramref name="assembly"/> and its grain interfaces.</summary>
    public void AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)))
        {
            AddGrainClass(type);
        }
    }

    /// <summary>Registers one grain class under each grain interface it implements.</summary>
    public void AddGrainClass(Type grainClass)
    {
        foreach (var iface in grainClass.GetInterfaces().Where(i => typeof(IGrainWithStringKey).IsAssignableFrom(i) && i != typeof(IGrainWithStringKey)))
        {
            var name = TypeNameOf(iface);
            if (_classes.TryGetValue(name, out var existing) && existing != grainClass)
            {
                throw new InvalidOperationException($"Grain interface {iface.FullName} is implemented by both {existing.FullName} and {grainClass.FullName}.");
            }

            _classes[name] = grainClass;
            AddInterface(iface);
        }
    }

    /// <summary>Registers an interface so that calls naming it can be dispatched (grain and observer interfaces).</summary>
    public void AddInterface(Type iface)
    {
        _interfaces[iface.FullName!] = iface;
    }

    /// <summary>The grain type name for a grain interface.</summary>
    public static string TypeNameOf(Type grainInterface)
    {
        var name = grainInterface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    /// <summary>The class that implements a grain type on this silo.</summary>
    public Type GetGrainClass(string grainType) =>
        _classes.TryGetValue(grainType, out var type)
            ? type
            : throw new InvalidOperationException($"No grain class for grain type '{grainType}' is registered on this silo.");

    /// <summary>An interface by full name; interfaces seen in a reference are learned on first use.</summary>
    public Type GetInterface(string fullName)
    {
        lock (_interfaces)
        {
            if (_interfaces.TryGetValue(fullName, out var type))
            {
                return type;
            }
        }

        throw new InvalidOperationException($"Interface '{fullName}' is not known to this node.");
    }

    internal void Learn(Type iface)
    {
        lock (_interfaces)
        {
            _interfaces.TryAdd(iface.FullName!, iface);
        }
    }
}
