using Tend.Model;

namespace Tend.Config.Supervisord;

internal static partial class ProgramSectionReader
{
    private const string DefaultProcessName = "%(program_name)s";

    /// <summary>One process of the section; null when its command or name cannot be read (reported).</summary>
    private static ProgramSpec? ReadProcess(SectionValues v, ProgramSpec template, IReadOnlyDictionary<string, object> names,
        IniEntry? processName, string programName, string groupName, string? serverUrl, DaemonSettings daemon)
    {
        var name = processName is null ? programName : v.Expand(processName, processName.Value, names);
        var environment = ProgramEnvironment.Parse(v, v.Entry("environment"), names);
        var directory = v.String("directory", names);
        var (stdout, stderr) = ReadOutputs(v, template, names);
        var command = ReadCommand(v, names);
        if (name is null || command is null) return null;

        return template with
        {
            Name = name.Trim(),
            Command = command,
            Environment = ProgramEnvironment.ForChild(daemon.Environment, name.Trim(), groupName, serverUrl, environment),
            WorkingDir = directory,
            ProgramGroup = groupName,
            Stdout = stdout,
            Stderr = stderr,
            DefinedAt = v.Section.Location,
        };
    }

    private static (LogOutputSpec Stdout, LogOutputSpec Stderr) ReadOutputs(SectionValues v, ProgramSpec template, IReadOnlyDictionary<string, object> names)
    {
        var stdout = LogOutputReader.Read(v, "stdout", names) with { Events = v.Bool("stdout_events_enabled") ?? false };
        var stderr = LogOutputReader.Read(v, "stderr", names) with { Events = v.Bool("stderr_events_enabled") ?? false };
        if (template.RedirectStderr)
        {
            // As supervisord: stderr shares stdout's pipe, so a file named for it would stay empty.
            if (stderr.File is not null)
            {
                v.Warning(v.Section.Get("stderr_logfile")!.Location, $"[{v.Section.Name}] sets redirect_stderr=true, so stderr_logfile is ignored",
                    "stderr goes where stdout goes; remove stderr_logfile or redirect_stderr");
            }
            stderr = LogOutputSpec.Discarded;
        }
        if (template.EventListener is not null || v.Section.Name.StartsWith(SupervisordKeys.EventListenerPrefix, StringComparison.Ordinal))
        {
            if (stdout.File is not null)
            {
                v.Warning(v.Section.Get("stdout_logfile")!.Location, $"stdout_logfile in [{v.Section.Name}] is ignored",
                    "an event listener's stdout is the event protocol channel, not a log; log to stderr instead");
            }
            stdout = LogOutputSpec.Discarded;
        }
        return (stdout, stderr);
    }

    /// <summary>Split like supervisord (shlex); shell syntax is passed on as plain words, with a warning.</summary>
    private static IReadOnlyList<string>? ReadCommand(SectionValues v, IReadOnlyDictionary<string, object> names)
    {
        var entry = v.Entry("command");
        if (entry is null)
        {
            v.Error(v.Section.Location, $"[{v.Section.Name}] has no command", "add command=, e.g. command=/usr/sbin/nginx -g 'daemon off;'");
            return null;
        }
        if (v.Expand(entry, entry.Value, names) is not { } text) return null;
        var words = CommandSplitter.Split(text, out var error);
        if (words is null)
        {
            v.Error(entry.Location, $"cannot split the command of [{v.Section.Name}]: {error}",
                "quote arguments with ' or \" and close every quote; remember that ' ;' starts a comment");
            return null;
        }
        if (words.Count == 0)
        {
            v.Error(entry.Location, $"the command of [{v.Section.Name}] is empty", "write the program to run, e.g. command=/usr/bin/app --flag");
            return null;
        }
        if (words.FirstOrDefault(w => w.Bare && CommandSplitter.ShellOperators.Contains(w.Word)) is { Word: { } op })
        {
            v.Warning(entry.Location, $"the command of [{v.Section.Name}] contains '{op}', which is passed to the program as an argument",
                "neither supervisord nor Tend runs a shell; use command=sh -c '...' for pipes and redirections");
        }
        return words.Select(w => w.Word).ToList();
    }
}
