namespace Connect4.Gateway;

/// <summary>Builds the gateway application; <c>Program.cs</c> and the tests both start it from here.</summary>
public static class GatewayApp
{
    /// <summary>Builds the app from <paramref name="args"/>, environment and appsettings; <paramref name="configure"/> runs last.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        return app;
    }
}
