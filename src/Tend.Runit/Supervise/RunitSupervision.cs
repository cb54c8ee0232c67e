using System.Collections.Concurrent;
using Tend.Logging;
using Tend.Model;
using Tend.Posix.Events;
using Tend.Runit.Control;
using Tend.Supervision;

namespace Tend.Runit.Supervise;

/// <summary>
/// runsv's side of the supervise/ protocol for a runit tree, so the real sv(8) works unchanged:
/// every service directory (with its log/) gets its supervise/ directories at start, kept current
/// from the supervisor's state changes, and its control FIFO served.
///
/// It joins the protocol (this project's Control/ and Status/) to the loop (Tend.Supervision, which
/// knows nothing of runit). It owns a thread
/// with its own epoll set (control FIFOs and a wake-up eventfd), so the supervision loop gains no
/// descriptors and no work: its observer only records the change and wakes this thread, and this
/// thread is the only writer of the status files. Commands reach programs through
/// <see cref="Supervisor.Call{T}"/>.
/// </summary>
public sealed class RunitSupervision : IDisposable
{
    private const ulong WakeToken = 0;

    private readonly Supervisor _supervisor;
    private readonly LogMux _logs;
    private readonly List<RunitService> _services = [];
    private readonly Dictionary<string, SuperviseEndpoint> _byProgram = [];
    private readonly ConcurrentQueue<ProgramView> _changes = new();
    private readonly EventFd _wake = new();
    private readonly Epoll _epoll = new();
    private readonly ControlExecutor _executor;
    private readonly List<ControlCommand> _commands = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private RunitSupervision(Supervisor supervisor, LogMux logs)
    {
        _supervisor = supervisor;
        _logs = logs;
        _executor = new ControlExecutor(supervisor, Report, () => _stopping);
        _thread = new Thread(Loop) { IsBackground = true, Name = "runit-supervise" };
    }

    /// <summary>
    /// Opens the supervise/ directories of every service in <paramref name="programs"/> and starts
    /// serving them. Call before <see cref="Supervisor.Run"/>: observers are added here. A service
    /// another supervisor holds is reported and left alone (runsv would exit 111).
    /// </summary>
    public static RunitSupervision Start(Supervisor supervisor, IReadOnlyList<ProgramSpec> programs, LogMux logs)
    {
        var runit = new RunitSupervision(supervisor, logs);
        var now = DateTimeOffset.UtcNow;
        var byDirectory = programs.Where(p => p.ServiceDirectory is not null)
            .ToDictionary(p => Path.GetFullPath(p.ServiceDirectory!), p => p.Name);
        foreach (var (directory, name) in byDirectory)
        {
            // A log/ directory is opened with its service (SupervisedService does both, in runsv's order).
            if (Path.GetFileName(directory) == "log" && byDirectory.ContainsKey(Path.GetDirectoryName(directory)!)) continue;
            byDirectory.TryGetValue(Path.Combine(directory, "log"), out var logName);
            runit.Open(directory, name, logName, now);
        }
        runit._epoll.Add(runit._wake.Fd, WakeToken);
        supervisor.Observe(runit.OnStateChange);
        runit._thread.Start();
        return runit;
    }

    private void Open(string directory, string name, string? logName, DateTimeOffset now)
    {
        SupervisedService opened;
        try { opened = SupervisedService.Open(directory, now); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Posix.PosixException)
        {
            Report($"{directory}: sv cannot control this service: {Model.ErrorText.Of(e)}");
            return;
        }
        var main = new SuperviseEndpoint(name, opened.Main, isLog: false, SupervisedService.InitialStatus(directory, now));
        SuperviseEndpoint? log = null;
        if (opened.Log is { } logDirectory && logName is not null)
            log = new SuperviseEndpoint(logName, logDirectory, isLog: true, SupervisedService.InitialStatus(logDirectory.ServiceDirectory, now));
        var service = new RunitService(opened, main, log);
        _services.Add(service);
        foreach (var endpoint in service.Endpoints)
        {
            _byProgram[endpoint.Program] = endpoint;
            _epoll.Add(endpoint.Directory.ControlFd, (ulong)_services.Count); // token: index + 1
        }
    }

