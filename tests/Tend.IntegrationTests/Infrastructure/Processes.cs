namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// Finds processes by a marker in their command line, anywhere on the machine: the test runs in
/// the parent PID namespace, whose /proc sees every process Tend's namespace holds. A test gives
/// what it wants to find a unique marker (<see cref="NewSleepSeconds"/> as sleep's argument), so
/// tests running in parallel never see each other's.
/// </summary>
public static class Processes
{
    /// <summary>A unique number of seconds for `sleep` (more than a month), to find that sleep by.</summary>
    public static string NewSleepSeconds() => $"{Random.Shared.Next(3_000_000, 9_000_000)}.{Random.Shared.Next(1000, 9999)}";

    /// <summary>Pids of the running (not zombie) processes whose command line has <paramref name="marker"/> as an argument.</summary>
    public static List<int> Running(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!args.Contains(marker)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (state is not ("Z" or "X")) found.Add(pid);
            }
            catch (IOException) { } // it ended meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Waits until at least <paramref name="count"/> processes with the marker run.</summary>
    public static void WaitForRunning(string marker, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Running(marker).Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {count} processes with \"{marker}\" after the timeout");
            Thread.Sleep(20);
        }
    }
}
