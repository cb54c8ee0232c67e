using Tend.Model;

namespace Tend.Config;

/// <summary>What the user or group database says about a name.</summary>
public enum AccountLookup { Found, Missing, Unreadable }

/// <summary>
/// The machine's users and groups (getpwnam, getgrnam). An interface so that reading a
/// configuration stays free of system calls, and tests can give a database of their own.
/// </summary>
public interface IAccountDatabase
{
    /// <summary>Found or Missing; Unreadable (with why) when the database itself could not be read.</summary>
    (AccountLookup Result, string? Why) FindUser(string name);

    /// <inheritdoc cref="FindUser"/>
    (AccountLookup Result, string? Why) FindGroup(string name);
}

/// <summary>
/// The last step of `tend check` and `tend run` (and of a reload): every user and group a program
/// or job runs as must exist, so `user: nosuchuser` is an error at its line before anything starts,
/// not a spawn failure once the container runs. Numeric ids are always accepted (a uid need not
/// have a name). When the database cannot be read, nothing is decided: one warning says so.
/// </summary>
public static class AccountCheck
{
    /// <summary><paramref name="result"/> with the account diagnostics added after its own; its config is withheld when one is an error.</summary>
    public static ConfigResult Apply(ConfigResult result, IAccountDatabase accounts)
    {
        if (result.Config is null) return result;
        var found = Check(result.Config, accounts);
        if (found.Count == 0) return result;
        var errors = found.Any(d => d.Severity == Severity.Error);
        return new ConfigResult(errors ? null : result.Config, [.. result.Diagnostics, .. found]);
    }

    public static IReadOnlyList<Diagnostic> Check(TendConfig config, IAccountDatabase accounts)
    {
        var names = new List<(string Kind, string Name, string Owner, SourceLocation? At)>();
        foreach (var p in config.Programs)
        {
            if (p.User is { } user) names.Add(("user", user, $"program '{p.Name}'", p.UserAt ?? p.DefinedAt));
            if (p.Group is { } group) names.Add(("group", group, $"program '{p.Name}'", p.GroupAt ?? p.DefinedAt));
        }
        foreach (var j in config.Jobs)
            if (j.User is { } user) names.Add(("user", user, $"job '{j.Name}'", j.UserAt ?? j.DefinedAt));

        var diagnostics = new List<Diagnostic>();
        var reported = new HashSet<(string, string, SourceLocation?)>();
        string? unreadable = null;
        SourceLocation? firstUnchecked = null;
        foreach (var (kind, name, owner, at) in names)
        {
            // A number is used as the id itself; numprocs copies and YAML aliases share one location: one report.
            if (uint.TryParse(name, out _) || !reported.Add((kind, name, at))) continue;
            var (answer, why) = kind == "user" ? accounts.FindUser(name) : accounts.FindGroup(name);
            if (answer == AccountLookup.Unreadable)
            {
                unreadable ??= why;
                firstUnchecked ??= at;
            }
            else if (answer == AccountLookup.Missing)
            {
                var database = kind == "user" ? "user database (/etc/passwd)" : "group database (/etc/group)";
                diagnostics.Add(new Diagnostic(Severity.Error, at, $"unknown {kind} \"{name}\" for {owner}",
                    $"there is no such {kind} in the {database}; create it in the image, or give an existing name or a numeric id"));
            }
        }
        if (unreadable is not null)
            diagnostics.Add(new Diagnostic(Severity.Warning, firstUnchecked, $"users and groups not checked: the user database cannot be read ({unreadable})",
                "an unknown name is reported when its program starts"));
        return diagnostics;
    }
}
