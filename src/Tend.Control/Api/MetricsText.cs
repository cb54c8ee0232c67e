using System.Globalization;
using System.Text;
using Tend.Logging;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>Prometheus text exposition (version 0.0.4) of the programs and of Tend itself.</summary>
public static class MetricsText
{
    private static readonly string[] States = ["STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL"];

    public static string Render(IReadOnlyList<ProgramStatus> programs, long residentBytes, long droppedMessages, IReadOnlyList<StreamCount>? logs = null,
        IReadOnlyList<JobStatus>? jobs = null, IReadOnlyDictionary<int, ProgramResources>? resources = null)
    {
        var sb = new StringBuilder();
        Header(sb, "tend_program_state", "gauge", "1 for the state the program is in (supervisord's state names)");
        foreach (var p in programs)
            foreach (var s in States)
                Line(sb, "tend_program_state", $"program=\"{Escape(p.Name)}\",state=\"{s}\"", p.State == s ? 1 : 0);
        Header(sb, "tend_program_ready", "gauge", "1 when RUNNING and passing its readiness probe");
        foreach (var p in programs) Line(sb, "tend_program_ready", Label(p), p.Ready ? 1 : 0);
        Header(sb, "tend_program_restarts_total", "counter", "starts after the first, whatever caused them (crash, backoff retry, liveness, reload, restart)");
        foreach (var p in programs) Line(sb, "tend_program_restarts_total", Label(p), p.Restarts);
        Header(sb, "tend_program_last_exit_code", "gauge", "exit code of the last exit (128+N for signal N); absent before the first");
        foreach (var p in programs)
            if (p.LastExitCode is { } code) Line(sb, "tend_program_last_exit_code", Label(p), code);
            else if (p.LastExitSignal is { } sig && Model.Signals.TryParse(sig, out var n)) Line(sb, "tend_program_last_exit_code", Label(p), 128 + n);
        Header(sb, "tend_program_oom_kills_total", "counter", "exits of the program's process caused by the kernel's OOM killer");
        foreach (var p in programs) Line(sb, "tend_program_oom_kills_total", Label(p), p.OomKills);
        Header(sb, "tend_program_uptime_seconds", "gauge", "seconds since the running process started; 0 when not running");
        foreach (var p in programs) Line(sb, "tend_program_uptime_seconds", Label(p), p.UptimeSeconds ?? 0);
        Header(sb, "tend_program_probe_failures_total", "counter", "failed readiness and liveness probe runs");
        foreach (var p in programs) Line(sb, "tend_program_probe_failures_total", Label(p), p.ProbeFailures);
        if (resources is not null) RenderResources(sb, programs, resources);
        if (jobs is { Count: > 0 }) RenderJobs(sb, jobs);
        logs ??= [];
        Header(sb, "tend_log_bytes_total", "counter", "bytes a program wrote on stdout or stderr, forwarded by Tend");
        foreach (var c in logs) Line(sb, "tend_log_bytes_total", StreamLabel(c), c.Bytes);
        Header(sb, "tend_log_lines_total", "counter", "lines a program wrote on stdout or stderr (an over-long line counts once per piece)");
        foreach (var c in logs) Line(sb, "tend_log_lines_total", StreamLabel(c), c.Lines);
        Header(sb, "tend_log_dropped_lines_total", "counter", "lines dropped because Tend's stdout or stderr was not draining (log_buffer full)");
        foreach (var c in logs) Line(sb, "tend_log_dropped_lines_total", StreamLabel(c), c.DroppedLines);
        Header(sb, "tend_log_dropped_bytes_total", "counter", "bytes of those lines, as formatted for the output");
        foreach (var c in logs) Line(sb, "tend_log_dropped_bytes_total", StreamLabel(c), c.DroppedBytes);
        Header(sb, "tend_resident_memory_bytes", "gauge", "Tend's own resident set size");
        Line(sb, "tend_resident_memory_bytes", null, residentBytes);
        Header(sb, "tend_log_messages_dropped_total", "counter", "Tend's own log messages dropped while its output was blocked");
        Line(sb, "tend_log_messages_dropped_total", null, droppedMessages);
        return sb.ToString();
    }

