using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// A merged supervisord document to the model: daemon settings, then [group:x] membership, then
/// every [program:x] and [eventlistener:x] in file order, then the rules Tend adds (unique and
/// plain names, at most one tend_main).
/// </summary>
internal static class SupervisordReader
{
    public static (List<ProgramSpec> Programs, SupervisordSettings Settings) Read(IniDocument document,
        IReadOnlyDictionary<string, object> fileNames, SourceLocation fileStart, DiagnosticBag diagnostics)
    {
        if (document.Find(SupervisordKeys.SupervisordSection) is null)
        {
            diagnostics.Warning(fileStart, "there is no [supervisord] section",
                "supervisord refuses such a file; Tend reads it, but add [supervisord] with nodaemon=true to keep it portable");
        }
        var daemon = DaemonSectionsReader.Read(document, fileNames, diagnostics);
        var (groups, groupPriorities) = GroupReader.Read(document, fileNames, diagnostics);
        var ctx = new ProgramSectionContext(fileNames, daemon);
        var programs = new List<ProgramSpec>();

        foreach (var section in document.Sections)
        {
            var name = section.Name;
            if (name.StartsWith(SupervisordKeys.ProgramPrefix, StringComparison.Ordinal))
            {
                var programName = name[SupervisordKeys.ProgramPrefix.Length..].Trim();
                if (CheckSectionName(section, programName, diagnostics))
                    programs.AddRange(ProgramSectionReader.Read(section, false, groups.GetValueOrDefault(programName, programName), ctx, diagnostics));
            }
            else if (name.StartsWith(SupervisordKeys.EventListenerPrefix, StringComparison.Ordinal))
            {
                var poolName = name[SupervisordKeys.EventListenerPrefix.Length..].Trim();
                if (CheckSectionName(section, poolName, diagnostics))
                    programs.AddRange(ProgramSectionReader.Read(section, true, poolName, ctx, diagnostics));
            }
            else
            {
                OtherSection(section, diagnostics);
            }
        }

        if (programs.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Warning(fileStart, "no programs are defined", "add a [program:name] section with command=, e.g. command=/usr/sbin/nginx");
        ProcessNameRules.Check(programs, diagnostics);
        return (GroupPriority.Apply(programs, groupPriorities), daemon.Settings);
    }

    /// <summary>supervisord's process_or_group_name: names appear in event headers and URLs.</summary>
    internal static bool CheckSectionName(IniSection section, string name, DiagnosticBag diagnostics)
    {
        if (name.Length > 0 && name.IndexOfAny([' ', ':', '/']) < 0) return true;
        diagnostics.Error(section.Location, $"invalid name '{name}' in [{section.Name}]", "a name cannot be empty or contain a space, ':' or '/'");
        return false;
    }

    private static readonly string[] Known =
    [
        SupervisordKeys.SupervisordSection, SupervisordKeys.UnixHttpServerSection, SupervisordKeys.InetHttpServerSection,
        SupervisordKeys.SupervisorctlSection, SupervisordKeys.MainRpcInterfaceSection,
    ];

    private static void OtherSection(IniSection section, DiagnosticBag diagnostics)
    {
        var name = section.Name;
        if (Known.Contains(name) || name.StartsWith(SupervisordKeys.GroupPrefix, StringComparison.Ordinal)) return;
        if (name.StartsWith(SupervisordKeys.FcgiProgramPrefix, StringComparison.Ordinal))
        {
            // Not a warning: the program would start without the socket it expects on fd 0.
            diagnostics.Error(section.Location, $"[{name}] is not supported by Tend",
                "Tend does not create FastCGI sockets; run the server as a [program:x] that listens on its own socket");
        }
        else if (name.StartsWith(SupervisordKeys.RpcInterfacePrefix, StringComparison.Ordinal) || name.StartsWith(SupervisordKeys.CtlPluginPrefix, StringComparison.Ordinal))
        {
            diagnostics.Warning(section.Location, $"[{name}] is ignored", "Tend cannot load supervisord's Python plugins");
        }
        else
        {
            diagnostics.Warning(section.Location, $"unknown section [{name}] is ignored",
                "sections are [supervisord], [program:x], [group:x], [eventlistener:x], [include], [unix_http_server], "
                + "[inet_http_server], [supervisorctl] and [rpcinterface:supervisor]");
        }
    }
}
