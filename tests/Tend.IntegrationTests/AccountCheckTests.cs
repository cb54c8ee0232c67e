using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// `user: nosuchuser` is found by `tend check` and `tend run` before anything starts, at its line, with
/// exit 100; it used to surface only when the program was spawned ("unknown user ...: invalid argument").
/// </summary>
public class AccountCheckTests
{
    private static string Config(TempDir dir) => dir.Write("tend.yaml", $"""
        programs:
          web:
            command: {Dummy("sleep", "inf")}
            user: nosuchuser
        """);

    [Fact(Timeout = 60_000)]
    public async Task Check_reports_an_unknown_user_at_its_line_with_exit_100()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = Config(dir);
        var (code, _, err) = Tools.Run(Paths.Tend, ["check", config]);
        Assert.Equal(100, code);
        Assert.Contains($"{config}:4:11: error: unknown user \"nosuchuser\" for program 'web'", err);
    }

    [Fact(Timeout = 60_000)]
    public async Task Run_refuses_an_unknown_user_before_starting_anything()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Start(["run", Config(dir)]);
        Assert.Equal(100, tend.WaitForExit());
        Assert.Contains(tend.Stderr, l => l.Contains(":4:11: error: unknown user \"nosuchuser\" for program 'web'"));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("web started"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_supervisord_conf_user_is_checked_too()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", "[supervisord]\nnodaemon=true\n\n[program:web]\ncommand=/bin/sleep 100\nuser=nosuchuser\n");
        var (code, _, err) = Tools.Run(Paths.Tend, ["check", config]);
        Assert.Equal(100, code);
        Assert.Contains($"{config}:6: error: unknown user \"nosuchuser\" for program 'web'", err);
    }

    [Fact(Timeout = 60_000)]
    public async Task When_the_user_database_cannot_be_read_check_says_so_and_passes()
    {
        await Task.Yield();
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var config = Config(dir);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        var secret = dir.Write("unreadable", "root:x:0:0::/root:/bin/sh\n");
        File.SetUnixFileMode(secret, (UnixFileMode)0b110_000_000);
        // /etc/passwd and /etc/group unreadable for uid 65534, in a mount namespace of this command only.
        var (code, _, err) = Tools.Run("unshare", ["--mount", "sh", "-c",
            "mount --bind \"$1\" /etc/passwd && mount --bind \"$1\" /etc/group && shift && exec setpriv --reuid 65534 --regid 65534 --clear-groups \"$@\"",
            "sh", secret, Paths.Tend, "check", config]);
        Assert.True(code == 0, err);
        Assert.Contains($"{config}:4:11: warning: users and groups not checked: the user database cannot be read (/etc/passwd: permission denied)", err);
    }
}
