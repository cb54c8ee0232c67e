using Tend.Config;
using Tend.Export.Convert;
using Tend.Model;
using Tend.Supervision;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>
/// Issue 26 item 1: a program's `sockets:` as a user writes them, and every way of writing one
/// wrong, each reported at its file:line with what was expected.
/// </summary>
public class SocketsConfigTests
{
    [Fact]
    public void The_addresses_are_read_in_order_with_their_names()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: app
                sockets:
                  - tcp://0.0.0.0:8080
                  - "admin=tcp://[::1]:9000"
                  - unix:/run/web/web.sock
            """);
        Assert.Equal(["tcp://0.0.0.0:8080", "tcp://[::1]:9000", "unix:/run/web/web.sock"], p.Sockets.Select(s => s.Address));
        Assert.Equal(["web", "admin", "web"], p.Sockets.Select(s => s.Name));
        Assert.Equal(8080, p.Sockets[0].Port);
        Assert.Equal("/run/web/web.sock", p.Sockets[2].Path);
        Assert.Equal("tend.yaml:6:9", p.Sockets[1].DefinedAt?.ToString());
    }

    [Theory]
    [InlineData("tcp://localhost:8080", "'localhost' is not an IP address")]
    [InlineData("tcp://::1:8080", "is not an IP address (IPv6 in brackets)")]
    [InlineData("tcp://0.0.0.0", "no port")]
    [InlineData("tcp://0.0.0.0:0", "'0' is not a port from 1 to 65535")]
    [InlineData("tcp://0.0.0.0:70000", "'70000' is not a port from 1 to 65535")]
    [InlineData("udp://0.0.0.0:53", "expected tcp://ADDRESS:PORT")]
    [InlineData("8080", "expected tcp://ADDRESS:PORT")]
    [InlineData("unix:run/web.sock", "a Unix socket needs an absolute path")]
    [InlineData("my name=tcp://0.0.0.0:8080", "the name 'my name' may hold letters, digits")]
    public void A_malformed_address_is_an_error_at_its_line_saying_what_was_expected(string address, string expected)
    {
        var result = Load($"""
            programs:
              web:
                command: app
                sockets:
                  - "{address}"
            """);
        var error = SingleErrorAt(result, "5:9");
        Assert.Equal($"invalid value for 'sockets': '{address}'", error.Message);
        Assert.Contains(expected, error.Hint);
    }

    [Fact]
    public void A_unix_path_longer_than_the_kernel_takes_is_an_error()
    {
        var result = Load($"programs:\n  web:\n    command: app\n    sockets: [unix:/{new string('a', 110)}]\n");
        Assert.Contains("at most 107 bytes", SingleErrorAt(result, "4:15").Hint);
    }

    [Fact]
    public void One_address_in_two_programs_is_an_error_naming_both()
    {
        var result = Load("""
            programs:
              web:
                command: app
                sockets: [tcp://0.0.0.0:8080]
              api:
                command: api
                sockets: [tcp://0.0.0.0:8080]
            """);
        var error = SingleErrorAt(result, "7:15");
        Assert.Equal("tcp://0.0.0.0:8080 is already held by program 'web' (tend.yaml:4:15)", error.Message);
    }

    [Fact]
    public void One_address_written_twice_in_a_program_is_an_error()
    {
        var result = Load("programs:\n  web:\n    command: app\n    sockets: [tcp://0.0.0.0:8080, tcp://0.0.0.0:8080]\n");
        Assert.Contains("names tcp://0.0.0.0:8080 twice", SingleErrorAt(result, "4:35").Message);
    }

    [Fact]
    public void Replicas_share_the_sockets_of_their_program()
    {
        var result = Load("programs:\n  web:\n    command: app\n    replicas: 2\n    sockets: [tcp://0.0.0.0:8080]\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.All(result.Config!.Programs, p => Assert.Equal("tcp://0.0.0.0:8080", Assert.Single(p.Sockets).Address));
    }

    [Fact]
    public void Check_convert_and_a_reload_know_the_key()
    {
        const string yaml = """
            programs:
              web:
                command: app
                sockets: ["tcp://[::]:8080", "admin=unix:/run/admin.sock"]
            """;
        var config = Load(yaml).Config!;
        var printed = EffectiveConfigPrinter.Print(config);
        Assert.Contains("sockets:", printed);
        Assert.Equal(config.Programs[0].Sockets.Select(s => (s.Address, s.Name)),
            LoadSingle(printed).Sockets.Select(s => (s.Address, s.Name)));
        var converted = ConfigToYaml.Convert(config).Text;
        Assert.Equal(config.Programs[0].Sockets.Select(s => (s.Address, s.Name)),
            LoadSingle(converted).Sockets.Select(s => (s.Address, s.Name)));

        var moved = LoadSingle("programs:\n\n  web:\n    sockets: [\"tcp://[::]:8080\", \"admin=unix:/run/admin.sock\"]\n    command: app\n");
        Assert.True(SpecComparer.Same(config.Programs[0], moved));
        var renamed = LoadSingle("programs:\n  web:\n    command: app\n    sockets: [\"tcp://[::]:8080\", \"other=unix:/run/admin.sock\"]\n");
        Assert.False(SpecComparer.Same(config.Programs[0], renamed));
    }
}
