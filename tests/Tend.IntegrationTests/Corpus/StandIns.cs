using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests.Corpus;

/// <summary>
/// A copy of a corpus entry in which only what cannot run on this machine is replaced: each program
/// (nginx, php-fpm, Sonarr...) and each init script (they chown and usermod a container's files, so
/// they must not run on the host) becomes the stand-in, which records "KIND NAME" in an order file,
/// says "stand-in NAME", and, for a long-running program, becomes the test dummy, sleeping until TERM.
/// Everything else (sections, keys, type files, dependencies.d, bundles, comment-only up files,
/// modes) stays as published.
/// </summary>
public sealed class StandIns
{
    public string Dir { get; }
    public string OrderFile { get; }
    private readonly string _standIn;

    public StandIns(CorpusEntry entry, TempDir temp)
    {
        Dir = Path.Combine(temp.Path, "entry");
        Copy(entry.Dir, Dir);
        OrderFile = Path.Combine(temp.Path, "order");
        _standIn = Path.Combine(temp.Path, "stand-in");
        File.WriteAllText(_standIn, $"""
            #!/bin/sh
            echo "stand-in $2"
            if [ -n "$3" ]; then echo >&$3; fi
            if [ "$1" = oneshot ]; then echo "$1 $2" >> {OrderFile}; exit 0; fi
            # A pipeline's consumer (s6-log's part) reads its producer's output until it ends or TERM comes.
            if [ "$1" = consumer ]; then echo "longrun $2" >> {OrderFile}; exec cat > /dev/null; fi
            # Recorded once TERM is trapped, so a test that sees the line may stop it.
            exec {Paths.Dummy} trap-term 0 then append {OrderFile} "$1" "$2" then sleep inf
            """ + "\n");
        File.SetUnixFileMode(_standIn, (UnixFileMode)0b111_101_101);
        Bin = Directory.CreateDirectory(Path.Combine(temp.Path, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(Bin, "s6-notifyoncheck"), Paths.Tend);
        // Programs with user= (invoiceninja's www-data workers) run the stand-in and record their start too.
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
        File.WriteAllText(OrderFile, "");
        File.SetUnixFileMode(OrderFile, (UnixFileMode)0b110_110_110);
    }

    /// <summary>The longruns whose s6-notifyoncheck line was kept: ready only through it.</summary>
    public List<string> ReadyByNotifyOnCheck { get; } = [];

    /// <summary>The s6 helpers the kept lines call (a link named s6-notifyoncheck to tend), first on PATH.</summary>
    public string Bin { get; }

    /// <summary>The order file's lines ("oneshot NAME", "longrun NAME"), as written so far.</summary>
    public List<string> Order() => File.Exists(OrderFile) ? File.ReadAllLines(OrderFile).ToList() : [];

    /// <summary>Empties the order file for another run, keeping its mode (everyone may append).</summary>
    public void ResetOrder() => File.WriteAllText(OrderFile, "");

    /// <summary>The pid of the running stand-in for <paramref name="name"/> (the test dummy it became).</summary>
    public int PidOf(string name) =>
        Processes.Running(OrderFile).Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(name));

