using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>What the daemon-wide sections give the program readers, besides the settings kept in the model.</summary>
internal sealed record DaemonSettings(SupervisordSettings Settings, IReadOnlyDictionary<string, string> Environment, int? Umask);

/// <summary>
/// Reads [supervisord], [unix_http_server], [inet_http_server], [supervisorctl] and
/// [rpcinterface:supervisor] into <see cref="SupervisordSettings"/>. Settings that only make
/// sense for a daemonizing supervisord (user, rlimits …) are checked, then reported as
/// not supported.
/// </summary>
internal static class DaemonSectionsReader
{
    private const string Foreground = "Tend runs in the foreground as the container's init";

    public static DaemonSettings Read(IniDocument document, IReadOnlyDictionary<string, object> names, DiagnosticBag diagnostics)
    {
        var settings = new SupervisordSettings();
        IReadOnlyDictionary<string, string> environment = new Dictionary<string, string>();
        int? umask = null;

        if (document.Find(SupervisordKeys.SupervisordSection) is { } daemon)
            (settings, environment, umask) = ReadDaemon(new SectionValues(daemon, names, diagnostics), settings);
        if (document.Find(SupervisordKeys.UnixHttpServerSection) is { } unix)
            settings = settings with { UnixHttpServer = ReadUnix(new SectionValues(unix, names, diagnostics)) };
        if (document.Find(SupervisordKeys.InetHttpServerSection) is { } inet)
            settings = settings with { InetHttpServer = ReadInet(new SectionValues(inet, names, diagnostics)) };
        if (document.Find(SupervisordKeys.SupervisorctlSection) is { } ctl)
            settings = settings with { Supervisorctl = ReadCtl(new SectionValues(ctl, names, diagnostics)) };
        if (document.Find(SupervisordKeys.MainRpcInterfaceSection) is { } rpc)
            ReadRpcInterface(new SectionValues(rpc, names, diagnostics));

        return new DaemonSettings(settings with { ServerUrl = ServerUrl(settings) }, environment, umask);
    }

    private static (SupervisordSettings, IReadOnlyDictionary<string, string>, int?) ReadDaemon(SectionValues v, SupervisordSettings s)
    {
        var logFile = v.String("logfile");
        s = s with
        {
            // The console is where a container's logs belong: /dev/stdout means "no file" to Tend.
            LogFile = logFile is null || LogOutputReader.ConsoleFor(logFile) is not null ? null : logFile,
            LogFileMaxBytes = v.ByteSize("logfile_maxbytes") ?? s.LogFileMaxBytes,
            LogFileBackups = v.Int("logfile_backups", min: 0) ?? s.LogFileBackups,
            LogLevel = LogLevel(v) ?? s.LogLevel,
            Identifier = v.String("identifier") ?? s.Identifier,
            ChildLogDir = v.String("childlogdir"),
            NoDaemon = v.Bool("nodaemon") ?? s.NoDaemon,
        };
        if (v.Section.Get("nodaemon") is { } nodaemon && !s.NoDaemon)
            v.Warning(nodaemon.Location, "nodaemon=false is ignored: Tend never daemonizes", Foreground);

        // Children inherit supervisord's umask, so an explicit one becomes every program's default.
        var umask = v.Octal("umask");
        var environment = ProgramEnvironment.Parse(v, v.Entry("environment"), null) ?? new Dictionary<string, string>();

        s = s with { PidFile = PidFile(v) };
        // Raised by `tend run` before anything starts, as supervisord does (a value it cannot reach stops it).
        s = s with { MinFds = Minimum(v, "minfds"), MinProcs = Minimum(v, "minprocs") };
        // user=root (the images' usual line, there to silence supervisord's "running as root" warning)
        // asks supervisord to stay root: what Tend, started as root, does. Another user is not honoured.
        if (v.String("user") is { } daemonUser && daemonUser.Trim() is not ("root" or "0"))
            v.NotHonoured("user", "Tend keeps the user it was started as; set user= on each [program:x] instead");
        _ = v.String("directory");
        v.NotHonoured("directory", $"{Foreground} and does not change directory; set directory= on each [program:x]");
        foreach (var key in new[] { "nocleanup", "strip_ansi", "silent" })
        {
            _ = v.Bool(key);
            v.NotHonoured(key, "Tend has no equivalent setting");
        }
        v.ReportUnknownKeys(SupervisordKeys.Supervisord);
        return (s, environment, umask);
    }

