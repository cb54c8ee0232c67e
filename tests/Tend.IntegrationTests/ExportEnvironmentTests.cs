using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend export` and `tend convert` write for another machine: run from a directory and an
/// environment made for the test (a secret, a PATH and a checkout path that exist only here), no
/// value, path or PATH of this machine may appear in anything they write, stdout, stderr or the
/// .env example. A <c>${VAR}</c> stays a reference; an s6-overlay root given with --root is
/// written as the paths inside the image. Also: `--crontab` is accepted by export as by run.
/// </summary>
public class ExportEnvironmentTests
{
    private const string Secret = "hunter2-only-on-this-machine";
    private const string MachineLevel = "level-from-the-exporting-shell";
    private const string MachinePathDir = "/exporting-machine/bin";

    private const string Yaml = """
        programs:
          app:
            command: ["${APP_DIR:-/srv/app}/server", "--level=${LEVEL:-info}"]
            environment:
              DB_PASSWORD: "${DB_PASSWORD}"
              LEVEL: "${LEVEL:-info}"
              LITERAL: "costs $5 and $${NOT_A_VAR}"
            readiness:
              http: "http://127.0.0.1:8080/healthz"
        """;

    private static void WriteS6Root(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "etc/cont-init.d"));
        Directory.CreateDirectory(Path.Combine(root, "etc/services.d/web"));
        File.WriteAllText(Path.Combine(root, "etc/cont-init.d/01-setup"), "#!/bin/sh\necho setup\n");
        File.WriteAllText(Path.Combine(root, "etc/services.d/web/run"), "#!/bin/sh\nexec sleep 100000\n");
        File.SetUnixFileMode(Path.Combine(root, "etc/cont-init.d/01-setup"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(root, "etc/services.d/web/run"), (UnixFileMode)0b111_101_101);
    }

    [Fact(Timeout = 120_000)]
    public async Task Nothing_of_the_exporting_machine_reaches_any_output()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", Yaml);
        var root = Path.Combine(dir.Path, "rootfs");
        WriteS6Root(root);
        var envFile = dir.File("env.example");
        var supervisord = dir.Write("supervisord.conf", "[supervisord]\nnodaemon=true\n\n[program:worker]\ncommand=/usr/bin/worker --dir=%(ENV_APP_DIR)s\n");

        var runs = new List<(string What, string Out, string Err)>();
        void Run(params string[] args)
        {
            var (code, stdout, stderr) = RunTend(dir.Path, args);
            Assert.True(code == 0, $"tend {string.Join(' ', args)} exited {code}:\n{stderr}");
            runs.Add((string.Join(' ', args), stdout, stderr));
        }
        Run("export", "compose", config, "--env-example", envFile);
        Run("export", "kubernetes", config);
        Run("export", "kubernetes", config, "--layout", "split");
        Run("convert", config, "--to", "yaml");
        Run("export", "compose", "--root", root, "--", "/app/server");
        Run("export", "kubernetes", "--root", root, "--", "/app/server");
        Run("convert", "--root", root, "--to", "yaml", "--", "/app/server");
        Run("export", "compose", supervisord);
        var here = dir.Write("here.conf", "[supervisord]\nnodaemon=true\n\n[program:seed]\ncommand=/bin/sh %(here)s/seed.sh\n");
        Run("export", "kubernetes", here, "--namespace", "shop", "--label", "team=web", "--requests", "cpu=100m", "--read-only-root");
        runs.Add(("the .env example", File.ReadAllText(envFile), ""));

        foreach (var (what, stdout, stderr) in runs)
            foreach (var leak in new[] { Secret, MachineLevel, MachinePathDir, dir.Path, "/machine/checkout" })
            {
                Assert.False(stdout.Contains(leak, StringComparison.Ordinal), $"{what} wrote {leak}:\n{stdout}");
                Assert.False(stderr.Contains(leak, StringComparison.Ordinal), $"{what} warned with {leak}:\n{stderr}");
            }

        var compose = runs[0].Out;
        Assert.Contains("DB_PASSWORD: \"${DB_PASSWORD}\"", compose);
        Assert.Contains("\"${APP_DIR:-/srv/app}/server\"", compose);
        Assert.Contains("costs $$5 and $${NOT_A_VAR}", compose);  // literals stay literal for compose
        var env = runs[^1].Out;
        Assert.Contains("DB_PASSWORD=\n", env);
        Assert.Contains("# LEVEL=info\n", env);

        var pod = runs[1].Out;
        Assert.Contains("kind: ConfigMap", pod);
        Assert.Contains("kind: Secret", pod);
        Assert.Contains("secretRef:", pod);
        // The shell in the container expands the references from envFrom (podman's kube play does not expand $(VAR)).
        Assert.Contains("exec tend -- \\\"${APP_DIR:-/srv/app}\\\"/server --level=\\\"${LEVEL:-info}\\\"", pod);
        Assert.Contains("envFrom:", pod);
        Assert.DoesNotContain("name: DB_PASSWORD\n", pod.Replace("stringData:\n  DB_PASSWORD", "", StringComparison.Ordinal));

        Assert.Contains("--dir=${APP_DIR}", runs[7].Out); // supervisord's %(ENV_X)s too stays a reference
        var s6 = runs[6].Out;
        Assert.Contains("command: [/etc/cont-init.d/01-setup]", s6);
        Assert.Contains("working_dir: /etc/services.d/web", s6);
        Assert.Contains("[/etc/services.d/web/run, web]", runs[4].Out);
        // supervisord's %(here)s: a reference whose default is the directory as the user named it (here the working directory).
        Assert.Contains("\\\"${SUPERVISORD_HERE:-.}\\\"/seed.sh", runs[8].Out);
        Assert.Contains("SUPERVISORD_HERE: \".\"", runs[8].Out);
        Assert.Contains("namespace: shop", runs[8].Out);
        Assert.Contains("readOnlyRootFilesystem: true", runs[8].Out);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--label", "Team Name=web", "tend: --label: label key 'Team Name'")]
    [InlineData("--requests", "cpu=lots", "tend: --requests: 'lots' is not a quantity")]
    [InlineData("--namespace", "Shop", "tend: --namespace: 'Shop' is not a namespace name")]
    [InlineData("--storage", "1 GB", "tend: --storage: '1 GB' is not a quantity")]
    public async Task A_bad_deployment_option_is_refused_naming_the_option(string option, string value, string error)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", Yaml);
        var (code, stdout, stderr) = RunTend(dir.Path, "export", "kubernetes", config, option, value);
        Assert.Equal(100, code);
        Assert.Contains(error, stderr);
        Assert.Equal("", stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_accepts_a_crontab_as_run_does()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", "*/5 * * * * * * echo every-five-seconds\n");
        var (code, stdout, stderr) = RunTend(dir.Path, "export", "compose", "--crontab", crontab);
        Assert.True(code == 0, stderr);
        Assert.Contains("echo every-five-seconds", stdout);
        (code, stdout, stderr) = RunTend(dir.Path, "export", "kubernetes", "--crontab", crontab);
        Assert.True(code == 0, stderr);
        Assert.Contains("echo every-five-seconds", stdout);
        Assert.DoesNotContain("kind: CronJob", stdout); // every 5 seconds has no CronJob form: a container runs it under Tend
    }

    private static (int Code, string Out, string Err) RunTend(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo(Paths.Tend)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DB_PASSWORD"] = Secret;
        psi.Environment["LEVEL"] = MachineLevel;
        psi.Environment["APP_DIR"] = "/machine/checkout";
        psi.Environment["PATH"] = $"{MachinePathDir}:{Environment.GetEnvironmentVariable("PATH")}";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException($"tend {string.Join(' ', args)} did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
