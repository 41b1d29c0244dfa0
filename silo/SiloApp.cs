using Connect4.SiloHost.Operations;

namespace Connect4.SiloHost;

/// <summary>Builds a silo's application; <c>Program.cs</c> and the tests both start it from here.</summary>
public static class SiloApp
{
    /// <summary>The HTTP address when neither <c>ASPNETCORE_URLS</c> nor <c>--urls</c> gives one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5100";

    /// <summary>
    /// A silo of the cluster named by the <c>Cluster</c> settings, with <c>/healthz</c>, <c>/readyz</c>, <c>/games</c>,
    /// <c>/metrics</c> and, when <c>Dashboard:Enabled</c>, <c>/dashboard</c>; <paramref name="configure"/> runs last.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.UseOrleans(silo => silo.UseConnect4(builder.Configuration));
        builder.Services.AddSiloHealth(builder.Configuration);
        builder.Services.AddConnect4Metrics(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.MapSiloHealth();
        app.MapConnect4Metrics();
        app.MapConnect4Dashboard();
        return app;
    }
}
