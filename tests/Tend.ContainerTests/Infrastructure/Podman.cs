using System.Diagnostics;

namespace Tend.ContainerTests.Infrastructure;

/// <summary>
/// The podman command line, run to completion with a bound. A missing podman fails the test, never
/// skips it: .ci/run installs and configures it (scripts/podman/containers.conf), and a container
/// test that cannot run is not a pass. (System.Diagnostics.Process is fine here: this is the test
/// process, not Tend.)
/// </summary>
public static class Podman
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string Executable { get; } = Find();

    public static (int Code, string Out, string Err) Run(params string[] args) => Run(args, DefaultTimeout);

    public static (int Code, string Out, string Err) Run(IEnumerable<string> args, TimeSpan timeout) =>
        Command.Run(Executable, args, timeout);

    /// <summary>Runs podman and fails the test with its output when it does not exit 0.</summary>
    public static string Ok(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        if (code != 0) throw new InvalidOperationException($"podman {string.Join(' ', args)} exited {code}:\n{stdout}\n{stderr}");
        return stdout;
    }

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/bin", "/usr/local/bin"]))
        {
            var path = Path.Combine(dir, "podman");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("podman is not installed: the container tests need it (.ci/run installs podman, runc and busybox-static)");
    }
}

/// <summary>Any command, run to completion with a bound, stdout and stderr kept apart.</summary>
public static class Command
{
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, TimeSpan timeout,
        string? workingDir = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDir ?? "",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not exit within {timeout.TotalSeconds} s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
