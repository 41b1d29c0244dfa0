using Connect4.SiloHost;
using Microsoft.Extensions.Hosting;

// A silo on its own, with in-memory storage: it serves the grains of this process only until the cluster
// transport arrives. The gateway hosts the same silo in-process (the embedded mode).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddConnect4Silo(builder.Configuration);
await builder.Build().RunAsync();
