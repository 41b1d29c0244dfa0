using Connect4.SiloHost;

// A silo: hosts grains for the cluster named by the Cluster settings (Cluster__Redis, Cluster__ClusterId,
// Cluster__Port, Cluster__GatewayPort, ...), with /healthz, /readyz, /games, /metrics (and /dashboard when
// Dashboard__Enabled) on ASPNETCORE_URLS (default http://127.0.0.1:5100).
SiloApp.Build(args).Run();
