using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20: docs/migrating/from-entrypoint-script.md's tend.yaml, taken from the page, run under
/// Tend as PID 1 (php-fpm and nginx stood in for, so that the test decides when php-fpm is ready
/// and when a program ends), and what the page says of it checked: nginx starts once php-fpm's
/// socket exists, Tend says what nginx waits for in the very words the page shows, and with the
/// page's `main: true` and `critical: true` "one exits, all stop", with that program's code.
/// </summary>
public partial class EntrypointGuideRunTests
{
    private const string Guide = "docs/migrating/from-entrypoint-script.md";

    /// <summary>
    /// php-fpm listens on its unix socket once the test says so ($STATE/php-fpm-go), or exits with
    /// the code in $STATE/php-fpm-exit at once; nginx serves until the code in $STATE/nginx-exit
    /// appears (a python3 listener and a shell wait stand in for the daemons).
    /// </summary>
    private static StandIns PhpFpmAndNginx(TempDir dir)
    {
        var s = new StandIns(dir);
        s.Add("php-fpm8.2", """
            echo "php-fpm: started with $*"
            if [ -e "$STATE/php-fpm-exit" ]; then exit "$(cat "$STATE/php-fpm-exit")"; fi
            until [ -e "$STATE/php-fpm-go" ]; do "$DUMMY" sleep 0.05; done
            exec /usr/bin/python3 -c 'import socket, signal
            s = socket.socket(socket.AF_UNIX); s.bind("/run/php/php8.2-fpm.sock"); s.listen()
            print("php-fpm: listening", flush=True)
            signal.sigwait({signal.SIGTERM, signal.SIGQUIT})'
            """);
        s.Add("nginx", """
            echo "nginx: serving ($*)"
            until [ -e "$STATE/nginx-exit" ]; do "$DUMMY" sleep 0.05; done
            exit "$(cat "$STATE/nginx-exit")"
            """);
        return s;
    }

    private static TendHost Run(TempDir dir, StandIns s, string yaml) =>
        TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: s.Environment(), launcher: StandIns.PrivateNetworkAndRun);

    [Fact(Timeout = 60_000)]
    public async Task The_guides_tend_yaml_starts_nginx_once_php_fpm_is_ready_and_says_in_the_guides_words_what_waits()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single(Guide, "yaml", "programs:").Text;
        var shown = ShownProbeLine().Match(DocBlocks.Text(Guide));
        Assert.True(shown.Success, $"{Guide} no longer shows the line Tend writes while php-fpm's probe fails");
        using var dir = new TempDir();
        var s = PhpFpmAndNginx(dir);
        using var tend = Run(dir, s, yaml);

        // The line the guide shows, word for word, after Tend's prefix.
        tend.WaitForLine(l => Regex.IsMatch(l, @"^tend\s+\| " + Regex.Escape(shown.Groups["line"].Value) + "$"));
        Assert.Equal(0, tend.Count("nginx started"));
        File.WriteAllText(Path.Combine(s.State, "php-fpm-go"), "");
        tend.WaitForLine("php-fpm is ready");
        tend.WaitForLine(l => Regex.IsMatch(l, @"^nginx\s+\| nginx: serving \(-g daemon off;\)$"));
        var lines = tend.Stdout.ToList();
        Assert.True(lines.FindIndex(l => l.Contains("php-fpm is ready", StringComparison.Ordinal))
            < lines.FindIndex(l => l.Contains("nginx started pid", StringComparison.Ordinal)), tend.Transcript());
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^tend\s+\| php-fpm: readiness probe passes again after \d+ checks? failed \(exit code 0\)$"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var stops = tend.Stdout.ToList();
        Assert.True(stops.FindIndex(l => l.EndsWith("| nginx stopped", StringComparison.Ordinal))
            < stops.FindIndex(l => l.EndsWith("| php-fpm stopped", StringComparison.Ordinal)), "dependents stop first:\n" + tend.Transcript());
    }

    /// <summary>The guide's "one exits, all stop": nginx `main: true` ends everything with its code.</summary>
    [Fact(Timeout = 60_000)]
    public async Task With_the_guides_main_true_nginx_exiting_stops_php_fpm_and_ends_tend_with_its_code()
    {
        await Task.Yield();
        Assert.Contains("give one program `main: true`", DocBlocks.Text(Guide).Replace('\n', ' '), StringComparison.Ordinal);
        using var dir = new TempDir();
        var s = PhpFpmAndNginx(dir);
        File.WriteAllText(Path.Combine(s.State, "php-fpm-go"), "");
        using var tend = Run(dir, s, MainAndCritical());
        tend.WaitForLine("| nginx: serving");
        File.WriteAllText(Path.Combine(s.State, "nginx-exit"), "3");
        Assert.Equal(3, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("| php-fpm stopped", StringComparison.Ordinal));
    }

    /// <summary>
    /// The guide's `critical: true`: php-fpm that crashes is restarted first ("unlike the script"),
    /// and once it goes FATAL the container ends with its code; nginx, waiting for it, never starts.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task With_the_guides_critical_true_php_fpm_is_restarted_first_then_its_FATAL_ends_tend_with_its_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var s = PhpFpmAndNginx(dir);
        File.WriteAllText(Path.Combine(s.State, "php-fpm-exit"), "5");
        using var tend = Run(dir, s, MainAndCritical());
        Assert.Equal(5, tend.WaitForExit(TimeSpan.FromSeconds(45)));
        Assert.True(tend.Count("php-fpm started pid") > 1, "restarted before giving up:\n" + tend.Transcript());
        Assert.Contains(tend.Stdout, l => l.Contains("php-fpm", StringComparison.Ordinal) && l.Contains("FATAL", StringComparison.Ordinal));
        Assert.Equal(0, tend.Count("nginx started"));
    }

    /// <summary>The guide's tend.yaml with what its text adds: `main: true` on nginx, `critical: true` on php-fpm.</summary>
    private static string MainAndCritical()
    {
        var yaml = DocBlocks.Single(Guide, "yaml", "programs:").Text;
        yaml = yaml.Replace("  nginx:\n", "  nginx:\n    main: true\n", StringComparison.Ordinal)
            .Replace("  php-fpm:\n", "  php-fpm:\n    critical: true\n", StringComparison.Ordinal);
        Assert.Contains("main: true", yaml, StringComparison.Ordinal);
        Assert.Contains("critical: true", yaml, StringComparison.Ordinal);
        return yaml;
    }

    [GeneratedRegex(@"\(`(?<line>php-fpm: readiness probe failed[^`]*)`\)")]
    private static partial Regex ShownProbeLine();
}
