using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.UnitTests.Model;

/// <summary>
/// Every form the four host:port readers accepted and refused before they became one parser
/// (issue 17): tend.yaml's addresses and --address options, the HTTP listener and control client,
/// the health probes (tcp: and an http: URL's authority) and supervisord.conf's
/// [inet_http_server] port=. Each row is "host|port" when accepted, null when refused.
/// </summary>
public class HostPortTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1|8080")]
    [InlineData("  localhost:1  ", "localhost|1")]
    [InlineData("[::1]:8080", "::1|8080")]
    [InlineData("[fe80::1%eth0]:80", "fe80::1%eth0|80")]
    [InlineData("[not-v6]:80", "not-v6|80")]
    [InlineData("a_b!:65535", "a_b!|65535")]
    [InlineData("h:000080", "h|80")]
    [InlineData("h:0", null)]
    [InlineData("h:65536", null)]
    [InlineData("h:123456789", null)]
    [InlineData("h:1234567890", null)]
    [InlineData("h:-1", null)]
    [InlineData("h:+1", null)]
    [InlineData("h:", null)]
    [InlineData("h", null)]
    [InlineData(":80", null)]
    [InlineData("::1:80", null)]
    [InlineData("[::1]80", null)]
    [InlineData("[::1]", null)]
    [InlineData("[::1:80", null)]
    [InlineData("http://h:80", null)]
    [InlineData("a b:80", null)]
    [InlineData("dir/a:80", null)]
    [InlineData("a\0:80", null)]
    [InlineData("*:80", "*|80")]
    public void ConfigAddress_AcceptsOnlyHostAndPort(string text, string? expected) =>
        Assert.Equal(expected, Config(text));

    [Theory]
    [InlineData("127.0.0.1:9090", "127.0.0.1|9090")]
    [InlineData("[::1]:0", "::1|0")]
    [InlineData("localhost:0", "localhost|0")]
    [InlineData("localhost:65535", "localhost|65535")]
    [InlineData("a b:80", "a b|80")]
    [InlineData("a!:80", "a!|80")]
    [InlineData("h:00080", "h|80")]
    [InlineData("h:000080", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData(":9090", null)]
    [InlineData("::1:9090", null)]
    [InlineData("[::1]9090", null)]
    [InlineData("[::1]", null)]
    [InlineData("[127.0.0.1]:80", null)]
    [InlineData("[not-v6]:80", null)]
    [InlineData("host:65536", null)]
    [InlineData("host:-1", null)]
    [InlineData("host:", null)]
    [InlineData("/run/tend.sock", null)]
    [InlineData("dir/a:80", null)]
    public void Listen_AllowsPortZeroForTheKernelToPick(string text, string? expected) =>
        Assert.Equal(expected, Listen(text));

    [Theory]
    [InlineData("127.0.0.1:80", "127.0.0.1|80")]
    [InlineData(":8080", "127.0.0.1|8080")]
    [InlineData("[::1]:80", "::1|80")]
    [InlineData("my-host_1.local:80", "my-host_1.local|80")]
    [InlineData("h:00080", "h|80")]
    [InlineData("h:000080", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData("127.0.0.1:", null)]
    [InlineData("127.0.0.1:0", null)]
    [InlineData("127.0.0.1:65536", null)]
    [InlineData("127.0.0.1:80x", null)]
    [InlineData("127.0.0.1:-1", null)]
    [InlineData("::1:80", null)]
    [InlineData("[::1:80", null)]
    [InlineData("[::1]", null)]
    [InlineData("[::1]:", null)]
    [InlineData("[127.0.0.1]:80", null)]
    [InlineData("[::1]x:80", null)]
    [InlineData("bad host:80", null)]
    [InlineData("a!:80", null)]
    [InlineData("a/b:80", null)]
    public void TcpProbe_EmptyHostIsLoopback(string text, string? expected) =>
        Assert.Equal(expected, Tcp(text));

    [Theory]
    [InlineData("example.com", "example.com|80")]
    [InlineData("example.com:8080", "example.com|8080")]
    [InlineData("[::1]", "::1|80")]
    [InlineData("[::1]:81", "::1|81")]
    [InlineData(":8080", null)]
    [InlineData("h:", null)]
    [InlineData("[::1]:", null)]
    [InlineData("::1", null)]
    [InlineData("h:0", null)]
    [InlineData("a!b", null)]
    public void UrlAuthority_PortDefaultsTo80(string text, string? expected) =>
        Assert.Equal(expected, Authority(text));

    [Theory]
    [InlineData("127.0.0.1:9001", "127.0.0.1|9001")]
    [InlineData(":9001", "|9001")]
    [InlineData("*:9001", "|9001")]
    [InlineData("9001", "|9001")]
    [InlineData("LocalHost:9001", "localhost|9001")]
    [InlineData("::1:9001", "::1|9001")]
    [InlineData("[::1]:9001", "[::1]|9001")]
    [InlineData("h: 9001 ", "h|9001")]
    [InlineData("h:+9001", "h|9001")]
    [InlineData("h:9_001", "h|9001")]
    [InlineData("a b:9001", "a b|9001")]
    [InlineData("h:9__001", null)]
    [InlineData("h:0", null)]
    [InlineData("h:65536", null)]
    [InlineData("h:-1", null)]
    [InlineData("h:", null)]
    [InlineData("h", null)]
    [InlineData("", null)]
    public void SupervisordInet_KeepsSupervisordsDialect(string text, string? expected) =>
        Assert.Equal(expected, Supervisord(text));

    private static string? Show(bool ok, string host, int port) => ok ? $"{host}|{port}" : null;

    private static string? Parse(string text, HostPortRules rules) =>
        Show(HostPort.TryParse(text, rules, out var h, out var p, out _), h, p);

    private static string? Config(string text) => Parse(text.Trim(), HostPortRules.Address);

    private static string? Listen(string text) => Parse(text, HostPortRules.Listen);

    private static string? Tcp(string text) => Parse(text, HostPortRules.TcpProbe);

    private static string? Authority(string text) => Parse(text, HostPortRules.UrlAuthority);

    private static string? Supervisord(string text) => Parse(text, DaemonSectionsReader.InetRules);
}
