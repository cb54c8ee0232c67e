using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests.Corpus;

/// <summary>
/// Real images' configurations (tests/corpus, listed in its README), each as published: `tend check`
/// and `tend convert` accept it unchanged; under Tend as PID 1, with stand-ins for what cannot run
/// here (<see cref="StandIns"/>), every program the original tool would start is up, inits run
/// before what depends on them, SIGTERM stops everything and the exit code is 0. supervisord.conf
/// files and runit trees are also run by the real supervisord and runsvdir (Debian's packages),
/// which must start the same programs.
/// </summary>
public class CorpusTests
{
    public static IEnumerable<object[]> Entries() => CorpusEntry.All();

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Entries))]
    public async Task Check_and_convert_accept_it_unchanged(string id)
    {
        await Task.Yield();
        var entry = CorpusEntry.Parse(id);
        var env = entry.Environment();
        var check = Tools.Run(Paths.Tend, ["check", .. entry.ConfigArgs(entry.Dir)], env: env);
        Assert.True(check.Code == 0, $"tend check {id} exited {check.Code}:\n{check.Err}");
        Assert.DoesNotContain(": error:", check.Err);
        var convert = Tools.Run(Paths.Tend, ["convert", "--to", "yaml", .. entry.ConfigArgs(entry.Dir)], env: env);
        Assert.True(convert.Code == 0, $"tend convert {id} exited {convert.Code}:\n{convert.Err}");
        Assert.Contains("programs:", convert.Out);
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Entries))]
    public async Task It_runs_under_Tend_as_PID_1_starts_in_order_and_stops_on_TERM(string id)
    {
        await Task.Yield();
        var entry = CorpusEntry.Parse(id);
        using var temp = new TempDir();
        var standIns = new StandIns(entry, temp);
        var expected = Expected(entry, standIns);
        var env = entry.Environment();
        using (var tend = TendHost.Start(["run", .. entry.ConfigArgs(standIns.Dir)], env: env))
        {
            WaitForAll(standIns, expected, tend.Transcript);
            CheckOrder(entry, standIns, tend);
            tend.Signal(15);
            Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
            foreach (var name in expected)
                Assert.True(tend.AllLines.Any(l => l.Line.Contains(name, StringComparison.Ordinal) && l.Line.EndsWith("| term", StringComparison.Ordinal)),
                    $"{name} was not stopped by TERM:\n{tend.Transcript()}");
        }
        if (entry.Kind is "supervisord" or "runit") CompareWithTheRealTool(entry, standIns, expected, env);
    }

    /// <summary>The long-running programs the original tool starts, by the names the stand-ins record.</summary>
    private static List<string> Expected(CorpusEntry entry, StandIns s)
    {
        switch (entry.Kind)
        {
            case "supervisord":
                s.Supervisord();
                var names = new List<string>();
                string? current = null;
                var autostart = true;
                foreach (var raw in File.ReadAllLines(Path.Combine(s.Dir, "supervisord.conf")).Append("[end]"))
                {
                    var line = raw.Trim();
                    if (line.StartsWith('['))
                    {
                        if (current is not null && autostart) names.Add(current);
                        current = line.StartsWith("[program:", StringComparison.Ordinal) ? line[9..^1] : null;
                        autostart = true;
                    }
                    else if (line.Replace(" ", "", StringComparison.Ordinal).StartsWith("autostart=false", StringComparison.OrdinalIgnoreCase)) autostart = false;
                }
                return names;
            case "runit":
                s.Runit();
                return Directory.EnumerateDirectories(Path.Combine(s.Dir, "service")).Where(d => !File.Exists(Path.Combine(d, "down")))
                    .SelectMany(d => File.Exists(Path.Combine(d, "log", "run")) ? [Path.GetFileName(d), Path.GetFileName(d) + "-log"] : new[] { Path.GetFileName(d) }).ToList();
            case "s6-v2":
                s.S6V2();
                var services = Path.Combine(s.Dir, "root", "etc", "services.d");
                return Directory.Exists(services) ? Directory.EnumerateDirectories(services).Select(Path.GetFileName).OfType<string>().ToList() : [];
            default:
                s.S6V3();
                var rc = Path.Combine(s.Dir, "root", "etc", "s6-overlay", "s6-rc.d");
                return ((string[])["user", "user2"]).SelectMany(b => Contents(Path.Combine(rc, b, "contents.d")))
                    .Where(n => File.Exists(Path.Combine(rc, n, "type")) && File.ReadAllText(Path.Combine(rc, n, "type")).Trim() == "longrun").ToList();
        }
    }

    private static IEnumerable<string> Contents(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>() : [];

    private static void WaitForAll(StandIns s, List<string> expected, Func<string> transcript)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var up = s.Order().Where(l => l.StartsWith("longrun ", StringComparison.Ordinal)).Select(l => l[8..]).ToHashSet();
            var missing = expected.Where(e => !up.Contains(e)).ToList();
            if (missing.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"never started: {string.Join(", ", missing)}\norder: {string.Join(", ", s.Order())}\n{transcript()}");
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// s6-rc: whatever a service depends on (dependencies.d) ran before it; linuxserver's user2
    /// "[ls.io-init] done." comes after every init. v2: cont-init.d in name order, before services.
    /// </summary>
    private static void CheckOrder(CorpusEntry entry, StandIns s, TendHost tend)
    {
        var order = s.Order().Select(l => l.Split(' ')[1]).ToList();
        if (entry.Kind == "s6-v3")
        {
            var rc = Path.Combine(s.Dir, "root", "etc", "s6-overlay", "s6-rc.d");
            foreach (var (name, i) in order.Select((n, i) => (n, i)))
                foreach (var dep in Contents(Path.Combine(rc, name, "dependencies.d")))
                    if (order.Contains(dep))
                        Assert.True(order.IndexOf(dep) < i, $"{name} started before {dep}, which it depends on: {string.Join(", ", order)}");
            if (Directory.Exists(Path.Combine(rc, "ci-service-check")))
            {
                var done = tend.WaitForLine("[ls.io-init] done.");
                var lines = tend.AllLines.Select(l => l.Line).ToList();
                var at = lines.FindIndex(l => l.Contains("[ls.io-init] done.", StringComparison.Ordinal));
                var lastInit = lines.FindLastIndex(l => l.Contains("stand-in init-", StringComparison.Ordinal));
                Assert.True(lastInit < at, $"\"{done}\" came before an init:\n{tend.Transcript()}");
            }
        }
        else if (entry.Kind == "s6-v2")
        {
            var inits = Path.Combine(s.Dir, "root", "etc", "cont-init.d");
            var count = Directory.Exists(inits) ? Directory.EnumerateFiles(inits).Count() : 0;
            ScriptTree.WaitForLines(s.OrderFile, l => l.Count(x => x.StartsWith("oneshot ", StringComparison.Ordinal)) >= count);
            var lines = s.Order();
            var ran = lines.TakeWhile(l => l.StartsWith("oneshot ", StringComparison.Ordinal)).Select(l => l[8..]).ToList();
            var all = Directory.EnumerateFiles(inits).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            Assert.Equal(all, ran);
        }
    }

    /// <summary>The real supervisord or runsvdir on the same stand-in copy starts the same programs.</summary>
    private static void CompareWithTheRealTool(CorpusEntry entry, StandIns s, List<string> expected, Dictionary<string, string> env)
    {
        File.Delete(s.OrderFile);
        var tool = entry.Kind == "supervisord" ? "supervisord" : "runsvdir";
        // supervisord insists that the directories of its own log and pid files exist, as they do in the
        // image: a private /var/log and /run give it them without touching this machine's.
        var psi = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var toolPath = Tools.Require(tool);
        var run = entry.Kind == "supervisord"
            ? $"exec {toolPath} -n -c {Path.Combine(s.Dir, "supervisord.conf")}"
            : $"exec {toolPath} {Path.Combine(s.Dir, "service")}";
        foreach (var a in (string[])["--mount", "--propagation", "private", "sh", "-c",
                     "mount -t tmpfs tmpfs /var/log && mount -t tmpfs tmpfs /run && mkdir -p /var/log/supervisor /var/log/supervisord /run/supervisord && " + run])
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var real = Process.Start(psi)!;
        real.StandardOutput.ReadToEndAsync();
        var err = real.StandardError.ReadToEndAsync();
        try
        {
            WaitForAll(s, expected, () => $"{tool}: {(real.HasExited ? err.Result : "(running)")}");
            var started = s.Order().Where(l => l.StartsWith("longrun ", StringComparison.Ordinal)).Select(l => l[8..]).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected.Order(StringComparer.Ordinal), started);
        }
        finally
        {
            // runsvdir stops its services on HUP; supervisord on TERM.
            Process.Start("kill", [entry.Kind == "runit" ? "-HUP" : "-TERM", real.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!real.WaitForExit(15_000)) real.Kill(entireProcessTree: true);
        }
    }
}
