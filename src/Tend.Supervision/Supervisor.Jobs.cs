using Tend.Logging;
using Tend.Model;
using Tend.Posix;
using Tend.Posix.Spawn;
using Tend.Scheduling;

namespace Tend.Supervision;

/// <summary>
/// Scheduled jobs (tend.yaml `jobs:`, crontab lines). The schedule is kept in wall-clock time (cron
/// is about the clock on the wall, in a zone) and checked on every wake of the loop; the loop's wait
/// is bounded by the nearest due time, so a due job wakes it. Runs are spawned like programs (own
/// process group, output through the log mux with the job's name) and reaped by the one reaper.
/// A run that outlives its timeout is stopped like a program: stop signal to its group, SIGKILL
/// after stop_timeout. Jobs never end Tend and never count for its health. At shutdown, no new run
/// starts and running ones get the same stop as on a timeout; Tend waits for them.
/// </summary>
public sealed partial class Supervisor
{
    private readonly List<JobRuntime> _jobs = [];
    private DateTimeOffset _jobOrigin;

    public IReadOnlyList<JobRuntime> Jobs => _jobs;

    private void InitJobs(IReadOnlyList<JobSpec> jobs)
    {
        _jobOrigin = _options.WallClock.GetUtcNow();
        foreach (var spec in jobs)
            if (CreateJob(spec, atStart: true) is { } job) _jobs.Add(job);
    }

    /// <summary>Null (logged) for a schedule or zone that does not read: the readers check both, so only a hand-made spec gets here.</summary>
    /// <paramref name="atStart"/>: the first run is looked for from the start itself, so an
    /// occurrence at that instant (a crontab's `@reboot`) is one; a job a reload adds counts from now.
    private JobRuntime? CreateJob(JobSpec spec, bool atStart = false)
    {
        if (!TimeZones.TryFind(spec.TimeZone, out var zone, out var error))
        {
            Log($"job {spec.Name}: {error}; it will not run");
            return null;
        }
        var job = new JobRuntime(spec, new JobScheduler(spec.Schedule, zone, _options.WallClock, _jobOrigin));
        job.NextRun = atStart ? job.Scheduler.NextAfter(_jobOrigin.AddTicks(-1)) : job.Scheduler.Next();
        return job;
    }

    /// <summary>Starts the runs that are due; the next due time is the first after now (missed ones are not caught up).</summary>
    private void FireDueJobs()
    {
        if (_jobs.Count == 0 || _shuttingDown) return;
        var now = _options.WallClock.GetUtcNow();
        foreach (var job in _jobs) // starting a run never changes the list
        {
            if (job.NextRun is not { } due || due > now) continue;
            job.NextRun = job.Scheduler.NextAfter(now);
            TriggerRun(job);
        }
    }

    /// <summary>A run is due (schedule or run-job): start it, skip it, or stop the running one first.</summary>
    private ControlOutcome TriggerRun(JobRuntime job)
    {
        switch (JobOverlap.Decide(job.Spec.Concurrency, job.Running.Count))
        {
            case OverlapAction.Skip:
                job.Skipped++;
                var pid = job.Running.Keys.First();
                var message = $"job {job.Name}: previous run (pid {pid}) still running, skipping";
                Log(message);
                return ControlOutcome.Refused(message);
            case OverlapAction.StopThenStart:
                foreach (var run in job.Running.Values) StopRun(job, run, "replaced by a new run");
                job.StartWhenStopped = true;
                return ControlOutcome.Done($"{job.Name}: stopping pid {string.Join(", ", job.Running.Keys)}; the new run starts when it has exited");
            default:
                var started = StartRun(job);
                return started > 0 ? ControlOutcome.Done($"{job.Name}: started pid {started}") : ControlOutcome.Refused($"{job.Name}: could not start (see Tend's log)");
        }
    }

