using Tend.Model;

namespace Tend.Supervision;

/// <summary>Value equality of job specs for a reload (records compare their lists by reference).</summary>
internal static class JobSpecs
{
    public static bool Same(JobSpec a, JobSpec b) =>
        a.Name == b.Name && a.Schedule.Text == b.Schedule.Text && a.Command.SequenceEqual(b.Command)
        && a.Environment.Count == b.Environment.Count && a.Environment.All(kv => b.Environment.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && a.WorkingDir == b.WorkingDir && a.User == b.User && a.TimeZone == b.TimeZone && a.Timeout == b.Timeout
        && a.Concurrency == b.Concurrency && a.StopSignal == b.StopSignal && a.StopTimeout == b.StopTimeout && a.LogPrefix == b.LogPrefix;
}
