using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>The top-level socket and http settings.</summary>
public class TopLevelSettingsTests
{
    private const string ExpectedListener = "expected host:port, e.g. 127.0.0.1:9090 (0.0.0.0:9090 listens on every interface)";

    [Fact]
    public void Load_SocketAndHttp_MapToTendConfig()
    {
        var result = Load("""
            socket: /run/tend.sock
            http: 127.0.0.1:9090
            programs:
              app: {command: app}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("/run/tend.sock", result.Config!.Socket);
        Assert.Equal("127.0.0.1:9090", result.Config.Http);
    }

    [Fact]
    public void Load_SocketAndHttp_ExpandVariables()
    {
        var result = Load("""
            socket: ${RUN_DIR:-/run}/tend.sock
            http: ${TEND_HTTP}
            programs:
              app: {command: app}
            """, Env(("RUN_DIR", "/var/run/app"), ("TEND_HTTP", "0.0.0.0:8081")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal("/var/run/app/tend.sock", result.Config!.Socket);
        Assert.Equal("0.0.0.0:8081", result.Config.Http);
    }

    [Theory]
    [InlineData("socket: ~\nhttp:\n")]
    [InlineData("")]
    public void Load_SocketAndHttpNotSet_AreNull(string lines)
    {
        var result = Load(lines + "programs:\n  app: {command: app}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Config!.Socket);
        Assert.Null(result.Config.Http);
    }

    [Theory]
    [InlineData("0.0.0.0:9090")]
    [InlineData("localhost:1")]
    [InlineData("\"[::]:65535\"")]
    [InlineData("\" 127.0.0.1:9090 \"")]
    public void Load_HttpListener_AcceptsHostPort(string value)
    {
        var result = Load($"http: {value}\nprograms:\n  app: {{command: app}}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(value.Trim('"').Trim(), result.Config!.Http);
    }

    [Theory]
    [InlineData("9090", "'9090' has no port", ExpectedListener)]
    [InlineData("\":9090\"", "':9090' has no host", ExpectedListener)]
    [InlineData("\"127.0.0.1:0\"", "port 0 is out of range in '127.0.0.1:0'", "a port is a number between 1 and 65535")]
    [InlineData("\"127.0.0.1:99999\"", "port 99999 is out of range in '127.0.0.1:99999'", "a port is a number between 1 and 65535")]
    [InlineData("\"127.0.0.1:-1\"", "invalid port '-1' in '127.0.0.1:-1'", "a port is a number between 1 and 65535")]
    [InlineData("\"127.0.0.1:12345678901\"", "invalid port '12345678901' in '127.0.0.1:12345678901'", "a port is a number between 1 and 65535")]
    [InlineData("http://127.0.0.1:9090", "'http://127.0.0.1:9090' is a URL, not host:port", "write only the host and port, e.g. 127.0.0.1:9090 (0.0.0.0:9090 listens on every interface)")]
    [InlineData("\"::1:9090\"", "'::1:9090' has an IPv6 address without brackets", "write it in brackets, e.g. [::1]:8080")]
    public void Load_BadHttpListener_IsAnErrorAtTheValue(string value, string message, string hint)
    {
        var result = Load($"programs:\n  app: {{command: app}}\nhttp: {value}\n");

        var error = SingleErrorAt(result, "3:7");
        Assert.Equal($"invalid value for 'http': {message}", error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Theory]
    [InlineData("http: [a]", "3:7", "invalid value for 'http': a list")]
    [InlineData("socket: {path: x}", "3:9", "invalid value for 'socket': a mapping")]
    public void Load_TopLevelSettingOfTheWrongShape_IsAnError(string line, string at, string message)
    {
        var result = Load($"programs:\n  app: {{command: app}}\n{line}\n");

        Assert.Equal(message, SingleErrorAt(result, at).Message);
    }

    [Fact]
    public void Load_SocketPathTooLong_IsAnError()
    {
        var path = "/run/" + new string('s', 103); // 108 bytes: one more than sun_path holds
        var result = Load($"programs:\n  app: {{command: app}}\nsocket: {path}\n");

        var error = SingleErrorAt(result, "3:9");
        Assert.Equal("the socket path is 108 bytes long", error.Message);
        Assert.Equal("a unix socket path is at most 107 bytes; use a shorter one, e.g. /run/tend.sock", error.Hint);
    }

    [Fact]
    public void Load_SocketPathOfExactly107Bytes_IsAccepted()
    {
        var path = "/run/" + new string('s', 102);
        var result = Load($"programs:\n  app: {{command: app}}\nsocket: {path}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(path, result.Config!.Socket);
    }

    [Fact]
    public void Load_SocketPathWithNul_IsAnError()
    {
        var result = Load("programs:\n  app: {command: app}\nsocket: \"/run/a\\0b\"\n");

        Assert.Equal("'socket' contains a NUL character", SingleErrorAt(result, "3:9").Message);
    }

    [Theory]
    [InlineData("sockets", "did you mean 'socket'?")]
    [InlineData("control_socket", "did you mean 'socket'?")]
    [InlineData("htp", "did you mean 'http'?")]
    [InlineData("listen", "did you mean 'http'?")]
    public void Load_MistypedTopLevelKey_SuggestsIt(string key, string hint)
    {
        var result = Load($"programs:\n  app: {{command: app}}\n{key}: x\n");

        var error = SingleErrorAt(result, "3:1");
        Assert.Equal($"unknown top-level key '{key}'", error.Message);
        Assert.Equal($"{hint} (keys starting with 'x-' are ignored)", error.Hint);
    }

    [Fact]
    public void Load_UnknownTopLevelKeyFarFromAny_ListsTheTopLevelKeys()
    {
        var result = Load("programs:\n  app: {command: app}\nversion: 3\n");

        Assert.Equal("valid keys are: programs, jobs, crontab, crontab_dialect, socket, http, http_auth, log_buffer, include, groups (keys starting with 'x-' are ignored)", SingleErrorAt(result, "3:1").Hint);
    }
}