    /// <summary>Spawns one run; returns its pid, or 0 when it could not start (logged, counted as a failure).</summary>
    private int StartRun(JobRuntime job)
    {
        var spec = job.Spec;
        int outRead = -1, outWrite = -1, errRead = -1, errWrite = -1;
        SpawnResult result;
        try
        {
            (outRead, outWrite) = Fd.Pipe();
            (errRead, errWrite) = Fd.Pipe();
            var credentials = CredentialsFor($"job {spec.Name}", spec.Name, spec.User, null, Chat.Info, out var credentialError);
            result = credentialError is not null ? CredentialFailure(credentialError) : _processes.Spawn(new SpawnRequest
            {
                Argv = spec.Command,
                Environment = JobEnvironment(spec),
                WorkingDir = spec.WorkingDir,
                Credentials = credentials,
                StdoutFd = outWrite,
                StderrFd = errWrite,
            });
        }
        catch (PosixException e)
        {
            result = new SpawnResult(0, e.Errno, e.Message);
        }
        finally
        {
            Fd.Close(outWrite);
            Fd.Close(errWrite);
        }
        var startedAt = _options.WallClock.GetUtcNow();
        if (!result.Ok)
        {
            Fd.Close(outRead);
            Fd.Close(errRead);
            job.Failures++;
            job.LastResult = new JobResult(JobOutcome.Failure, CodeOfFailedSpawn(result), null, startedAt, TimeSpan.Zero);
            Log($"job {job.Name}: cannot start: {result.Error}");
            return 0;
        }
        Log($"job {job.Name}: started pid {result.Pid}"); // before its output, as for programs
        _options.Logs.Attach(outRead, job.Name, LogStream.Stdout, spec.LogPrefix);
        _options.Logs.Attach(errRead, job.Name, LogStream.Stderr, spec.LogPrefix);
        var now = NowMs;
        var run = new JobRun(spec, result.Pid, now, startedAt)
        {
            DeadlineMs = spec.Timeout is { } t ? now + (long)t.TotalMilliseconds : long.MaxValue,
        };
        job.Running[result.Pid] = run;
        _children[result.Pid] = new Child(ChildKind.JobRun, Job: job, Run: run);
        return result.Pid;
    }

    private IReadOnlyList<string> JobEnvironment(JobSpec spec)
    {
        var env = new Dictionary<string, string>(_options.Environment);
        foreach (var (k, v) in spec.Environment) env[k] = v;
        return env.Select(kv => $"{kv.Key}={kv.Value}").ToList();
    }

    /// <summary>A job's run ended (routed by <see cref="RouteExits"/>).</summary>
    private void OnJobExit(int pid, JobRuntime job, JobRun run, ExitStatus status)
    {
        job.Running.Remove(pid);
        var duration = TimeSpan.FromMilliseconds(NowMs - run.StartedMs);
        var outcome = run.TimedOut ? JobOutcome.Timeout : status is { Signaled: false, Code: 0 } ? JobOutcome.Success : JobOutcome.Failure;
        switch (outcome)
        {
            case JobOutcome.Success: job.Successes++; break;
            case JobOutcome.Failure: job.Failures++; break;
            default: job.Timeouts++; break;
        }
        job.LastResult = new JobResult(outcome, status.Signaled ? null : status.Code, status.Signaled ? Model.Signals.Name(status.Signal) : null, run.StartedAt, duration);
        var what = outcome == JobOutcome.Timeout ? $"timed out ({Describe(status)})" : $"exited with {Describe(status)}";
        var ms = (long)duration.TotalMilliseconds;
        Log($"job {job.Name}: pid {pid} {what} after {(ms < 10_000 ? $"{ms} ms" : FormatMs(ms))}", after: job.Name);
        if (job.StartWhenStopped && job.Running.Count == 0)
        {
            job.StartWhenStopped = false;
            if (!_shuttingDown && !job.Removed) StartRun(job);
        }
    }

    /// <summary>Stop signal (and SIGCONT) to the run's process group; SIGKILL after its stop_timeout.</summary>
    private void StopRun(JobRuntime job, JobRun run, string why)
    {
        if (run.Stopping) return;
        run.Stopping = true;
        run.DeadlineMs = NowMs + (long)run.Spec.StopTimeout.TotalMilliseconds;
        Log($"job {job.Name}: stopping pid {run.Pid} ({why})");
        // The run leads its own process group (a shell's children too); once each, so a trap runs once.
        _processes.SignalGroup(run.Pid, run.Spec.StopSignal);
        _processes.SignalGroup(run.Pid, Model.Signals.SIGCONT);
    }

