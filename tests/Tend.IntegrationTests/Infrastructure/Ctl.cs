using System.Diagnostics;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>Runs `tend ctl ...` / `tend health` against a running Tend's socket, optionally as another user.</summary>
public static class Ctl
{
    public static (int Code, string Out, string Err) Run(TendHost tend, params string[] args) => RunAs(null, tend, args);

    public static (int Code, string Out, string Err) RunAs(string? user, TendHost tend, params string[] args) =>
        Exec(user, tend.SocketPath, args);

    /// <summary>
    /// `tend ARGS...` with $TEND_SOCKET naming a socket that does not exist: it reaches a Tend only
    /// through the --socket given in ARGS.
    /// </summary>
    public static (int Code, string Out, string Err) RunWithSocketOption(params string[] args) =>
        Exec(null, Path.Combine(Path.GetTempPath(), $"tend-nowhere-{Guid.NewGuid():N}.sock"), args);

    private static (int Code, string Out, string Err) Exec(string? user, string socketEnv, string[] args)
    {
        var psi = new ProcessStartInfo(user is null ? Paths.Tend : "setpriv")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (user is not null)
            foreach (var a in new[] { $"--reuid={user}", $"--regid={user}", "--clear-groups", "--", Paths.Tend }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TEND_SOCKET"] = socketEnv;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(); throw new TimeoutException($"tend {string.Join(' ', args)} did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Polls `tend ctl status` until a row satisfies the predicate (events come from Tend's own log otherwise).</summary>
    public static string WaitForStatus(TendHost tend, Func<string, bool> row, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = Run(tend, "ctl", "status").Out;
            var match = last.Split('\n').FirstOrDefault(row);
            if (match is not null) return match;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"no status row matched; last status:\n{last}\nTranscript:\n{tend.Transcript()}");
    }

    /// <summary>A TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