    /// <summary>pidfile=, made absolute against the working directory as supervisord does; null when unset or unusable.</summary>
    private static string? PidFile(SectionValues v)
    {
        if (v.String("pidfile") is not { } text) return null;
        var path = text.Trim();
        if (path.Length == 0 || path.Contains('\0'))
        {
            v.Invalid("pidfile", text, "expected a file path, e.g. /var/run/supervisord.pid");
            return null;
        }
        return Path.GetFullPath(path);
    }

    /// <summary>minfds= or minprocs=: a count above 0.</summary>
    private static long? Minimum(SectionValues v, string key)
    {
        if (v.Long(key) is not { } n) return null;
        if (n > 0) return n;
        v.Invalid(key, n.ToString(System.Globalization.CultureInfo.InvariantCulture), "expected a number above 0");
        return null;
    }

    private static string? LogLevel(SectionValues v)
    {
        if (v.String("loglevel") is not { } text) return null;
        var level = text.ToLowerInvariant();
        if (SupervisordKeys.LogLevels.Contains(level)) return level;
        v.Invalid("loglevel", text, $"use one of {string.Join(", ", SupervisordKeys.LogLevels)}");
        return null;
    }

    private static UnixHttpServerSettings? ReadUnix(SectionValues v)
    {
        var file = v.String("file");
        var chmod = v.Octal("chmod");
        var chown = v.String("chown");
        var (credentials, _) = Credentials(v);
        if (chown is not null && !IsUserGroup(chown))
            v.Invalid("chown", chown, "expected user or user:group, e.g. nobody:nogroup");
        v.ReportUnknownKeys(SupervisordKeys.UnixHttpServer);
        if (file is null)
        {
            if (v.Section.Get("file") is null)
                v.Error(v.Section.Location, "[unix_http_server] has no file", "add file=, e.g. file=/run/supervisor.sock");
            return null;
        }
        if (file.Contains('\0') || file.Trim().Length == 0)
        {
            // Path.GetFullPath throws for both (found by the fuzzer); no file name can be empty or hold a NUL.
            v.Error(v.Section.Get("file")!.Location, file.Contains('\0') ? "[unix_http_server] file= contains a NUL character" : "[unix_http_server] file= is empty",
                "write the socket's path, e.g. file=/run/supervisor.sock");
            return null;
        }
        if (chmod is { } mode && (mode & 2) != 0 && credentials is null)
        {
            // Connecting to a unix socket needs write permission on it: o+w is everyone in the container.
            v.Warning(v.Section.Get("chmod")!.Location,
                $"[unix_http_server] chmod={Convert.ToString(mode, 8)} lets every user in the container control every program (no username is set)",
                "leave others out (e.g. chmod=0770 and chown=root:GROUP for a group), or set username= and password=");
        }
        var defaults = new UnixHttpServerSettings(Path.GetFullPath(file.Trim()));
        return defaults with { Chmod = chmod ?? defaults.Chmod, Chown = chown, Credentials = credentials };
    }

    private static bool IsUserGroup(string text) =>
        text.Split(':') is [var user] ? user.Length > 0 : text.Split(':') is [var u, var g] && u.Length > 0 && g.Length > 0;

    private static InetHttpServerSettings? ReadInet(SectionValues v)
    {
        var port = v.String("port");
        var (credentials, credentialsValid) = Credentials(v);
        v.ReportUnknownKeys(SupervisordKeys.InetHttpServer);
        if (port is null)
        {
            if (v.Section.Get("port") is null)
                v.Error(v.Section.Location, "[inet_http_server] has no port", "add port=, e.g. port=127.0.0.1:9001");
            return null;
        }
        if (InetAddress(port) is not { } address)
        {
            v.Invalid("port", port, "expected [host:]port with a port from 1 to 65535, e.g. 127.0.0.1:9001, :9001 or *:9001");
            return null;
        }
        var settings = new InetHttpServerSettings(address.Host, address.Port) { Credentials = credentials };
        if (credentialsValid && !settings.IsLoopback && !settings.IsAuthenticated)
        {
            // Whoever reaches the port could stop, start or replace every program of a root PID 1:
            // refused before anything runs (supervisord serves it open, logging only a warning).
            var where = address.Host.Length == 0 ? "every interface" : address.Host;
            v.Error(v.Section.Get("port")!.Location,
                $"[inet_http_server] on {where} would serve program control without authentication " +
                $"({(credentials is null ? "no username" : "an empty password")})",
                $"set username= and password= (a {{SHA}} hash works), or listen on loopback only: port=127.0.0.1:{address.Port}");
        }
        return settings;
    }

