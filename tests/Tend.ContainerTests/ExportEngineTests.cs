using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// Issue 23: what `tend export` writes for the LEMP and cron-app examples runs on a real engine,
/// not only against a schema. scripts/export-on-engines.sh does what the docs' walkthrough says
/// (docs/formats/export.md): docker-compose (Debian's) through podman's Docker API, `up -d`, the
/// page, `down -v`; and `podman kube play` of the Kubernetes manifests, the page, `podman kube
/// down`. The LEMP page must show the value the seed wrote into MariaDB (it crosses nginx, php-fpm
/// and MariaDB through the unix sockets of the shared volume); the cron-app page the file the
/// every-5-seconds job wrote into the directory it shares with the web server. For the LEMP, the
/// data MariaDB keeps in its persistent directory survives the engine's down and up (a named
/// compose volume; a PersistentVolumeClaim that podman keeps as a volume), also with every
/// container's root file system read-only (`--read-only-root`).
/// </summary>
public class ExportEngineTests : IClassFixture<BuiltImages>
{
    [Theory(Timeout = 300_000)]
    [InlineData("compose", "lemp", "page: LEMP OK: Hello from MariaDB", "down: 0 container(s) left")]
    [InlineData("kube", "lemp", "page: LEMP OK: Hello from MariaDB", "down: the pod is gone")]
    [InlineData("compose", "cron-app", "page: last refresh: ", "down: 0 container(s) left")]
    [InlineData("kube", "cron-app", "page: last refresh: ", "down: the pod is gone")]
    [InlineData("kube", "lemp", "read-only root: true", "down: the pod is gone", "--read-only-root")]
    public async Task The_exported_example_serves_its_page_on_the_engine_and_comes_down(string engine, string example, string page, string down,
        string? option = null)
    {
        await Task.Yield();
        Tools.Require("curl");
        Tools.Require(engine == "compose" ? "docker-compose" : "catatonit");
        _ = example == "lemp" ? Images.Lemp : Images.CronApp;
        var script = Path.Combine(Images.RepoRoot, "scripts", "export-on-engines.sh");
        var (code, output, errors) = Command.Run("/bin/bash", [script, engine, example, .. option is null ? Array.Empty<string>() : [option]], TimeSpan.FromSeconds(280));
        Assert.True(code == 0, $"export-on-engines.sh {engine} {example} exited {code}:\n{output}\n{errors}");
        Assert.Contains(page, output);
        // tend.yaml's `persistent:` (MariaDB's data): a row changed before down is read after up.
        if (example == "lemp") Assert.Contains("persistent: the row survived", output);
        Assert.Contains(down, output);
    }
}
