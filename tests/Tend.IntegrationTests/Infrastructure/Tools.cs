using System.Diagnostics;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// The real tools of the anchors (supervisorctl, supervisord, sv, runsv), found on PATH. A missing
/// one fails the test, never skips it: .ci/run installs them, and a test that cannot run is not a pass.
/// </summary>
public static class Tools
{
    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{name} is not installed: install Debian's package for it (.ci/run does)");
    }

    /// <summary>Runs a tool to completion (bounded), returning its exit code and output.</summary>
    public static (int Code, string Out, string Err) Run(string tool, IEnumerable<string> args, string? workingDir = null, TimeSpan? timeout = null,
        IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDir ?? "",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not exit");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