    /// <summary>A script that runs the stand-in; keeps the mode the original had (v2 scripts are 0644).</summary>
    private void ReplaceScript(string path, string kind, string name, string? fd = null)
    {
        var mode = File.GetUnixFileMode(path);
        File.WriteAllText(path, $"#!/bin/sh\nexec {_standIn} {kind} {name} {fd}\n");
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>
    /// Every command= of supervisord.conf and of the files it includes from root/ becomes the stand-in
    /// for that program; an [eventlistener:x] whose script is in the entry (mailcow's
    /// stop-supervisor.sh) runs that script, from the copy, with its arguments.
    /// </summary>
    public void Supervisord()
    {
        foreach (var conf in SupervisordFiles(Dir))
        {
            var section = "";
            var lines = File.ReadAllLines(conf).Select(line =>
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith('[')) section = trimmed;
                var m = Regex.Match(line, @"^(\s*command\s*=)\s*(\S+)(.*)$");
                if (!m.Success) return line;
                var script = Path.Combine(Dir, Path.GetFileName(m.Groups[2].Value));
                if (section.StartsWith("[eventlistener:", StringComparison.Ordinal) && File.Exists(script))
                    return $"{m.Groups[1].Value}{script}{m.Groups[3].Value}";
                return $"{m.Groups[1].Value}{_standIn} longrun %(program_name)s";
            });
            File.WriteAllText(conf, string.Join("\n", lines) + "\n");
        }
    }

    /// <summary>supervisord.conf and the .conf files under root/ (what its [include] names, at their places in the image).</summary>
    public static IEnumerable<string> SupervisordFiles(string dir)
    {
        yield return Path.Combine(dir, "supervisord.conf");
        var root = Path.Combine(dir, "root");
        if (!Directory.Exists(root)) yield break;
        foreach (var f in Directory.EnumerateFiles(root, "*.conf", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) yield return f;
    }

    /// <summary>s6-rc longruns' run and oneshots' up (when it names a script; a comment-only or plain command up stays).</summary>
    public void S6V3()
    {
        var rc = Path.Combine(Dir, "root", "etc", "s6-overlay", "s6-rc.d");
        foreach (var dir in Directory.EnumerateDirectories(rc))
        {
            var name = Path.GetFileName(dir);
            var type = File.Exists(Path.Combine(dir, "type")) ? File.ReadAllText(Path.Combine(dir, "type")).Trim() : "bundle";
            if (type == "longrun")
            {
                var fd = File.Exists(Path.Combine(dir, "notification-fd")) ? File.ReadAllText(Path.Combine(dir, "notification-fd")).Trim() : null;
                if (NotifyOnCheck(dir, name)) continue;
                ReplaceScript(Path.Combine(dir, "run"), File.Exists(Path.Combine(dir, "consumer-for")) ? "consumer" : "longrun", name, fd);
            }
            else if (type == "oneshot")
            {
                var up = Path.Combine(dir, "up");
                var words = File.ReadAllLines(up).Where(l => !l.TrimStart().StartsWith('#')).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
                if (words.Count > 0 && words[0].StartsWith('/')) File.WriteAllText(up, $"{_standIn} oneshot {name}\n");
            }
        }
    }

    /// <summary>
    /// A run script that ends in s6-notifyoncheck (linuxserver.io's applications) keeps that line,
    /// with its options as published, in front of the stand-in: the service is ready only through
    /// Tend's s6-notifyoncheck (found on PATH in <see cref="Bin"/>). Only the check is a stand-in (what
    /// it probes does not run here): -c's command becomes `true`, a data/check script `exit 0`.
    /// </summary>
    private bool NotifyOnCheck(string dir, string name)
    {
        var run = Path.Combine(dir, "run");
        var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(run), @"s6-notifyoncheck((?:\s+-[dnsTtw3](?:\s+\d+)?)*)(\s+-c\s)?");
        if (!match.Success) return false;
        ReadyByNotifyOnCheck.Add(name);
        var options = string.Join(' ', match.Groups[1].Value.Split((char[])[' ', '\t', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries));
        var mode = File.GetUnixFileMode(run);
        File.WriteAllText(run, $"#!/bin/sh\nexec s6-notifyoncheck {options}{(match.Groups[2].Success ? " -c true" : "")} {_standIn} longrun {name}\n");
        File.SetUnixFileMode(run, mode);
        var check = Path.Combine(dir, "data", "check");
        if (File.Exists(check)) File.WriteAllText(check, "#!/bin/sh\nexit 0\n");
        return true;
    }

    /// <summary>cont-init.d scripts and services.d runs, modes kept.</summary>
    public void S6V2()
    {
        var etc = Path.Combine(Dir, "root", "etc");
        foreach (var f in Files(Path.Combine(etc, "cont-init.d"))) ReplaceScript(f, "oneshot", Path.GetFileName(f));
        foreach (var f in Files(Path.Combine(etc, "cont-finish.d"))) ReplaceScript(f, "oneshot", Path.GetFileName(f));
        foreach (var d in Dirs(Path.Combine(etc, "services.d")))
        {
            ReplaceScript(Path.Combine(d, "run"), "longrun", Path.GetFileName(d));
            if (File.Exists(Path.Combine(d, "log", "run"))) ReplaceScript(Path.Combine(d, "log", "run"), "longrun", Path.GetFileName(d) + "-log");
        }
    }

    /// <summary>Each service's run (and log/run).</summary>
    public void Runit()
    {
        foreach (var d in Dirs(Path.Combine(Dir, "service")))
        {
            ReplaceScript(Path.Combine(d, "run"), "longrun", Path.GetFileName(d));
            if (File.Exists(Path.Combine(d, "log", "run"))) ReplaceScript(Path.Combine(d, "log", "run"), "longrun", Path.GetFileName(d) + "-log");
        }
    }

    private static IEnumerable<string> Files(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : [];
    private static IEnumerable<string> Dirs(string dir) => Directory.Exists(dir) ? Directory.EnumerateDirectories(dir) : [];

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo) Copy(entry.FullName, target);
            else
            {
                File.Copy(entry.FullName, target);
                File.SetUnixFileMode(target, File.GetUnixFileMode(entry.FullName));
            }
        }
    }
}
