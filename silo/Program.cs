using Connect4.SiloHost;

// A silo: hosts grains for the cluster named by the Cluster settings (Cluster__Redis, Cluster__ClusterId,
// Cluster__Port, Cluster__GatewayPort, ...), with /healthz and /readyz on ASPNETCORE_URLS (default http://127.0.0.1:5100).
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.UseConnect4(builder.Configuration));
builder.Services.AddSiloHealth();
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5100");
}

var app = builder.Build();
app.MapSiloHealth();
app.Run();
