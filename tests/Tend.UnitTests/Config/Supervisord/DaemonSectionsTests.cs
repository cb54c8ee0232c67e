using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class DaemonSectionsTests
{
    private const string Program = "[program:a]\ncommand=/bin/a\n";

    [Fact]
    public void Supervisord_KeptSettings()
    {
        var result = Load("[supervisord]\nlogfile=/var/log/supervisord.log\nlogfile_maxbytes=1MB\nlogfile_backups=2\nloglevel=DEBUG\n"
            + "nodaemon=true\nidentifier=shop\nchildlogdir=/var/log/sv\nenvironment=TZ=\"UTC\"\n" + Program);
        Assert.Empty(result.Diagnostics);
        var s = result.Config!.Supervisord!;
        Assert.Equal("/var/log/supervisord.log", s.LogFile);
        Assert.Equal(1024 * 1024, s.LogFileMaxBytes);
        Assert.Equal(2, s.LogFileBackups);
        Assert.Equal("debug", s.LogLevel);
        Assert.True(s.NoDaemon);
        Assert.Equal("shop", s.Identifier);
        Assert.Equal("/var/log/sv", s.ChildLogDir);
        Assert.Equal("UTC", Assert.Single(result.Config.Programs).Environment["TZ"]);
    }

    [Fact]
    public void Supervisord_LogfileDevStdout_MeansNoFile() =>
        Assert.Null(LoadValid("logfile=/dev/stdout\nlogfile_maxbytes=0\n" + Program).Supervisord!.LogFile);

    [Fact]
    public void Supervisord_Defaults() => Assert.Equal(new SupervisordSettings(), LoadValid(Program).Supervisord);

    [Theory]
    [InlineData("user=app")]
    [InlineData("directory=/tmp")]
    [InlineData("nocleanup=true")]
    [InlineData("strip_ansi=true")]
    [InlineData("silent=true")]
    public void Supervisord_KeysTendDoesNotHonour_AreWarnings(string key)
    {
        var w = WarningAt($"[supervisord]\n{key}\n{Program}", 2);
        Assert.Equal($"{key[..key.IndexOf('=')]} in [supervisord] is not supported by Tend and is ignored", w.Message);
    }

    /// <summary>selenium's minfds=1024 and minprocs=400: kept, for `tend run` to raise the limits before anything starts.</summary>
    [Fact]
    public void Supervisord_MinfdsAndMinprocs_AreKept()
    {
        var result = Load($"[supervisord]\nminfds=1024\nminprocs=400\n{Program}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal((1024L, 400L), (result.Config!.Supervisord!.MinFds, result.Config.Supervisord.MinProcs));
    }

    /// <summary>laravel sail's, mailcow's, invoiceninja's `user=root`: what Tend started as root does, so no warning.</summary>
    [Theory]
    [InlineData("user=root")]
    [InlineData("user=0")]
    public void Supervisord_UserRoot_IsAcceptedSilently(string key) =>
        Assert.Empty(Load($"[supervisord]\n{key}\n{Program}").Diagnostics);

    [Fact]
    public void Supervisord_MinfdsAndMinprocs_AreKeptForTendToRaiseItsOwnLimits()
    {
        var s = LoadValid($"[supervisord]\nminfds=4096\nminprocs=400\n{Program}").Supervisord!;
        Assert.Equal(4096, s.MinFds);
        Assert.Equal(400, s.MinProcs);
        Assert.Null(LoadValid(Program).Supervisord!.MinFds);
    }

    [Fact]
    public void Supervisord_Pidfile_IsKeptAsAnAbsolutePath()
    {
        Assert.Equal("/run/supervisord.pid", LoadValid($"[supervisord]\npidfile=/run/supervisord.pid\n{Program}").Supervisord!.PidFile);
        Assert.Equal(Path.GetFullPath("supervisord.pid"), LoadValid($"[supervisord]\npidfile=supervisord.pid\n{Program}").Supervisord!.PidFile);
    }

    [Fact]
    public void Supervisord_NodaemonFalse_IsAWarning() =>
        Assert.Equal("nodaemon=false is ignored: Tend never daemonizes", WarningAt($"[supervisord]\nnodaemon=false\n{Program}", 2).Message);

    [Theory]
    [InlineData("loglevel=loud", "invalid loglevel 'loud' in [supervisord]")]
    [InlineData("minfds=many", "invalid minfds 'many' in [supervisord]")]
    [InlineData("logfile_maxbytes=big", "invalid logfile_maxbytes 'big' in [supervisord]")]
    public void Supervisord_WrongValues_AreErrors(string key, string message) =>
        Assert.Equal(message, ErrorAt($"[supervisord]\n{key}\n{Program}", 2).Message);

    [Fact]
    public void UnixHttpServer_AllKeys()
    {
        var s = LoadValid($"[unix_http_server]\nfile=/run/supervisor.sock\nchmod=0770\nchown=nobody:nogroup\nusername=u\npassword={{SHA}}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\n{Program}").Supervisord!;
        var unix = s.UnixHttpServer!;
        Assert.Equal("/run/supervisor.sock", unix.File);
        Assert.Equal(Convert.ToInt32("770", 8), unix.Chmod);
        Assert.Equal("nobody:nogroup", unix.Chown);
        Assert.True(unix.Credentials!.IsSha1);
        Assert.Equal("u", unix.Credentials.Username);
        Assert.Equal("{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", unix.Credentials.Password);
        Assert.Equal("unix:///run/supervisor.sock", s.ServerUrl);
    }

    [Fact]
    public void UnixHttpServer_DefaultChmod_Is0700() =>
        Assert.Equal(448, LoadValid($"[unix_http_server]\nfile=/run/s.sock\n{Program}").Supervisord!.UnixHttpServer!.Chmod);

    [Fact]
    public void Credentials_ClearText() => Assert.False(new SupervisordCredentials("u", "p").IsSha1);

    [Theory]
    [InlineData("[unix_http_server]\nchmod=0700", 2, "[unix_http_server] has no file")]
    [InlineData("[unix_http_server]\nfile=/run/s\nchmod=9", 4, "invalid chmod '9' in [unix_http_server]")]
    [InlineData("[unix_http_server]\nfile=/run/s\nchown=:grp", 4, "invalid chown ':grp' in [unix_http_server]")]
    [InlineData("[unix_http_server]\nfile=/run/s\nusername=u", 4, "[unix_http_server] has a username but no password")]
    [InlineData("[inet_http_server]\nusername=u\npassword=p", 2, "[inet_http_server] has no port")]
    [InlineData("[inet_http_server]\nport=localhost:99999", 3, "invalid port 'localhost:99999' in [inet_http_server]")]
    [InlineData("[inet_http_server]\nport=9001\npassword=p", 4, "[inet_http_server] has a password but no username")]
    [InlineData("[inet_http_server]\nport=127.0.0.1:9001\nusername=\npassword=p", 4, "[inet_http_server] has a password but an empty username")]
    [InlineData("[unix_http_server]\nfile=/run/s\nusername=\npassword=p", 4, "[unix_http_server] has a password but an empty username")]
    [InlineData("[inet_http_server]\nport=0.0.0.0:9001", 3, "[inet_http_server] on 0.0.0.0 would serve program control without authentication (no username)")]
    [InlineData("[inet_http_server]\nport=*:9001\nusername=\npassword=", 3, "[inet_http_server] on every interface would serve program control without authentication (no username)")]
    [InlineData("[inet_http_server]\nport=9001\nusername=u\npassword=", 3, "[inet_http_server] on every interface would serve program control without authentication (an empty password)")]
    [InlineData("[inet_http_server]\nport=[::]:9001", 3, "[inet_http_server] on [::] would serve program control without authentication (no username)")]
    public void ServerSections_WrongValues_AreErrors(string ini, int line, string message) =>
        Assert.Equal(message, ErrorAt($"[supervisord]\n{ini}\n{Program}", line).Message);

    [Theory]
    [InlineData("127.0.0.1:9001", "127.0.0.1", "http://127.0.0.1:9001")]
    [InlineData(":9001", "", "http://localhost:9001")]
    [InlineData("*:9001", "", "http://localhost:9001")]
    [InlineData("9001", "", "http://localhost:9001")]
    public void InetHttpServer_Port(string port, string host, string url)
    {
        var s = LoadValid($"[inet_http_server]\nport={port}\nusername=u\npassword=p\n{Program}").Supervisord!;
        Assert.Equal(new InetHttpServerSettings(host, 9001) { Credentials = new("u", "p") }, s.InetHttpServer);
        Assert.Equal(url, s.ServerUrl);
    }

    [Fact]
    public void UnixHttpServer_OpenToEveryone_WithoutAuthentication_IsAWarning()
    {
        Assert.Equal("[unix_http_server] chmod=777 lets every user in the container control every program (no username is set)",
            WarningAt($"[supervisord]\n[unix_http_server]\nfile=/run/s.sock\nchmod=0777\n{Program}", 4).Message);
        Assert.Empty(Load($"[supervisord]\n[unix_http_server]\nfile=/run/s.sock\nchmod=0777\nusername=u\npassword=p\n{Program}").Diagnostics);
        Assert.Empty(Load($"[supervisord]\n[unix_http_server]\nfile=/run/s.sock\nchmod=0770\n{Program}").Diagnostics);
    }

    [Theory]
    [InlineData("127.0.0.1:9001")]
    [InlineData("127.0.0.2:9001")]
    [InlineData("localhost:9001")]
    [InlineData("[::1]:9001")]
    public void InetHttpServer_OnLoopback_MayGoWithoutAuthentication(string port) =>
        Assert.Null(LoadValid($"[inet_http_server]\nport={port}\n{Program}").Supervisord!.InetHttpServer!.Credentials);

    [Fact]
    public void ServerUrl_PrefersTheUnixSocket() =>
        Assert.Equal("unix:///run/s.sock", LoadValid($"[inet_http_server]\nport=127.0.0.1:9001\n[unix_http_server]\nfile=/run/s.sock\n{Program}").Supervisord!.ServerUrl);

    [Fact]
    public void Supervisorctl_AllKeys()
    {
        var ctl = LoadValid($"[supervisorctl]\nserverurl=unix:///run/s.sock\nusername=u\npassword=p\nprompt=shop\n{Program}").Supervisord!.Supervisorctl;
        Assert.Equal(new SupervisorctlSettings { ServerUrl = "unix:///run/s.sock", Username = "u", Password = "p", Prompt = "shop" }, ctl);
    }

    [Fact]
    public void Supervisorctl_Default() => Assert.Equal("http://localhost:9001", LoadValid(Program).Supervisord!.Supervisorctl.ServerUrl);

    [Fact]
    public void RpcInterface_Standard_IsQuiet() =>
        Assert.Empty(Load($"[supervisord]\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n{Program}").Diagnostics);

    [Fact]
    public void RpcInterface_Other_IsAWarning() =>
        Assert.Equal("[rpcinterface:twiddler] is ignored", WarningAt($"[supervisord]\n[rpcinterface:twiddler]\nsupervisor.rpcinterface_factory = x:y\n{Program}", 2).Message);

    [Fact]
    public void UnknownKeyInDaemonSection_IsAWarning() =>
        Assert.Equal("did you mean 'logfile'?", WarningAt($"[supervisord]\nlogfil=/x\n{Program}", 2).Hint);

    [Fact]
    public void YamlConfig_HasNoSupervisordSettings_AndKeepsItsDefaults()
    {
        var result = Tend.Config.ConfigLoader.LoadText("programs:\n  web: {command: [app]}\n", "tend.yaml", new Dictionary<string, string>());
        Assert.Null(result.Config!.Supervisord);
        var p = Assert.Single(result.Config.Programs);
        Assert.True(p.StopAsGroup);
        Assert.True(p.KillAsGroup);
        Assert.Null(p.ProgramGroup);
        Assert.Equal(LogOutputSpec.ToStdout, p.Stdout);
    }
}
