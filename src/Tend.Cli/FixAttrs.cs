using System.Text.RegularExpressions;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// s6-overlay's fix-attrs: the files of /etc/fix-attrs.d, applied once before the cont-init.d
/// scripts (s6-overlay v2's stage 2 and v3's fix-attrs oneshot, which every service of the base
/// bundle waits for), and the fix-attrs helper itself, which applies the lines of its standard input
/// (v2 shipped it as /usr/bin/fix-attrs). A line is <c>path recurse account fmode dmode</c>:
/// <list type="bullet">
/// <item>path: a glob (no match: nothing to do);</item>
/// <item>recurse: <c>true</c> descends into directories (hidden entries only with S6_FIX_ATTRS_HIDDEN=1);</item>
/// <item>account: <c>user</c> (its uid and primary gid), <c>user:group</c> (each part a name or a
/// number), each optionally followed by <c>,uid:gid</c>, the numbers used for a part whose name is unknown;</item>
/// <item>fmode, dmode: the octal mode of files and of directories (<c>-</c>: left as it is).</item>
/// </list>
/// Empty lines and lines starting with # are skipped. Tend applies the changes with chown(2) and
/// chmod(2) itself, where s6-overlay ran s6-chown and s6-chmod for each file. A line that cannot be
/// applied (unknown account, bad mode, a failing chown) is reported and the file counts as failed;
/// its other lines are still applied.
/// </summary>
internal static class FixAttrs
{
    public const string Directory = "etc/fix-attrs.d";

    /// <summary>
    /// Applies DIR/etc/fix-attrs.d, with s6-overlay's messages (v2's on stdout, v3's on stderr).
    /// Null to go on; otherwise the code to exit with (a failed file with S6_BEHAVIOUR_IF_STAGE2_FAILS=2;
    /// it defaults to 2 in v3, 0 in v2, as in each).
    /// </summary>
    public static int? RunDirectory(string root, IReadOnlyDictionary<string, string> environment)
    {
        var dir = Path.Combine(root, Directory);
        if (!System.IO.Directory.Exists(dir)) return null;
        var v2 = !System.IO.Directory.Exists(Path.Combine(root, "etc", "s6-overlay"));
        var hidden = Flag(environment, "S6_FIX_ATTRS_HIDDEN", 0) != 0;
        var behaviour = Flag(environment, "S6_BEHAVIOUR_IF_STAGE2_FAILS", v2 ? 0 : 2);
        var files = System.IO.Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        if (v2) Console.Out.WriteLine("[fix-attrs.d] applying ownership & permissions fixes...");
        var failed = false;
        foreach (var name in files)
        {
            var path = Path.Combine(dir, name);
            if (v2) Console.Out.WriteLine($"[fix-attrs.d] {name}: applying... ");
            else Console.Error.WriteLine($"fix-attrs: info: applying {path}");
            var code = Apply(File.ReadAllLines(path), path, hidden);
            if (v2) Console.Out.WriteLine($"[fix-attrs.d] {name}: exited {code}.");
            failed |= code != 0;
        }
        if (v2) Console.Out.WriteLine("[fix-attrs.d] done.");
        else if (files.Count > 0)
            Console.Error.WriteLine("fix-attrs: warning: fix-attrs is deprecated, please fix volume permissions in your container manager instead");
        if (!failed || behaviour == 0) return null;
        Console.Error.WriteLine("fix-attrs: warning: some fix files failed to apply");
        return behaviour >= 2 ? 1 : null;
    }

    /// <summary>The fix-attrs helper: applies the lines of its standard input; 0, or 1 when a line failed.</summary>
    public static int RunHelper()
    {
        var lines = new List<string>();
        while (Console.In.ReadLine() is { } line) lines.Add(line);
        return Apply(lines, "stdin", Flag(CurrentEnvironment(), "S6_FIX_ATTRS_HIDDEN", 0) != 0);
    }