    /// <summary>Per running program: its process tree's CPU time and resident memory (read from /proc at the scrape).</summary>
    private static void RenderResources(StringBuilder sb, IReadOnlyList<ProgramStatus> programs, IReadOnlyDictionary<int, ProgramResources> resources)
    {
        var measured = programs.Where(p => p.Pid is { } pid && resources.ContainsKey(pid)).Select(p => (p, resources[p.Pid!.Value])).ToList();
        Header(sb, "tend_program_cpu_seconds_total", "counter", "user and system CPU time of the running program's process tree (restarts from 0 with the process)");
        foreach (var (p, r) in measured) Line(sb, "tend_program_cpu_seconds_total", Label(p), r.CpuSeconds);
        Header(sb, "tend_program_memory_bytes", "gauge", "resident memory of the running program's process tree (sum of its processes' RSS)");
        foreach (var (p, r) in measured) Line(sb, "tend_program_memory_bytes", Label(p), r.MemoryBytes);
    }

    /// <summary>VmRSS of this process, in bytes (0 if /proc cannot tell).</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return 0;
    }

    private static void RenderJobs(StringBuilder sb, IReadOnlyList<JobStatus> jobs)
    {
        Header(sb, "tend_job_runs_total", "counter", "runs of a scheduled job by result (success, failure, timeout; skipped: due while the previous run still ran)");
        foreach (var j in jobs)
        {
            var name = $"job=\"{Escape(j.Name)}\"";
            Line(sb, "tend_job_runs_total", name + ",result=\"success\"", j.Successes);
            Line(sb, "tend_job_runs_total", name + ",result=\"failure\"", j.Failures);
            Line(sb, "tend_job_runs_total", name + ",result=\"timeout\"", j.Timeouts);
            Line(sb, "tend_job_runs_total", name + ",result=\"skipped\"", j.Skipped);
        }
        Header(sb, "tend_job_last_exit_code", "gauge", "exit code of the job's last run (128+N for signal N); absent before the first");
        foreach (var j in jobs)
            if (j.LastResult is { } r)
            {
                var code = r.ExitCode ?? (r.Signal is { } sig && Model.Signals.TryParse(sig, out var n) ? 128 + n : (int?)null);
                if (code is { } c) Line(sb, "tend_job_last_exit_code", $"job=\"{Escape(j.Name)}\"", c);
            }
        Header(sb, "tend_job_last_duration_seconds", "gauge", "how long the job's last run took");
        foreach (var j in jobs)
            if (j.LastResult is { } r) Line(sb, "tend_job_last_duration_seconds", $"job=\"{Escape(j.Name)}\"", r.Duration.TotalSeconds);
        Header(sb, "tend_job_next_run_timestamp_seconds", "gauge", "when the job is next due, in Unix seconds; absent when never");
        foreach (var j in jobs)
            if (j.NextRun is { } next) Line(sb, "tend_job_next_run_timestamp_seconds", $"job=\"{Escape(j.Name)}\"", next.ToUnixTimeSeconds());
        Header(sb, "tend_job_running", "gauge", "runs of the job going now");
        foreach (var j in jobs) Line(sb, "tend_job_running", $"job=\"{Escape(j.Name)}\"", j.RunningPids.Count);
    }

    private static string Label(ProgramStatus p) => $"program=\"{Escape(p.Name)}\"";

    private static string StreamLabel(StreamCount c) =>
        $"program=\"{Escape(c.Program)}\",stream=\"{(c.Stream == LogStream.Stdout ? "stdout" : "stderr")}\"";

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, string? labels, double value)
    {
        sb.Append(name);
        if (labels is not null) sb.Append('{').Append(labels).Append('}');
        sb.Append(' ').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
