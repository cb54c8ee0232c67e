using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests.Examples;

/// <summary>
/// What the LEMP example's tests share: the real Debian tools it runs (a missing one fails the test:
/// .ci/run installs them), a fresh runtime and data directory per run (so runs never share a
/// socket or a datadir), the page, and the processes of Tend's PID namespace seen from outside.
/// </summary>
internal sealed class LempStack : IDisposable
{
    public const string PageUrl = "http://127.0.0.1:8080/";

    private readonly TempDir _dir = new();

    public LempStack()
    {
        foreach (var tool in new[] { "nginx", "mariadbd", "mariadb-install-db", "mariadb-admin", "mariadb" }) Tools.Require(tool);
        RequirePhpFpm();
        // The example runs MariaDB as "mysql" and the workers as "www-data": they must reach in here.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public static string ExampleDir => Path.Combine(Paths.RepoRoot, "examples", "lemp");
    public string Root => _dir.Path;
    public string RunDir => _dir.File("run");
    public string DataDir => _dir.File("data");
    public string MysqlSocket => Path.Combine(RunDir, "mysqld", "mysqld.sock");

    /// <summary>The environment tend.yaml reads its paths from.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["LEMP_DIR"] = ExampleDir, ["LEMP_RUN"] = RunDir, ["LEMP_DATA"] = DataDir,
    };

    /// <summary>Debian names it php-fpm8.2 (the version changes with the release): any php-fpmX.Y will do.</summary>
    private static void RequirePhpFpm()
    {
        var dirs = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin");
        if (dirs.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "php-fpm*").Any())) return;
        throw new InvalidOperationException("php-fpm is not installed: install Debian's php-fpm package (.ci/run does)");
    }

    /// <summary>Runs SQL as root over MariaDB's socket (root@localhost authenticates by the unix socket).</summary>
    public void Sql(string statement)
    {
        var (code, _, err) = Tools.Run("mariadb", ["--no-defaults", $"--socket={MysqlSocket}", "-e", statement]);
        Assert.True(code == 0, $"mariadb -e \"{statement}\" exited {code}: {err}");
    }

    public static async Task<(int Status, string Body)> GetPage()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(PageUrl);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every process in the PID namespace of <paramref name="tendPid"/> (a host pid), Tend included.</summary>
    public static IReadOnlyList<NamespaceProcess> ProcessesInNamespaceOf(int tendPid)
    {
        var ns = NamespaceOf(tendPid) ?? throw new InvalidOperationException($"tend (pid {tendPid}) is gone");
        var found = new List<NamespaceProcess>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || NamespaceOf(pid) != ns) continue;
            if (ReadStat(pid) is { } stat) found.Add(stat);
        }
        return found;
    }

    /// <summary>Whether the process has gone (or is a zombie, already dead).</summary>
    public static bool IsGone(int pid) => ReadStat(pid) is not { State: not 'Z' };

    private static string? NamespaceOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static NamespaceProcess? ReadStat(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split at the last ')'.
        var close = stat.LastIndexOf(')');
        var comm = stat[(stat.IndexOf('(') + 1)..close];
        var fields = stat[(close + 2)..].Split(' ');
        return new NamespaceProcess(pid, int.Parse(fields[1]), comm, fields[0][0]);
    }

    /// <summary>Tend's resident memory now, in KiB (VmRSS).</summary>
    public static long RssKiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).Single();

    public static double Ms(Stopwatch clock) => Math.Round(clock.Elapsed.TotalMilliseconds);

    public void Dispose() => _dir.Dispose();
}

/// <summary>A process seen from outside: host pid, host parent pid, name (/proc comm) and state letter.</summary>
internal sealed record NamespaceProcess(int Pid, int ParentPid, string Name, char State);
