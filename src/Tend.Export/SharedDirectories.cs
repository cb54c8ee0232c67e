using System.Text.RegularExpressions;
using Tend.Model;

namespace Tend.Export;

/// <summary>
/// What programs of one container shared without saying so, and must still share once each runs
/// in a container of its own: runtime directories (unix sockets, pid files, generated configs, all
/// under /run, /var/run or /tmp), and data directories one writes and another reads (under /var/lib,
/// /var/tmp, /var/cache, /var/log, /var/spool, /srv/data... any writable place). The exporter finds
/// every absolute path in the programs' and jobs' commands and environment values (a <c>${VAR}</c>
/// read at its default), takes the directory it lies in at the first level below such a place
/// (/run/tend-lemp/mysqld/mysqld.sock → /run/tend-lemp), and gives each directory that two or more
/// of them name to all of those as a shared volume, with a warning naming it. Directories of the
/// image itself (/usr, /etc, /srv/app, /opt...) hold its files and are never covered by a volume.
/// </summary>
public static partial class SharedDirectories
{
    /// <summary>The places programs write to at run time, whose first level below is one shared directory.</summary>
    private static readonly string[] WritablePlaces = ["/run/", "/var/run/", "/tmp/", "/var/tmp/", "/var/lib/", "/var/cache/", "/var/log/", "/var/spool/", "/dev/shm/"];

    /// <summary>Directory → the programs and jobs (in configuration order) that name it, for directories named by two or more.</summary>
    public static SortedDictionary<string, List<string>> Infer(TendConfig config)
    {
        var users = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string name, IEnumerable<string> texts)
        {
            foreach (var dir in texts.SelectMany(t => DirectoriesIn(ExportedVariables.WithDefaultValues(t))).Distinct())
            {
                if (!users.TryGetValue(dir, out var list)) users[dir] = list = [];
                if (!list.Contains(name)) list.Add(name);
            }
        }
        foreach (var p in config.Programs) Add(p.Name, TextsOf(p));
        foreach (var j in config.Jobs) Add(j.Name, TextsOf(j));
        foreach (var dir in users.Where(u => u.Value.Count < 2).Select(u => u.Key).ToList()) users.Remove(dir);
        return users;
    }

    /// <summary>The shared directories a program or job names (what it mounts).</summary>
    public static IEnumerable<string> UsedBy(string name, SortedDictionary<string, List<string>> shared) =>
        shared.Where(s => s.Value.Contains(name)).Select(s => s.Key);

    /// <summary>The warning that names what was inferred.</summary>
    public static string Warning(string dir, IReadOnlyList<string> users, string how) =>
        $"{string.Join(", ", users)} all name {dir}, which the one container shared: it is {how} mounted in each (inferred from their commands and environments)";

    /// <summary>The texts of a program that can name a path: command, environment values, probes, working directory, persistent directories.</summary>
    internal static IEnumerable<string> TextsOf(ProgramSpec p) => p.Command.Concat(p.Environment.Values)
        .Concat(p.Readiness?.Command ?? []).Concat(p.Liveness?.Command ?? []).Concat(p.WorkingDir is { } w ? [w] : []).Concat(p.Persistent);

    /// <inheritdoc cref="TextsOf(ProgramSpec)"/>
    internal static IEnumerable<string> TextsOf(JobSpec j) => j.Command.Concat(j.Environment.Values).Concat(j.WorkingDir is { } w ? [w] : []);

    /// <summary>Every absolute path in <paramref name="text"/>, without trailing punctuation.</summary>
    internal static IEnumerable<string> AbsolutePaths(string text)
    {
        foreach (Match m in AbsolutePath().Matches(text))
            yield return m.Value.TrimEnd('/', '.', ',', ';', ':', '"', '\'');
    }

    internal static IEnumerable<string> DirectoriesIn(string text)
    {
        foreach (var path in AbsolutePaths(text))
        {
            foreach (var place in WritablePlaces)
            {
                if (!path.StartsWith(place, StringComparison.Ordinal)) continue;
                var rest = path[place.Length..];
                var first = rest.Split('/')[0];
                // A file right in the place (/tmp/x.sock) is not a directory of its own: the place is shared.
                var dir = first.Length == 0 ? null : rest.Contains('/') || !first.Contains('.') ? place + first : place.TrimEnd('/');
                if (dir is not null) yield return dir;
                break;
            }
        }
    }

    /// <summary>An absolute path: a '/' at the start or after '=', ':', a space or a quote, then path characters.</summary>
    [GeneratedRegex(@"(?<=^|[=:\s""'])/[A-Za-z0-9._@+/-]+")]
    private static partial Regex AbsolutePath();
}
