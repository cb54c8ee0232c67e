using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Tend.ContainerTests.Infrastructure;

/// <summary>
/// An arm64 root holding the arm64 release tarball (scripts/arm64-root.sh: Debian's busybox-static
/// for arm64), built once per test class. Nothing in it runs natively here: every exec of an arm64
/// binary goes through qemu-aarch64-static, registered with binfmt_misc by
/// scripts/test-prerequisites.sh. A missing tarball, emulator or registration fails the test.
/// </summary>
public sealed class Arm64Root : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tend-arm64-").FullName;

    public Arm64Root()
    {
        var tarball = System.IO.Path.Combine(Images.RepoRoot, "out", "release", "tend-linux-arm64.tar.gz");
        if (!File.Exists(tarball))
            throw new InvalidOperationException($"{tarball} is missing: bash scripts/release.sh out/release (scripts/test.sh does)");
        if (!File.Exists("/proc/sys/fs/binfmt_misc/qemu-aarch64"))
            throw new InvalidOperationException("qemu-aarch64 is not registered with binfmt_misc: run scripts/test-prerequisites.sh as root");
        var (code, stdout, stderr) = Command.Run("bash", [System.IO.Path.Combine(Images.RepoRoot, "scripts", "arm64-root.sh"), Path, tarball],
            TimeSpan.FromMinutes(3), Images.RepoRoot);
        if (code != 0) throw new InvalidOperationException($"scripts/arm64-root.sh exited {code}:\n{stdout}\n{stderr}");
    }

    public void Write(string relative, string content)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>
    /// `chroot ROOT /usr/bin/tend ARGS...` in a mount namespace of its own that has /proc and /dev
    /// (Tend lists /proc/self/fd; programs want /dev/null). The shell and chroot exec in place, so
    /// the process started is the one that becomes Tend: a signal to it reaches Tend.
    /// </summary>
    public Emulated Start(params string[] args) =>
        new(["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
             """mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && exec chroot "$0" /usr/bin/tend "$@" """,
             Path, .. args]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The emulated Tend: its output lines (stdout and stderr apart), waited on with a timeout.</summary>
    public sealed class Emulated : IDisposable
    {
        private readonly Process _process;
        private readonly List<(string Stream, string Line)> _lines = [];
        private readonly object _gate = new();

        public Emulated(string[] argv)
        {
            var psi = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in argv[1..]) psi.ArgumentList.Add(a);
            _process = new Process { StartInfo = psi };
            _process.OutputDataReceived += (_, e) => Add("out", e.Data);
            _process.ErrorDataReceived += (_, e) => Add("err", e.Data);
            _process.Start();
            Tend.TestInfrastructure.ProcessJanitor.Shared.Register(_process.Id);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        private int _open = 2;
        private bool _ended; // both streams closed: no line will come

        private void Add(string stream, string? line)
        {
            if (line is null)
            {
                lock (_gate) { _ended = --_open == 0; Monitor.PulseAll(_gate); }
                return;
            }
            lock (_gate) { _lines.Add((stream, line)); Monitor.PulseAll(_gate); }
        }

        public int Count(string pattern)
        {
            var regex = new Regex(pattern);
            lock (_gate) return _lines.Count(l => regex.IsMatch(l.Line));
        }

        /// <summary>Waits until <paramref name="times"/> lines match (on the given stream, or either).</summary>
        public void WaitForLine(string pattern, string? stream = null, int times = 1, TimeSpan? timeout = null)
        {
            var regex = new Regex(pattern);
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            lock (_gate)
            {
                while (_lines.Count(l => (stream is null || l.Stream == stream) && regex.IsMatch(l.Line)) < times)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || _ended)
                        throw new TimeoutException($"no {times} line(s) /{pattern}/ from the emulated tend{(_ended ? " before it exited" : "")}; got:\n" +
                                                   string.Join('\n', _lines.Select(l => $"[{l.Stream}] {l.Line}")));
                    Monitor.Wait(_gate, left);
                }
            }
        }

        public void Signal(int signal)
        {
            if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        public int WaitForExit(TimeSpan? timeout = null)
        {
            if (!_process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds))
                throw new TimeoutException("the emulated tend did not exit; got:\n" + string.Join('\n', _lines.Select(l => $"[{l.Stream}] {l.Line}")));
            _process.WaitForExit(); // the last lines are in
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