    /// <summary>On the loop thread: record and wake, nothing more.</summary>
    private void OnStateChange(StateChange change)
    {
        if (!_byProgram.ContainsKey(change.Program.Name)) return; // written before Run, only read since
        _changes.Enqueue(ProgramView.Of(change.Program, change.AtUnixMs));
        _wake.Signal();
    }

    private void Loop()
    {
        Span<ulong> ready = stackalloc ulong[16];
        while (!_stopping)
        {
            int n;
            try { n = _epoll.Wait(ready, -1); }
            catch (Posix.PosixException e) { Report($"runit: epoll failed: {Model.ErrorText.Of(e)}"); return; }
            try
            {
                for (var i = 0; i < n && !_stopping; i++)
                {
                    if (ready[i] == WakeToken) _wake.Reset();
                    else ServeControl(_services[(int)ready[i] - 1]);
                }
                ApplyChanges();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Report($"runit: internal error: {Model.ErrorText.Of(e)}"); // sv's trouble must not end supervision
            }
        }
    }

    private void ServeControl(RunitService service)
    {
        foreach (var endpoint in service.Endpoints)
        {
            if (service.Released) return;
            _commands.Clear();
            endpoint.Directory.DrainCommands(_commands);
            foreach (var command in _commands)
            {
                ApplyChanges(); // decide on the latest state the loop reported
                _executor.Execute(endpoint, command);
                CheckExit(service);
            }
        }
    }

    /// <summary>Folds the recorded state changes into the records and publishes what changed.</summary>
    private void ApplyChanges()
    {
        var touched = new HashSet<RunitService>();
        while (_changes.TryDequeue(out var view))
        {
            if (!_byProgram.TryGetValue(view.Name, out var endpoint)) continue;
            var service = _services.First(s => s.Main == endpoint || s.Log == endpoint);
            if (service.Released || !endpoint.Apply(view)) continue;
            endpoint.Publish(Report);
            touched.Add(service);
        }
        foreach (var service in touched) CheckExit(service);
    }

    /// <summary>runsv's end-of-loop check after 'x': stop the log, then stop supervising.</summary>
    private void CheckExit(RunitService service)
    {
        if (service.Released) return;
        var main = service.Main.Status;
        var step = ExitDecision.Next(main.State, main.Want, service.Log?.Status.Pid ?? 0, service.Log?.Status.Want);
        if (step == ExitStep.StopLog) _executor.StopLog(service.Log!);
        else if (step == ExitStep.Release) service.Release(_epoll);
    }

    private void Report(string message) => _logs.Event(message, stream: LogStream.Stderr);

    /// <summary>After the supervisor has stopped: publish the last states, then release every directory (sv: "runsv not running").</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Signal();
        if (!_thread.Join(TimeSpan.FromSeconds(15))) Report("runit: the supervise thread did not stop");
        else ApplyChanges();
        foreach (var service in _services) service.Release(_epoll);
        _epoll.Dispose();
        _wake.Dispose();
    }

    /// <summary>A service directory and its optional log/, opened together and released together.</summary>
    private sealed class RunitService(SupervisedService opened, SuperviseEndpoint main, SuperviseEndpoint? log)
    {
        public SuperviseEndpoint Main { get; } = main;
        public SuperviseEndpoint? Log { get; } = log;
        public bool Released { get; private set; }
        public IEnumerable<SuperviseEndpoint> Endpoints => Log is null ? [Main] : [Main, Log];

        public void Release(Epoll epoll)
        {
            if (Released) return;
            Released = true;
            foreach (var endpoint in Endpoints) epoll.Remove(endpoint.Directory.ControlFd);
            opened.Dispose();
        }
    }
}
