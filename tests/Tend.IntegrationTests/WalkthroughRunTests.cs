using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: docs/walkthrough-lemp.md's step 1 tend.yaml, taken from the page, run under
/// Tend as PID 1 with the daemons stood in for (a listener on each port the probes name), in a
/// network and /run of its own: "starts the database's init, then MariaDB, then php-fpm and
/// nginx once MariaDB answers, with every log line prefixed by its program", and stops them in
/// the reverse order, exit 0.
/// </summary>
public class WalkthroughRunTests
{
    private const string Walkthrough = "docs/walkthrough-lemp.md";

    /// <summary>A daemon stand-in: listens on 127.0.0.1:PORT (or a unix socket), says so, and runs until its stop signal.</summary>
    private static string Listener(string name, string address) => $$"""
        exec /usr/bin/python3 -c 'import socket, signal
        a = "{{address}}"
        if a.startswith("/"):
            s = socket.socket(socket.AF_UNIX); s.bind(a); s.listen()
        else:
            s = socket.create_server(("127.0.0.1", int(a)))
        print("{{name}}: listening on " + a, flush=True)
        signal.sigwait({signal.SIGTERM, signal.SIGQUIT})'
        """;

    [Fact(Timeout = 90_000)]
    public async Task The_step_1_tend_yaml_starts_init_then_mariadb_then_php_fpm_and_nginx_once_mariadb_answers()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single(Walkthrough, "yaml", "# tend.yaml\nprograms:").Text;
        using var dir = new TempDir();
        var s = new StandIns(dir);
        Directory.CreateDirectory(dir.File("www"));
        s.Add("mariadb-install-db", """echo "mariadb-install-db: $*" """);
        s.Add("mariadbd", Listener("mariadbd", "3306"));
        s.Add("php-fpm8.2", Listener("php-fpm", "/run/php/php8.2-fpm.sock"));
        s.Add("nginx", """
            echo "nginx: $*"
            cd "$STATE/www" && exec /usr/bin/python3 -m http.server 8080 --bind 127.0.0.1
            """);
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: s.Environment(), launcher: StandIns.PrivateNetworkAndRun);

        tend.WaitForLine(l => Regex.IsMatch(l, @"^tend\s+\| nginx is ready \(HTTP 200\)$"), TimeSpan.FromSeconds(40));
        Assert.Contains(tend.Stdout, l => Regex.IsMatch(l, @"^mariadb\s+\| mariadbd: listening on 3306$"));
        Assert.Contains(tend.Stdout, l => Regex.IsMatch(l, @"^php-fpm\s+\| php-fpm: listening on /run/php/php8.2-fpm\.sock$"));
        var lines = tend.Stdout.ToList();
        int At(string pattern) => lines.FindIndex(l => Regex.IsMatch(l, pattern));
        var init = At(@"^tend\s+\| mariadb-init exited with 0");
        var mariadb = At(@"^tend\s+\| mariadb started pid");
        var answers = At(@"^tend\s+\| mariadb is ready");
        Assert.True(init >= 0 && mariadb > init && answers > mariadb
            && At(@"^tend\s+\| php-fpm started pid") > answers && At(@"^tend\s+\| nginx started pid") > answers,
            "init, then MariaDB, then php-fpm and nginx once MariaDB answers:\n" + tend.Transcript());

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var stops = tend.Stdout.ToList();
        int Stopped(string name) => stops.FindIndex(l => Regex.IsMatch(l, $@"^tend\s+\| {name} stopped"));
        Assert.True(Stopped("nginx") >= 0 && Stopped("nginx") < Stopped("mariadb") && Stopped("php-fpm") < Stopped("mariadb"),
            "dependents stop before MariaDB:\n" + tend.Transcript());
    }
}
