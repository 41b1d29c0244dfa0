using System.Reflection;
using Connect4.Runtime.Serialization;
using Connect4.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Runtime.Activations;

/// <summary>
/// Creates grain instances: the public constructor with the most parameters, each parameter from the
/// service provider, except <see cref="IPersistentState{TState}"/> parameters marked with
/// <see cref="PersistentStateAttribute"/>, which get state bound to this grain in the configured storage.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, GrainTypeRegistry types, IGrainStorage storage, RuntimeSerializer serializer)
{
    public (Grain Grain, IReadOnlyList<IStateLoader> States) Create(Activation activation)
    {
        var grainClass = types.GetGrainClass(activation.GrainId.Type);
        var ctor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{grainClass.FullName} has no public constructor.");
        var states = new List<IStateLoader>();
        var args = ctor.GetParameters().Select(p => Resolve(p, activation.GrainId, states)).ToArray();
        var grain = (Grain)ctor.Invoke(args);
        grain.Context = activation;
        return (grain, states);
    }

    private object? Resolve(ParameterInfo parameter, GrainId grainId, List<IStateLoader> states)
    {
        var type = parameter.ParameterType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>))
        {
            var name = parameter.GetCustomAttribute<PersistentStateAttribute>()?.StateName
                ?? throw new InvalidOperationException($"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType?.Name} needs [PersistentState(\"name\")].");
            var state = (IStateLoader)Activator.CreateInstance(
                typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]), name, grainId, storage, serializer)!;
            states.Add(state);
            return state;
        }

        return services.GetRequiredService(type);
    }
}
