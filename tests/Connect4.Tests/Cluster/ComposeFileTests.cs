using System.Diagnostics;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Cluster;

/// <summary>docker-compose.yml cannot run here (no Docker engine), so it is parsed by Debian's docker-compose, which must accept it.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task Docker_compose_accepts_the_compose_file()
    {
        var root = Repository.Root;
        var start = new ProcessStartInfo("docker-compose", ["-f", "docker-compose.yml", "config", "-q"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"docker-compose is not installed (apt-get install -y docker-compose): {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, $"docker-compose config -q exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