    /// <summary>
    /// supervisord's inet_address as a <see cref="HostPort"/> dialect: "host:port", ":port",
    /// "*:port" or "port"; '*' and empty mean every interface; the host is split at the last colon
    /// (so "::1:9001" is IPv6 without brackets) and the port is read as Python's int() reads it.
    /// </summary>
    internal static readonly HostPortRules InetRules = new()
    {
        Brackets = false,
        UnbracketedIPv6 = true,
        BarePort = true,
        LowercaseHost = true,
        EveryInterface = "*",
        EmptyHostMeans = "",
        HostCharacters = HostCharacters.Any,
        PortNumber = SupervisordValues.Integer,
    };

    internal static (string Host, int Port)? InetAddress(string text) =>
        HostPort.TryParse(text, InetRules, out var host, out var port, out _) ? (host, port) : null;

    /// <summary>
    /// username= and password=, both or neither (supervisord's rule). An empty username is no
    /// username: supervisord then turns authentication off and ignores the password, so a
    /// password with an empty username is an error here, not a server open to everyone.
    /// Valid is false when an error was reported.
    /// </summary>
    private static (SupervisordCredentials? Credentials, bool Valid) Credentials(SectionValues v)
    {
        var username = v.String("username");
        var password = v.String("password");
        var hasUsername = !string.IsNullOrEmpty(username);
        if (hasUsername && password is not null) return (new SupervisordCredentials(username!, password), true);
        if (!hasUsername && string.IsNullOrEmpty(password)) return (null, true);
        if (hasUsername)
        {
            v.Error(v.Section.Get("username")!.Location, $"[{v.Section.Name}] has a username but no password",
                "if a username or a password is specified, both must be");
        }
        else if (username is null)
        {
            v.Error(v.Section.Get("password")!.Location, $"[{v.Section.Name}] has a password but no username",
                "if a username or a password is specified, both must be");
        }
        else
        {
            v.Error(v.Section.Get("username")!.Location, $"[{v.Section.Name}] has a password but an empty username",
                "an empty username turns authentication off and the password would be ignored: set username= too");
        }
        return (null, false);
    }

    private static SupervisorctlSettings ReadCtl(SectionValues v)
    {
        var defaults = new SupervisorctlSettings();
        var settings = defaults with
        {
            ServerUrl = v.String("serverurl") ?? defaults.ServerUrl,
            Username = v.String("username"),
            Password = v.String("password"),
            Prompt = v.String("prompt") ?? defaults.Prompt,
        };
        _ = v.String("history_file");
        v.NotHonoured("history_file", "Tend's supervisorctl keeps no command history");
        v.ReportUnknownKeys(SupervisordKeys.Supervisorctl);
        return settings;
    }

    /// <summary>Tend serves the supervisor namespace itself; another factory cannot be loaded.</summary>
    private static void ReadRpcInterface(SectionValues v)
    {
        var factory = v.String("supervisor.rpcinterface_factory");
        if (factory is not null && factory.Trim() != SupervisordKeys.MainRpcInterface)
        {
            v.Warning(v.Section.Get("supervisor.rpcinterface_factory")!.Location, $"the RPC interface factory '{factory}' is ignored",
                $"Tend always serves the standard supervisor namespace ({SupervisordKeys.MainRpcInterface})");
        }
        v.ReportUnknownKeys(SupervisordKeys.RpcInterface);
    }

    /// <summary>supervisord prefers its unix socket, then falls back to the inet server (localhost for every interface).</summary>
    private static string? ServerUrl(SupervisordSettings s)
    {
        if (s.UnixHttpServer is { } unix) return "unix://" + unix.File;
        if (s.InetHttpServer is { } inet) return $"http://{(inet.Host.Length == 0 ? "localhost" : inet.Host)}:{inet.Port}";
        return null;
    }
}
