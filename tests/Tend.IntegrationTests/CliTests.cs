using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

public class CliTests
{
    private static (int Code, string Out, string Err) RunTend(params string[] args)
    {
        var psi = new ProcessStartInfo(Paths.Tend) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(); throw new TimeoutException("tend did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact(Timeout = 30_000)]
    public async Task I_can_check_a_config_and_see_the_effective_programs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", $"""
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                priority: 5
            """);
        var (code, stdout, _) = RunTend("check", config);
        Assert.Equal(0, code);
        Assert.Contains("web", stdout);
    }

    [Fact(Timeout = 30_000)]
    public async Task I_get_100_from_check_for_a_broken_config_with_every_error()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", "programs:\n  web:\n    command: []\n    restart: maybe\n");
        var (code, _, stderr) = RunTend("check", config);
        Assert.Equal(100, code);
        Assert.Contains("tend.yaml:3:", stderr);
        Assert.Contains("tend.yaml:4:", stderr);
    }

    [Fact(Timeout = 30_000)]
    public async Task I_can_print_the_version_and_help_of_every_verb()
    {
        await Task.Yield();
        var (code, stdout, _) = RunTend("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
        foreach (var verb in new[] { "run", "check" })
        {
            var help = RunTend(verb, "--help");
            Assert.Equal(0, help.Code);
            Assert.Contains("Usage:", help.Out);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task I_get_100_for_a_usage_error()
    {
        await Task.Yield();
        var (code, _, stderr) = RunTend("run", "--no-such-flag");
        Assert.Equal(100, code);
        Assert.Contains("--no-such-flag", stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_without_naming_the_config_when_tend_yaml_is_in_the_working_directory()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              here:
                command: {Dummy("echo", "found it", "then", "exit", "4")}
                main: true
            """);
        using var tend = TendHost.Start(["run"], workingDir: dir.Path);
        Assert.Equal(4, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("here | found it", StringComparison.Ordinal));
    }
}
