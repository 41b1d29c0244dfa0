using System.Reflection;
using Connect4.Runtime.Activations;
using Connect4.Runtime.Membership;
using Connect4.Runtime.Storage;
using Connect4.Runtime.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Runtime.Hosting;

/// <summary>Configures a silo: which grains it hosts, where their state lives, and whether it joins a cluster.</summary>
public sealed class SiloBuilder(IServiceCollection services, GrainTypeRegistry types)
{
    public IServiceCollection Services { get; } = services;

    internal bool Clustered { get; private set; }

    /// <summary>Hosts every grain class of <paramref name="assembly"/>.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        types.AddAssembly(assembly);
        return this;
    }

    /// <summary>Makes an interface callable on this node (observer interfaces; grain interfaces come with their grains).</summary>
    public SiloBuilder AddInterface<TInterface>() where TInterface : IAddressable
    {
        types.AddInterface(typeof(TInterface));
        return this;
    }

    /// <summary>Keeps grain state in this process's memory (the default).</summary>
    public SiloBuilder UseInMemoryStorage()
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage, InMemoryGrainStorage>());
        return this;
    }

    /// <summary>
    /// Joins the cluster described by the <c>Cluster</c> settings: the node listens for other nodes, heartbeats
    /// in the membership table (an <see cref="IMembershipTable"/> must be registered) and places grains by
    /// rendezvous hashing over the active silos.
    /// </summary>
    public SiloBuilder UseClustering()
    {
        Clustered = true;
        return this;
    }
}

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo to the host: its grains, the <see cref="IGrainFactory"/> and <see cref="IClusterClient"/> to
    /// call them, and a hosted service that runs idle collection and, on stop, deactivates every grain.
    /// Runtime settings bind from the <c>Runtime</c> section, cluster settings from <c>Cluster</c>.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration, Action<SiloBuilder> configure)
    {
        var types = AddNodeCore(services, configuration, NodeRole.Silo);
        services.TryAddSingleton<IGrainStorage, InMemoryGrainStorage>();
        services.AddSingleton(sp => new Silo(
            sp.GetRequiredService<GrainFactory>(),
            new GrainActivator(sp, types, sp.GetRequiredService<IGrainStorage>(), sp.GetRequiredService<GrainFactory>().Serializer),
            types,
            sp.GetRequiredService<IOptions<RuntimeOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RuntimeLog>()));
        var builder = new SiloBuilder(services, types);
        configure(builder);
        if (builder.Clustered)
        {
            AddClusterCore(services, sp => sp.GetRequiredService<Silo>());
        }
        else
        {
            services.AddSingleton<IGrainCallRouter>(sp => new LocalRouter(sp.GetRequiredService<Silo>(), sp.GetRequiredService<ObserverRegistry>()));
            services.AddHostedService(sp => new StandaloneSiloService(
                sp.GetRequiredService<Silo>(), sp.GetRequiredService<NodeIdentity>(), sp.GetRequiredService<RuntimeLog>()));
        }

        return services;
    }

    /// <summary>
    /// Adds a cluster client: a node that calls grains hosted by the cluster's silos and hosts observers for
    /// them, but hosts no grains. <paramref name="interfaces"/> lists the observer interfaces it implements.
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, IConfiguration configuration, params Type[] interfaces)
    {
        var types = AddNodeCore(services, configuration, NodeRole.Client);
        foreach (var type in interfaces)
        {
            types.AddInterface(type);
        }

        AddClusterCore(services, _ => null);
        return services;
    }

    /// <summary>
    /// Binds options of type <typeparamref name="T"/> to a configuration section and checks them when the host starts;
    /// <paramref name="validate"/> throws with a message naming the setting, its value and the rule.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Action<T> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section))
            .Validate(options =>
            {
                validate(options);
                return true;
            })
            .ValidateOnStart();
        return services;
    }

    private static GrainTypeRegistry AddNodeCore(IServiceCollection services, IConfiguration configuration, NodeRole role)
    {
        var types = new GrainTypeRegistry();
        services.AddSingleton(types);
        services.AddSingleton(NodeIdentity.New(role));
        services.AddValidatedOptions<RuntimeOptions>(configuration, RuntimeOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<ClusterOptions>(configuration, ClusterOptions.SectionName, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RuntimeLog>();
        services.AddSingleton(sp => new ObserverRegistry(sp.GetRequiredService<NodeIdentity>().NodeId, types));
        services.AddSingleton<IObserverLiveness>(sp => new ObserverLiveness(sp.GetRequiredService<ObserverRegistry>(), sp));
        services.AddSingleton(sp => new GrainFactory(
            new Lazy<IGrainCallRouter>(sp.GetRequiredService<IGrainCallRouter>),
            types,
            sp.GetRequiredService<ObserverRegistry>(),
            sp.GetRequiredService<IOptions<RuntimeOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        return types;
    }

    private static void AddClusterCore(IServiceCollection services, Func<IServiceProvider, Silo?> silo)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClusterOptions>>().Value);
        services.AddSingleton(sp => new MembershipService(
            sp.GetRequiredService<IMembershipTable>(), sp.GetRequiredService<ClusterOptions>(), sp.GetRequiredService<ILogger<MembershipService>>()));
        services.AddSingleton(sp => new NodeConnector(sp.GetRequiredService<NodeIdentity>().NodeId, sp.GetRequiredService<ClusterOptions>()));
        services.AddSingleton(sp => new ClusterRouter(
            silo(sp),
            sp.GetRequiredService<ObserverRegistry>(),
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<NodeConnector>(),
            sp.GetRequiredService<GrainFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterRouter>>()));
        services.AddSingleton<IGrainCallRouter>(sp => sp.GetRequiredService<ClusterRouter>());
        services.AddSingleton(sp => new NodeConnectionHandler(sp.GetRequiredService<ClusterRouter>()));
        services.AddSingleton(sp => new NodeListener(sp.GetRequiredService<NodeConnectionHandler>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new ClusterNodeService(
            silo(sp),
            sp.GetRequiredService<NodeIdentity>(),
            sp.GetRequiredService<ClusterOptions>(),
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<NodeListener>(),
            sp.GetRequiredService<NodeConnectionHandler>(),
            sp.GetRequiredService<NodeConnector>(),
            sp.GetRequiredService<ClusterRouter>(),
            sp.GetRequiredService<RuntimeLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterNodeService>());
    }
}