    /// <summary>A run's deadline came (see <see cref="FireChildDeadlines"/>): its timeout (stop it), or its stop_timeout (SIGKILL).</summary>
    private void JobRunDue(JobRuntime job, JobRun run)
    {
        if (!run.Stopping)
        {
            run.TimedOut = true;
            StopRun(job, run, $"timeout of {FormatMs((long)(run.Spec.Timeout ?? TimeSpan.Zero).TotalMilliseconds)} reached");
            return;
        }
        run.DeadlineMs = long.MaxValue; // killed once; reaped later
        Log($"job {job.Name}: pid {run.Pid} killed after {FormatMs((long)run.Spec.StopTimeout.TotalMilliseconds)} (did not stop on {Model.Signals.Name(run.Spec.StopSignal)})");
        _processes.SignalGroup(run.Pid, Model.Signals.SIGKILL);
        _processes.Signal(run.Pid, Model.Signals.SIGKILL);
    }

    /// <summary>The nearest due time of a scheduled run, in monotonic ms (the runs' own deadlines are the child table's).</summary>
    private long NextJobDeadline()
    {
        var next = long.MaxValue;
        if (_shuttingDown || _jobs.Count == 0) return next;
        var wallNow = _options.WallClock.GetUtcNow();
        var nowMs = NowMs;
        foreach (var job in _jobs)
        {
            if (job.NextRun is not { } due) continue;
            // Rounded up: waking a millisecond early would only spin once more.
            var ms = (long)Math.Ceiling((due - wallNow).TotalMilliseconds);
            next = Math.Min(next, nowMs + Math.Max(0, ms));
        }
        return next;
    }

    /// <summary>Shutdown: no run starts any more; running ones are stopped and waited for.</summary>
    private void StopJobRuns()
    {
        foreach (var child in _children.Values.Where(c => c.Kind == ChildKind.JobRun).ToList()) StopRun(child.Job!, child.Run!, "tend is shutting down");
    }

    private bool JobRunsLeft => AnyChild(ChildKind.JobRun);

    /// <summary>Every job's status, in declaration order.</summary>
    public IReadOnlyList<JobStatus> JobSnapshot() =>
        _jobs.Select(j => new JobStatus(j.Name, j.Spec.Schedule.Text, j.Spec.TimeZone, j.Running.Keys.Order().ToList(), j.LastResult, j.NextRun,
            j.Successes, j.Failures, j.Timeouts, j.Skipped)).ToList();

    /// <summary>`tend ctl run-job NAME`: a run now, under the job's concurrency policy; its schedule is unchanged.</summary>
    public ControlOutcome RunJobNow(string name)
    {
        if (_shuttingDown) return ControlOutcome.Refused($"{name}: tend is shutting down");
        var job = _jobs.FirstOrDefault(j => j.Name == name);
        if (job is null)
        {
            var close = _jobs.Select(j => j.Name).OrderBy(j => Distance(j, name)).FirstOrDefault();
            return ControlOutcome.Refused(close is not null && Distance(close, name) <= 2
                ? $"no job named '{name}'; did you mean '{close}'?"
                : $"no job named '{name}'");
        }
        return TriggerRun(job);
    }

    /// <summary>Whether NAME is a job (for `tend ctl logs NAME`).</summary>
    public bool IsJob(string name) => _jobs.Any(j => j.Name == name);

    /// <summary>
    /// After a reload: new jobs are scheduled, removed ones stop being scheduled (a running run
    /// finishes), changed ones take their new spec and schedule (a running run keeps its own).
    /// Programs are not touched.
    /// </summary>
    private (int Added, int Removed, int Changed) ReloadJobs(IReadOnlyList<JobSpec> specs)
    {
        int added = 0, removed = 0, changed = 0;
        var wanted = specs.ToDictionary(s => s.Name);
        foreach (var job in _jobs.ToList())
        {
            if (!wanted.TryGetValue(job.Name, out var spec))
            {
                removed++;
                job.Removed = true;
                job.StartWhenStopped = false;
                _jobs.Remove(job);
                continue;
            }
            if (JobSpecs.Same(job.Spec, spec)) continue;
            changed++;
            if (CreateJob(spec) is not { } fresh) continue;
            job.Spec = spec;
            job.Scheduler = fresh.Scheduler;
            job.NextRun = fresh.NextRun;
        }
        foreach (var spec in specs)
        {
            if (_jobs.Any(j => j.Name == spec.Name)) continue;
            if (CreateJob(spec) is { } job) { _jobs.Add(job); added++; }
        }
        var order = specs.Select(s => s.Name).ToList();
        _jobs.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
        return (added, removed, changed);
    }
}
