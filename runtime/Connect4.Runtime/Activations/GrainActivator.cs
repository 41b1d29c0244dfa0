using System.Collections.Concurrent;
using System.Reflection;
using Connect4.Runtime.Serialization;
using Connect4.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Runtime.Activations;

/// <summary>
/// Creates grain instances: the public constructor with the most parameters, each parameter from the
/// service provider, except <see cref="IPersistentState{TState}"/> parameters marked with
/// <see cref="PersistentStateAttribute"/>, which get state bound to this grain in the configured storage.
/// The constructor and what each parameter needs are worked out once per grain class.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, GrainTypeRegistry types, IGrainStorage storage, RuntimeSerializer serializer)
{
    private readonly ConcurrentDictionary<Type, Plan> _plans = new();

    public (Grain Grain, IReadOnlyList<IStateLoader> States) Create(Activation activation)
    {
        var plan = _plans.GetOrAdd(types.GetGrainClass(activation.GrainId.Type), Plan.For);
        var states = new List<IStateLoader>(plan.StateCount);
        var args = new object?[plan.Parameters.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var parameter = plan.Parameters[i];
            if (parameter.StateName is { } name)
            {
                var state = (IStateLoader)Activator.CreateInstance(parameter.Type, name, activation.GrainId, storage, serializer)!;
                states.Add(state);
                args[i] = state;
            }
            else
            {
                args[i] = services.GetRequiredService(parameter.Type);
            }
        }

        var grain = (Grain)plan.Constructor.Invoke(args);
        grain.Context = activation;
        return (grain, states);
    }

    /// <summary>
    /// One constructor parameter: a service of <see cref="Type"/>, or (with a <see cref="StateName"/>) persistent
    /// state, made as <see cref="Type"/> (a <see cref="PersistentState{TState}"/>).
    /// </summary>
    private readonly record struct Parameter(Type Type, string? StateName);

    private sealed record Plan(ConstructorInfo Constructor, Parameter[] Parameters, int StateCount)
    {
        public static Plan For(Type grainClass)
        {
            var ctor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"{grainClass.FullName} has no public constructor.");
            var parameters = ctor.GetParameters().Select(Resolve).ToArray();
            return new Plan(ctor, parameters, parameters.Count(p => p.StateName is not null));
        }

        private static Parameter Resolve(ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>))
            {
                var name = parameter.GetCustomAttribute<PersistentStateAttribute>()?.StateName
                    ?? throw new InvalidOperationException($"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType?.Name} needs [PersistentState(\"name\")].");
                return new Parameter(typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]), name);
            }

            return new Parameter(type, null);
        }
    }
}
