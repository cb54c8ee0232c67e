using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>
/// GET /v1/status?names=a,b (`tend ctl status NAME...`): only those programs and jobs, in the order
/// asked, as supervisorctl's `status NAME` shows them. "all" (or no names) is everything. An unknown
/// name is refused as a whole, naming the known ones, so a typo never reads as an empty answer.
/// </summary>
internal static class StatusFilter
{
    public static bool TryApply(IReadOnlyList<string> names, IReadOnlyList<ProgramStatus> programs, IReadOnlyList<JobStatus> jobs,
        out IReadOnlyList<ProgramStatus> shownPrograms, out IReadOnlyList<JobStatus> shownJobs, out string? error)
    {
        (shownPrograms, shownJobs, error) = (programs, jobs, null);
        if (names.Count == 0 || names.Contains("all")) return true;
        var unknown = names.Where(n => programs.All(p => p.Name != n) && jobs.All(j => j.Name != n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var known = programs.Select(p => p.Name).Concat(jobs.Select(j => j.Name)).ToList();
            var which = unknown.Count == 1 ? $"no program or job named '{unknown[0]}'" : $"no programs or jobs named {string.Join(", ", unknown.Select(u => $"'{u}'"))}";
            error = known.Count == 0 ? $"{which}; there are none" : $"{which}; known: {string.Join(", ", known)}";
            return false;
        }
        var distinct = names.Distinct().ToList();
        shownPrograms = distinct.SelectMany(n => programs.Where(p => p.Name == n)).ToList();
        shownJobs = distinct.SelectMany(n => jobs.Where(j => j.Name == n)).ToList();
        return true;
    }
}
