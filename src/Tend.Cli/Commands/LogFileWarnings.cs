using Tend.Model;
using Tend.Posix.Files;
using Tend.Posix.Spawn;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend check`: the log files Tend, running as root, would refuse to write because someone other
/// than root (or the program's own user) could redirect them (Tend.Posix's TrustedPath), said
/// before the container runs rather than at the first line of output. Warnings, at the
/// *_logfile key: the directory may still change before `tend run` (a Dockerfile's chown).
/// </summary>
internal static class LogFileWarnings
{
    public static IEnumerable<Diagnostic> Of(TendConfig config)
    {
        if (!TrustedPath.Guarding) yield break; // as another user, Tend writes nothing its programs could not
        var seen = new HashSet<(string, uint?)>();
        foreach (var p in config.Programs)
        {
            uint? uid = p.User is { } user ? UserLookup.Resolve(user, null, out _)?.Uid : null;
            foreach (var file in new[] { p.Stdout.File, p.Stderr.File })
            {
                if (file is null || !seen.Add((file.Path, uid))) continue;
                if (TrustedPath.Refusal(file.Path, uid) is not { } why) continue;
                yield return new Diagnostic(Severity.Warning, file.DefinedAt ?? p.DefinedAt,
                    $"Tend will not write the log file of '{p.Name}': {why}",
                    "make the directory root's or the program's user's and writable by its owner alone, and every directory above it root's and writable by root alone");
            }
        }
    }
}
