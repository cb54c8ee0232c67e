using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// The seed's two case studies as images (examples/lemp and examples/cron-app, built from their own
/// Dockerfiles on a Debian root): each serves what its README promises, answers its HEALTHCHECK,
/// and stops cleanly with exit code 0.
/// </summary>
public class CaseStudyImageTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 300_000)]
    public async Task The_LEMP_image_serves_its_PHP_page_with_a_value_from_MariaDB_and_stops_cleanly()
    {
        await Task.Yield();
        using var c = Container.Run(Images.Lemp);
        // The first start creates the data directory (mariadb-install-db): slow on a loaded machine.
        c.WaitForLine(@"^tend\s+\| nginx is ready", timeout: TimeSpan.FromMinutes(3));
        c.WaitForHealth("healthy", TimeSpan.FromSeconds(60));

        // The page, fetched inside the container with the image's own PHP (no curl in the image).
        var page = c.Exec("php", "-r", "echo file_get_contents('http://127.0.0.1:8080/');");
        Assert.True(page.Code == 0, page.Out + page.Err);
        Assert.Contains("LEMP OK", page.Out);
        Assert.Contains("Hello from MariaDB", page.Out);

        var took = c.Stop(30);
        Assert.True(took < TimeSpan.FromSeconds(25), $"podman stop took {took.TotalSeconds:0.00} s");
        Assert.Equal(0, c.ExitCode);
        c.WaitForLine(@"^tend\s+\| mariadb stopped$", timeout: TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(c.Stdout, l => l.Contains("killed after", StringComparison.Ordinal));
    }

    [Fact(Timeout = 300_000)]
    public async Task The_cron_app_image_serves_what_its_job_wrote_and_stops_cleanly()
    {
        await Task.Yield();
        using var c = Container.Run(Images.CronApp);
        c.WaitForLine(@"^refresh\s+\| refreshed$", timeout: TimeSpan.FromSeconds(60));
        c.WaitForHealth("healthy", TimeSpan.FromSeconds(60));

        var fetch = c.Exec("python3", "-c",
            "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8080/status.txt').read().decode())");
        Assert.True(fetch.Code == 0, fetch.Out + fetch.Err);
        Assert.Matches(@"last refresh: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fetch.Out);

        var took = c.Stop(10);
        Assert.True(took < TimeSpan.FromSeconds(8), $"podman stop took {took.TotalSeconds:0.00} s");
        Assert.Equal(0, c.ExitCode);
    }
}
