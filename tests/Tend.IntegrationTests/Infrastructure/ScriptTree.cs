namespace Tend.IntegrationTests.Infrastructure;

/// <summary>Writes service trees (s6-overlay roots, runit directories) of small shell scripts under a scratch directory.</summary>
public static class ScriptTree
{
    /// <summary>Writes a file (creating its directories); scripts get a #!/bin/sh line and mode 755.</summary>
    public static string Write(string root, string relative, string content, bool script = false)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, script ? "#!/bin/sh\n" + content + "\n" : content);
        if (script) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    public static string Script(string root, string relative, string body) => Write(root, relative, body, script: true);

    /// <summary>Shell that waits (polling, bounded by the test's own timeouts) until a file exists: the test's gate.</summary>
    public static string WaitFor(string file) => $"while [ ! -e '{file}' ]; do sleep 0.02; done";

    /// <summary>Waits until <paramref name="file"/> has a line satisfying <paramref name="predicate"/>; returns the lines.</summary>
    public static string[] WaitForLines(string file, Func<string[], bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TendHost.DefaultTimeout);
        while (true)
        {
            var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
            if (predicate(lines)) return lines;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{file} never held the expected lines; it has:\n{string.Join("\n", lines)}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; on timeout, fails with <paramref name="describe"/>'s text.</summary>
    public static void WaitUntil(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TendHost.DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(describe());
            Thread.Sleep(20);
        }
    }
}
