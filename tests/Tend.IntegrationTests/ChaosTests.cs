using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Chaos, Tend as PID 1 with 50 programs: for TEND_CHAOS_SECONDS (default 120; the soak runs it for
/// an hour) a driver SIGKILLs random processes of the container (programs and their children),
/// while programs exit with their own codes, leave orphans and zombies, write numbered lines, and
/// the driver restarts, stops, starts and reloads through the control socket. Afterwards: every
/// program in the state its policy says, no zombie of Tend's lived long, descriptors and threads
/// back to their baseline, RSS bounded, every run of a writer logged as started, and every line
/// a writer wrote present exactly once and whole.
/// </summary>
public partial class ChaosTests(ITestOutputHelper output)
{
    private const int Writers = 20, Exiters = 10, Spawners = 10, Sleepers = 10;

    [Fact(Timeout = 4 * 3600_000)]
    public async Task I_see_tend_survive_chaos_with_every_program_in_its_state_and_every_line_once()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("TEND_CHAOS_SECONDS"), out var s) ? s : 120;
        using var dir = new TempDir();
        var yaml = new StringBuilder("programs:\n");
        // Writers: numbered lines tagged with their run (the shell's pid, which Tend logs as "started pid").
        for (var i = 0; i < Writers; i++)
            yaml.Append($"""
                  w{i}:
                    command: [sh, -c, 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); echo "run $$ seq $i {new string('x', 60)}"; if [ $((i % 20)) -eq 0 ]; then sleep 0.05; fi; done']
                    start_seconds: 0

                """);
        // Exiters: exit with their own code after a moment; restart policy by code.
        for (var i = 0; i < Exiters; i++)
            yaml.Append($"""
                  e{i}:
                    command: [sh, -c, 'sleep 0.{i + 1}; exit {i % 4}']
                    start_seconds: 0
                    restart: {(i % 4 == 0 ? "on-failure" : "always")}

                """);
        // Spawners: orphans (children outliving the program) and zombies (a child its parent never waits for).
        for (var i = 0; i < Spawners; i++)
            yaml.Append($"""
                  o{i}:
                    command: [sh, -c, 'sleep 0.3 & sleep 0.2 & (sleep 0.05 &) ; sleep 0.02 & exec sleep 0.{i + 2}']
                    start_seconds: 0

                """);
        for (var i = 0; i < Sleepers; i++)
            yaml.Append($"""
                  s{i}:
                    command: {Dummy("trap-term", "0", "then", "sleep", "inf")}
                    stop_timeout: 2s

                """);
        using var tend = TendHost.Run(dir, yaml.ToString());
        var pid = tend.TendPid;
        tend.WaitForCount("s9 started pid", 1, TimeSpan.FromSeconds(60));
        // Baseline and the final count are both taken with only the long runners up: the exiters and
        // spawners restart all the time, and each running one holds its own pipes.
        var baseline = await QuietResources(tend, pid);
        var descriptorsBefore = Descriptors(pid);
        Ctl.Run(tend, ["ctl", "start", .. Restarting]);

        var random = new Random(seconds);
        var counts = new Dictionary<string, int>();
        void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;
        var zombies = new ZombieWatch(pid);
        var peakRss = baseline.RssKb;
        var rssSamples = new List<(double At, long RssKb, int Fds, int Threads)>();
        var clock = Stopwatch.StartNew();
        var nextSample = 0.0;
        using (zombies.Start())
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                switch (random.Next(10))
                {
                    case < 5:
                        var victims = Descendants(pid);
                        if (victims.Count > 0 && kill(victims[random.Next(victims.Count)], 9) == 0) Count("SIGKILL");
                        break;
                    case 5:
                    case 6:
                        var verb = new[] { "restart", "stop", "start" }[random.Next(3)];
                        var target = $"s{random.Next(Sleepers)}";
                        if (Ctl.Run(tend, "ctl", verb, target).Code == 0) Count($"ctl {verb}");
                        else Count($"ctl {verb} refused");
                        break;
                    case 7:
                        if (Ctl.Run(tend, "ctl", "restart", $"w{random.Next(Writers)}").Code == 0) Count("ctl restart writer");
                        break;
                    case 8 when random.Next(10) == 0:
                        if (Ctl.Run(tend, "ctl", "reload").Code == 0) Count("ctl reload");
                        break;
                    default:
                        await Task.Delay(20);
                        break;
                }
                var r = HostileClientTests.Resources(pid);
                peakRss = Math.Max(peakRss, r.RssKb);
                if (clock.Elapsed.TotalSeconds >= nextSample)
                {
                    rssSamples.Add((clock.Elapsed.TotalSeconds, r.RssKb, r.Fds, r.Threads));
                    nextSample += Math.Max(1, seconds / 20.0);
                }
            }
        }

        // Calm: every program wanted up again; then the state each policy says.
        Ctl.Run(tend, "ctl", "start", "all"); // 1 when some were already running: the states below are what counts
        foreach (var name in Enumerable.Range(0, Sleepers).Select(i => $"s{i}").Concat(Enumerable.Range(0, Writers).Select(i => $"w{i}")))
            Ctl.WaitForStatus(tend, row => Regex.IsMatch(row, $@"^{name}\s+RUNNING\b"), TimeSpan.FromSeconds(60));
        // e0, e4, e8: on-failure, exit 0 (a SIGKILL from the driver is a failure: restarted, then they end cleanly again).
        for (var i = 0; i < Exiters; i += 4)
            Ctl.WaitForStatus(tend, row => Regex.IsMatch(row, $@"^e{i}\s+EXITED\b"), TimeSpan.FromSeconds(60));

        var after = await QuietResources(tend, pid);
        var descriptorsAfter = Descriptors(pid);

        tend.Signal(15);
        tend.WaitForExit(TimeSpan.FromSeconds(60));

        // Every writer line whole and once; every run seen was logged as started.
        var lines = tend.Stdout;
        var started = new HashSet<(string, int)>();
        foreach (var l in lines)
            if (StartedLine().Match(l) is { Success: true } m) started.Add((m.Groups[1].Value, int.Parse(m.Groups[2].Value)));
        var runs = new Dictionary<(string, int), List<int>>();
        long writerLines = 0, dropped = 0;
        foreach (var l in lines)
        {
            if (DroppedLine().Match(l) is { Success: true } d) { dropped += long.Parse(d.Groups[1].Value); continue; }
            if (!l.StartsWith('w') || !l.Contains(" | ", StringComparison.Ordinal)) continue;
            var m = WriterLine().Match(l);
            Assert.True(m.Success, $"torn or interleaved line: {l}");
            var key = (m.Groups[1].Value, int.Parse(m.Groups[2].Value));
            if (!runs.TryGetValue(key, out var seqs)) runs[key] = seqs = [];
            seqs.Add(int.Parse(m.Groups[3].Value));
            writerLines++;
        }
        long missing = 0;
        foreach (var ((name, run), seqs) in runs)
        {
            Assert.True(started.Contains((name, run)), $"{name} run {run} wrote lines but its start was not logged");
            for (var i = 1; i < seqs.Count; i++)
                Assert.True(seqs[i] > seqs[i - 1], $"{name} run {run}: line {seqs[i]} after {seqs[i - 1]} (repeated or out of order)");
            missing += seqs[^1] - seqs.Count; // gaps before the last line seen
        }
        // Lines go missing only when Tend said so (its stdout, the test's pipe, did not drain).
        Assert.True(missing <= dropped, $"{missing} writer lines missing, but only {dropped} reported dropped");
        var restarts = lines.Count(l => l.Contains(" started pid ", StringComparison.Ordinal));

        var report = $"chaos {seconds} s: {string.Join(", ", counts.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; " +
            $"{restarts} starts logged, {runs.Count} writer runs, {writerLines} writer lines checked, {dropped} reported dropped, {missing} missing; " +
            $"zombies of tend seen {zombies.Seen}, {zombies.OlderThan100Ms} seen past 100 ms ({zombies.OlderThan100MsOnTime} with the machine giving CPU; the sampler's longest gap {zombies.MaxSamplerGapMs} ms, the reaper's longest run-queue wait in one {zombies.MaxReaperWaitMs} ms), longest-lived {zombies.MaxAgeMs} ms; " +
            $"fds {baseline.Fds} -> {after.Fds}, threads {baseline.Threads} -> {after.Threads}, RSS {baseline.RssKb} kB -> peak {peakRss} kB -> {after.RssKb} kB\n" +
            "samples (s, RSS kB, fds, threads): " + string.Join(" ", rssSamples.Select(x => $"({x.At:0},{x.RssKb},{x.Fds},{x.Threads})"));
        output.WriteLine(report);
        var reportFile = Environment.GetEnvironmentVariable("TEND_CHAOS_REPORT");
        if (!string.IsNullOrEmpty(reportFile)) File.WriteAllText(reportFile, report + "\n");

        Assert.True(counts.GetValueOrDefault("SIGKILL") > 0, "the driver killed nothing");
        // The issue's bar. Exits are reaped on a thread of their own (ReaperThread), so a loop busy
        // spawning does not delay them: at load 40 on 2 cores the longest-lived zombie lasted 13 ms.
        // Time the sampler or Tend's reaper did not get a CPU does not count against Tend (see ZombieWatch).
        Assert.True(zombies.OlderThan100MsOnTime == 0,
            $"{zombies.OlderThan100MsOnTime} zombies of Tend's lived past 100 ms while the machine gave CPU (longest {zombies.MaxAgeMs} ms)");
        Assert.True(after.Fds <= baseline.Fds + 2, $"fds {baseline.Fds} -> {after.Fds}: before {descriptorsBefore}; after {descriptorsAfter}");
        Assert.True(after.Threads <= baseline.Threads + 2, $"threads {baseline.Threads} -> {after.Threads}");
        Assert.True(peakRss < 200 * 1024, $"peak RSS {peakRss} kB");
        Assert.True(writerLines > 1000, "the writers wrote almost nothing");
    }

    private static readonly string[] Restarting =
        [.. Enumerable.Range(0, Exiters).Select(i => $"e{i}"), .. Enumerable.Range(0, Spawners).Select(i => $"o{i}")];

    /// <summary>
    /// Tend's descriptors, threads and RSS with only the long runners up: the exiters and spawners
    /// stopped, and the count unchanged for a second (a spawner's orphans keep its pipe open a moment).
    /// </summary>
    private static async Task<(int Fds, int Threads, long RssKb)> QuietResources(TendHost tend, int pid)
    {
        Ctl.Run(tend, ["ctl", "stop", .. Restarting]); // 1 when some were already down: the states below are what counts
        foreach (var name in Restarting)
            Ctl.WaitForStatus(tend, row => Regex.IsMatch(row, $@"^{name}\s+(STOPPED|EXITED|FATAL)\b"), TimeSpan.FromSeconds(60));
        var last = HostileClientTests.Resources(pid);
        var steadySince = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        while (steadySince.ElapsedMilliseconds < 1000 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            var now = HostileClientTests.Resources(pid);
            if (now.Fds != last.Fds || now.Threads != last.Threads) steadySince.Restart();
            last = now;
        }
        return last;
    }

    /// <summary>Tend's descriptors by kind, for a failure message.</summary>
    private static string Descriptors(int pid)
    {
        var kinds = new SortedDictionary<string, int>();
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string target;
            try { target = new FileInfo(fd).LinkTarget ?? "?"; } catch (IOException) { continue; }
            var kind = target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe" : target.StartsWith("socket:", StringComparison.Ordinal) ? "socket" : target;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }
        return string.Join(", ", kinds.Select(k => $"{k.Value} × {k.Key}"));
    }

    /// <summary>Every process below Tend (host pids), found through /proc/PID/task/*/children.</summary>
    private static List<int> Descendants(int root)
    {
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var c = int.Parse(child);
                        result.Add(c);
                        queue.Enqueue(c);
                    }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return result;
    }

    /// <summary>
    /// Samples /proc every 10 ms for zombies whose parent is Tend and how long each stays. Time the
    /// machine gave no CPU does not count against Tend: the sampler's own starvation (a sample more
    /// than 50 ms after the one before), or, when longer, the time Tend's reaper thread spent
    /// runnable on the run queue without a CPU (its schedstat). A zombie past 100 ms once that is
    /// subtracted is Tend's own delay: blocked on a lock, a GC, or not reaping at all.
    /// </summary>
    private sealed class ZombieWatch(int tendPid)
    {
        private readonly Dictionary<int, Zombie> _seen = [];
        private string? _reaperSchedstat;
        private volatile bool _stop;
        private long _starvedMs; // total time of the sampler's own gaps so far
        public long MaxAgeMs { get; private set; }
        public int Seen { get; private set; }

        /// <summary>Zombies still there more than 100 ms after they were first seen.</summary>
        public int OlderThan100Ms { get; private set; }

        /// <summary>Of those, the ones whose 100 ms were not eaten by starvation of the sampler or of Tend's reaper.</summary>
        public int OlderThan100MsOnTime { get; private set; }

        /// <summary>The longest gap between two samples (the sampler's own starvation).</summary>
        public long MaxSamplerGapMs { get; private set; }

        public IDisposable Start()
        {
            var thread = new Thread(Run) { IsBackground = true };
            thread.Start();
            return new Stopper(() => { _stop = true; thread.Join(); });
        }

        private void Run()
        {
            var clock = Stopwatch.StartNew();
            var previous = 0L;
            while (!_stop)
            {
                var now = clock.ElapsedMilliseconds;
                var gap = now - previous;
                previous = now;
                MaxSamplerGapMs = Math.Max(MaxSamplerGapMs, gap);
                if (gap > 50) _starvedMs += gap;
                var reaperWait = ReaperRunQueueWaitMs();
                var current = new HashSet<int>();
                foreach (var child in Children())
                {
                    string stat;
                    try { stat = File.ReadAllText($"/proc/{child}/stat"); } catch (IOException) { continue; }
                    var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                    if (state != 'Z') continue;
                    current.Add(child);
                    if (!_seen.TryGetValue(child, out var z))
                    {
                        z = new Zombie(now, _starvedMs, reaperWait);
                        _seen[child] = z;
                        Seen++;
                    }
                    z.LastSeen = now;
                    z.StarvedAtLastSight = _starvedMs;
                    var age = now - z.FirstSeen;
                    MaxAgeMs = Math.Max(MaxAgeMs, age);
                    if (age > 100 && !z.CountedOld)
                    {
                        z.CountedOld = true;
                        OlderThan100Ms++;
                    }
                }
                foreach (var gone in _seen.Keys.Where(k => !current.Contains(k)).ToList())
                {
                    Judge(_seen[gone], reaperWait);
                    _seen.Remove(gone);
                }
                Thread.Sleep(10);
            }
            foreach (var z in _seen.Values) Judge(z, ReaperRunQueueWaitMs());
        }

        /// <summary>
        /// Once a zombie is gone (or the watch ends): the reaper has run by then, so its run-queue
        /// wait is accounted (schedstat counts a wait when it ends), and the starvation is known.
        /// </summary>
        private void Judge(Zombie z, long reaperWaitNow)
        {
            if (!z.CountedOld) return;
            var reaperWaited = reaperWaitNow - z.ReaperWaitAtFirstSight;
            MaxReaperWaitMs = Math.Max(MaxReaperWaitMs, reaperWaited);
            var starved = Math.Max(z.StarvedAtLastSight - z.StarvedAtFirstSight, reaperWaited);
            if (z.LastSeen - z.FirstSeen - starved > 100) OlderThan100MsOnTime++;
        }

        private sealed class Zombie(long firstSeen, long starvedAtFirstSight, long reaperWaitAtFirstSight)
        {
            public long FirstSeen { get; } = firstSeen;
            public long StarvedAtFirstSight { get; } = starvedAtFirstSight;
            public long ReaperWaitAtFirstSight { get; } = reaperWaitAtFirstSight;
            public long LastSeen { get; set; } = firstSeen;
            public long StarvedAtLastSight { get; set; } = starvedAtFirstSight;
            public bool CountedOld { get; set; }
        }

        /// <summary>Of the zombies past 100 ms, the longest time Tend's reaper waited for a CPU during one's life.</summary>
        public long MaxReaperWaitMs { get; private set; }

        /// <summary>How long Tend's reaper thread has been runnable without a CPU (schedstat's second field), in ms; 0 if unknown.</summary>
        private long ReaperRunQueueWaitMs()
        {
            try
            {
                _reaperSchedstat ??= Directory.EnumerateDirectories($"/proc/{tendPid}/task")
                    .FirstOrDefault(t => File.ReadAllText(Path.Combine(t, "comm")).Trim() == "tend reaper") is { } task
                    ? Path.Combine(task, "schedstat") : null;
                if (_reaperSchedstat is null) return 0;
                return long.Parse(File.ReadAllText(_reaperSchedstat).Split(' ')[1]) / 1_000_000;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private IEnumerable<int> Children()
        {
            var list = new List<int>();
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{tendPid}/task"))
                    list.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
            catch (IOException) { }
            return list;
        }

        private sealed class Stopper(Action stop) : IDisposable
        {
            public void Dispose() => stop();
        }
    }

    [GeneratedRegex(@"^tend +\| (\w+) started pid (\d+)")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"^(w\d+) +\| run (\d+) seq (\d+) x{60}$")]
    private static partial Regex WriterLine();

    [GeneratedRegex(@"^tend +\| w\d+: (\d+) lines \(\d+ bytes\) dropped")]
    private static partial Regex DroppedLine();

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
