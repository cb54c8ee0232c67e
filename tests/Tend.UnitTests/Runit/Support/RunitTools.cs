using System.Diagnostics;

namespace Tend.UnitTests.Runit.Support;

/// <summary>
/// The real runit programs (Debian's runit package), found on PATH. When they are missing the
/// tests that need them skip with a visible reason, except when CI=true: there they run and fail.
/// </summary>
internal static class RunitTools
{
    public static string? Sv { get; } = Find("sv");
    public static string? Runsv { get; } = Find("runsv");

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? SkipReason =>
        Sv is not null && Runsv is not null || InCi ? null
        : "sv/runsv not on PATH (install Debian's runit package); skipped because CI is not true";

    public static void Require() =>
        Assert.True(Sv is not null && Runsv is not null, "sv and runsv must be on PATH (Debian's runit package)");

    /// <summary>Runs sv in <paramref name="root"/> with SVDIR=root, so bare service names resolve there.</summary>
    public static SvResult RunSv(string root, params string[] args)
    {
        Require();
        var start = new ProcessStartInfo(Sv!)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SVDIR"] = root;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(20_000))
        {
            process.Kill();
            Assert.Fail($"sv {string.Join(' ', args)} did not exit within 20 s");
        }
        return new SvResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Waits for a condition that an event elsewhere makes true, checking every 10 ms.</summary>
    public static void WaitUntil(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs) Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            Thread.Sleep(10);
        }
    }

    private static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

internal readonly record struct SvResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The output with pids and ages blanked: they differ between two equal runs.</summary>
    public string Normalized =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(Stdout, @"\(pid \d+\)", "(pid P)"), @" \d+s", " Ns");
}

public sealed class RunitFactAttribute : FactAttribute
{
    public RunitFactAttribute() { if (RunitTools.SkipReason is { } reason) Skip = reason; }
}

public sealed class RunitTheoryAttribute : TheoryAttribute
{
    public RunitTheoryAttribute() { if (RunitTools.SkipReason is { } reason) Skip = reason; }
}
