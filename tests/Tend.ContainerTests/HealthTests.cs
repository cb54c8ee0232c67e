using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>The image's HEALTHCHECK CMD ["tend", "health"], run by `podman healthcheck run`.</summary>
public class HealthTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task The_image_HEALTHCHECK_turns_healthy_once_ready_and_unhealthy_when_a_critical_program_is_stopped()
    {
        await Task.Yield();
        // The image carries the Dockerfile's HEALTHCHECK (built with --format docker; OCI drops it).
        var test = Podman.Ok("image", "inspect", "--format", "{{json .HealthCheck.Test}}", Images.Tend).Trim();
        Assert.Equal("""["CMD","tend","health"]""", test);

        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              db:
                command: {Sh("echo db starting; while [ ! -e /tmp/db-may-start ]; do sleep 0.1; done; touch /tmp/db-ready; echo db ready; exec sleep 1000")}
                readiness:
                  exec: ["test", "-e", "/tmp/db-ready"]
                  interval: 200ms
                critical: true
              web:
                command: {Graceful("web")}
                depends_on:
                  db:
                    condition: ready
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);
        c.WaitForLine(@"^db\s+\| db starting$");

        var (code, output) = c.HealthcheckRun();
        Assert.Equal(1, code); // db is not ready yet, and web waits for it
        Assert.Contains("unhealthy", output);

        Assert.Equal(0, c.Exec("touch", "/tmp/db-may-start").Code);
        c.WaitForHealth("healthy");
        c.WaitForLine(@"^web\s+\| web up$");

        var stop = c.Exec("tend", "ctl", "stop", "db");
        Assert.True(stop.Code == 0, $"tend ctl stop db: {stop.Out}{stop.Err}");
        c.WaitForHealth("unhealthy"); // after --retries=3 failing runs, as Docker counts them
        var (failing, output2) = c.HealthcheckRun();
        Assert.Equal(1, failing);
        Assert.Contains("unhealthy", output2);
        var direct = c.Exec("tend", "health");
        Assert.Equal(1, direct.Code);
        Assert.Contains("db", direct.Out + direct.Err);
    }
}
