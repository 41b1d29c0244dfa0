using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Connect4.Bench.Failover;

/// <summary>
/// The silos' failure detection settings (Orleans' <see cref="ClusterMembershipOptions"/>), as the silos that
/// cluster.sh starts get them: the project's tuning (<see cref="OrleansTuning"/>) with this process's environment over
/// it, which those silos inherit (<c>Orleans__Membership__ProbeTimeout</c> and the others).
/// </summary>
internal sealed record MembershipSettings(TimeSpan ProbeTimeout, int NumMissedProbesLimit, int NumVotesForDeathDeclaration, IReadOnlyList<string> FromEnvironment)
{
    private static readonly string[] Names =
    [
        nameof(ClusterMembershipOptions.ProbeTimeout), nameof(ClusterMembershipOptions.NumMissedProbesLimit),
        nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration),
    ];

    public static MembershipSettings FromThisEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        OrleansTuning.ConfigureSilo(services, configuration);
        using var provider = services.BuildServiceProvider();
        var o = provider.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var membership = configuration.GetSection(OrleansTuning.SectionName).GetSection("Membership");
        return new MembershipSettings(o.ProbeTimeout, o.NumMissedProbesLimit, o.NumVotesForDeathDeclaration,
            Names.Where(n => membership[n] is not null).Select(n => $"{OrleansTuning.SectionName}__Membership__{n}").ToList());
    }

    public string Text =>
        $"ProbeTimeout {ProbeTimeout.TotalSeconds:0.###} s, NumMissedProbesLimit {NumMissedProbesLimit}, NumVotesForDeathDeclaration {NumVotesForDeathDeclaration} " +
        (FromEnvironment.Count == 0 ? "(the project's defaults)" : $"({string.Join(", ", FromEnvironment)} from the environment)");

    /// <summary>The settings as the report's JSON shows them.</summary>
    public object Json() => new
    {
        probeTimeoutMs = ProbeTimeout.TotalMilliseconds,
        numMissedProbesLimit = NumMissedProbesLimit,
        numVotesForDeathDeclaration = NumVotesForDeathDeclaration,
    };
}
