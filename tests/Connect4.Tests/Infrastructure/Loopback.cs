using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Tests.Infrastructure;

/// <summary>Ports and addresses on the loopback interface, for the servers the tests start.</summary>
public static class Loopback
{
    /// <summary>A port no one listens on now (free until someone takes it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><see cref="FreePort"/> as a configuration value.</summary>
    public static string FreePortSetting() => FreePort().ToString(CultureInfo.InvariantCulture);

    /// <summary>Where a started app listens (it was given <c>--urls http://127.0.0.1:0</c>), ending with a slash.</summary>
    public static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