    /// <summary>Applies each line in order (a later line wins over an earlier one on the same file); 0, or 1 when a line failed.</summary>
    public static int Apply(IReadOnlyList<string> lines, string source, bool hidden)
    {
        var code = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var words = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0].StartsWith('#')) continue;
            if (ApplyLine(words, hidden) is { } error)
            {
                Console.Error.WriteLine($"fix-attrs (tend): {source}:{i + 1}: {error}");
                code = 1;
            }
        }
        return code;
    }

    private static string? ApplyLine(string[] words, bool hidden)
    {
        if (words.Length < 5) return "expected 'path recurse account fmode dmode'";
        if (Account(words[2], out var error) is not var (uid, gid)) return error;
        var (fileOk, fileMode) = Mode(words[3]);
        if (!fileOk) return $"'{words[3]}' is not an octal mode (fmode)";
        var (dirOk, dirMode) = Mode(words[4]);
        if (!dirOk) return $"'{words[4]}' is not an octal mode (dmode)";
        var errors = new List<string>();
        foreach (var file in Glob(words[0]))
            ApplyTo(file, words[1] == "true", uid, gid, fileMode, dirMode, hidden, errors);
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    private static void ApplyTo(string path, bool recurse, uint uid, uint gid, int? fileMode, int? dirMode, bool hidden, List<string> errors)
    {
        if (FileOwner.ChangeIds(path, uid, gid) is { } chown) errors.Add(chown);
        var isDirectory = System.IO.Directory.Exists(path);
        if ((isDirectory ? dirMode : fileMode) is { } mode && FileOwner.ChangeMode(path, mode) is { } chmod) errors.Add(chmod);
        // A directory reached through a symbolic link is changed but not descended into: a link back up would never end.
        if (!recurse || !isDirectory || IsLink(path)) return;
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
        {
            if (!hidden && Path.GetFileName(entry).StartsWith('.')) continue;
            ApplyTo(entry, true, uid, gid, fileMode, dirMode, hidden, errors);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>
    /// uid and gid of an account field, as s6-overlay's s6-envuidgid call resolves it: user alone is
    /// its uid and primary gid; user:group each part by name, else as a number, else from the
    /// fallback after the comma.
    /// </summary>
    public static (uint Uid, uint Gid)? Account(string field, out string? error)
    {
        error = null;
        var comma = field.IndexOf(',');
        var account = comma < 0 ? field : field[..comma];
        (uint Uid, uint Gid)? fallback = null;
        if (comma >= 0)
        {
            var parts = field[(comma + 1)..].Split(':');
            if (parts.Length >= 2 && uint.TryParse(parts[0], out var fu) && uint.TryParse(parts[1], out var fg)) fallback = (fu, fg);
        }
        var colon = account.IndexOf(':');
        if (colon < 0)
        {
            if (UserLookup.Resolve(account, null, out var why) is { } credentials) return (credentials.Uid, credentials.Gid);
            if (fallback is { } f) return f;
            error = comma < 0 ? why : $"{why}, and the fallback '{field[(comma + 1)..]}' is not uid:gid";
            return null;
        }
        var user = account[..colon];
        var group = account[(colon + 1)..];
        uint? uid = UserLookup.Resolve(user, null, out _)?.Uid ?? fallback?.Uid;
        uint? gid = UserLookup.GroupId(group) ?? fallback?.Gid;
        if (uid is null) error = $"unknown user \"{user}\" and no uid:gid fallback";
        else if (gid is null) error = $"unknown group \"{group}\" and no uid:gid fallback";
        return uid is { } u && gid is { } g ? (u, g) : null;
    }

    /// <summary>(valid, mode): "-" is valid and leaves the mode as it is.</summary>
    private static (bool, int?) Mode(string word)
    {
        if (word == "-") return (true, null);
        if (word.Length == 0 || word.Length > 5 || word.Any(c => c is < '0' or > '7')) return (false, null);
        return (true, Convert.ToInt32(word, 8));
    }

    /// <summary>The existing paths a glob names, in byte order (*, ? and [...] within one path part; a leading dot only matched by a dot).</summary>
    public static List<string> Glob(string pattern)
    {
        var absolute = pattern.StartsWith('/');
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { absolute ? "/" : "." };
        foreach (var part in parts)
        {
            var next = new List<string>();
            var wild = part.IndexOfAny(['*', '?', '[']) >= 0;
            foreach (var dir in current)
            {
                if (!wild) { next.Add(Path.Combine(dir, part)); continue; }
                if (!System.IO.Directory.Exists(dir)) continue;
                var regex = new Regex("^" + ToRegex(part) + "$", RegexOptions.CultureInvariant);
                next.AddRange(System.IO.Directory.EnumerateFileSystemEntries(dir).Select(e => Path.GetFileName(e))
                    .Where(n => (!n.StartsWith('.') || part.StartsWith('.')) && regex.IsMatch(n))
                    .Order(StringComparer.Ordinal).Select(n => Path.Combine(dir, n)));
            }
            current = next;
        }
        var prefix = absolute ? "" : "./";
        return current.Where(p => File.Exists(p) || System.IO.Directory.Exists(p) || IsLink(p))
            .Select(p => !absolute && p.StartsWith(prefix, StringComparison.Ordinal) ? p[prefix.Length..] : p).ToList();
    }

    private static string ToRegex(string part)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else if (c == '[' && part.IndexOf(']', i + 1) is var close and > 0)
            {
                var set = part[(i + 1)..close];
                sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }

    private static int Flag(IReadOnlyDictionary<string, string> environment, string name, int fallback) =>
        environment.TryGetValue(name, out var value) && int.TryParse(value.Trim(), out var n) ? n : fallback;

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }
}
