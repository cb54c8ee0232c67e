using Tend.Control;

namespace Tend.UnitTests.Control;

/// <summary>
/// The default control socket: the same rule on the server and client side, so `tend health` finds the
/// socket `tend run` made with no flag, for root and for any other user (the real thing, as uid 65534
/// and on a read-only /run: the integration tests' DefaultSocketTests).
/// </summary>
public sealed class DefaultSocketTests
{
    private sealed class Host(uint uid, string[] writable, params string[] sockets) : DefaultSocket.IHost
    {
        public Dictionary<string, string> Variables { get; } = [];
        public string? Variable(string name) => Variables.GetValueOrDefault(name);
        public uint Uid => uid;
        public bool IsWritableDirectory(string path) => writable.Contains(path);
        public bool Exists(string path) => sockets.Contains(path);
    }

    [Fact]
    public void Root_with_a_writable_run_uses_run_on_both_sides()
    {
        var host = new Host(0, ["/run", "/tmp"], "/run", "/run/tend.sock");
        Assert.Equal("/run/tend.sock", DefaultSocket.Choose(host));
        Assert.Equal("/run/tend.sock", DefaultSocket.Find(host));
    }

    [Fact]
    public void A_user_who_cannot_write_run_gets_a_directory_of_its_own_in_tmp_and_its_client_finds_it()
    {
        var server = new Host(65534, ["/tmp"], "/run");
        Assert.Equal("/tmp/tend-65534/tend.sock", DefaultSocket.Choose(server));
        Assert.Equal("/tmp/tend-65534/tend.sock", DefaultSocket.Find(new Host(65534, ["/tmp"], "/tmp/tend-65534/tend.sock")));
        Assert.Equal("/tmp/tend-65534", DefaultSocket.PrivateDirectoryOf("/tmp/tend-65534/tend.sock", 65534));
        Assert.Null(DefaultSocket.PrivateDirectoryOf("/tmp/tend-65534/tend.sock", 1000));
    }

    [Fact]
    public void Root_in_an_image_without_run_still_uses_run()
    {
        Assert.Equal("/run/tend.sock", DefaultSocket.Choose(new Host(0, ["/", "/tmp"])));
        // A read-only root without /run: the private directory in /tmp.
        Assert.Equal("/tmp/tend-0/tend.sock", DefaultSocket.Choose(new Host(0, ["/tmp"])));
    }

    [Fact]
    public void Root_on_a_read_only_run_falls_back_to_tmp()
    {
        var host = new Host(0, ["/tmp"], "/run", "/tmp/tend-0/tend.sock");
        Assert.Equal("/tmp/tend-0/tend.sock", DefaultSocket.Choose(host));
        Assert.Equal("/tmp/tend-0/tend.sock", DefaultSocket.Find(host));
    }

    [Fact]
    public void A_writable_runtime_directory_comes_before_tmp()
    {
        var host = new Host(1000, ["/run/user/1000", "/tmp"]);
        host.Variables["XDG_RUNTIME_DIR"] = "/run/user/1000";
        Assert.Equal("/run/user/1000/tend.sock", DefaultSocket.Choose(host));

        var relative = new Host(1000, ["run", "/tmp"]);
        relative.Variables["XDG_RUNTIME_DIR"] = "run";
        Assert.Equal("/tmp/tend-1000/tend.sock", DefaultSocket.Choose(relative));
    }

    [Fact]
    public void TEND_SOCKET_wins_on_both_sides_even_when_nothing_is_there()
    {
        var host = new Host(0, ["/run"], "/run/tend.sock");
        host.Variables["TEND_SOCKET"] = "/srv/app/tend.sock";
        Assert.Equal("/srv/app/tend.sock", DefaultSocket.Choose(host));
        Assert.Equal("/srv/app/tend.sock", DefaultSocket.Find(host));
    }

    [Fact]
    public void A_client_of_another_user_finds_roots_socket_in_run()
    {
        // Tend runs as root; `tend ctl` as uid 1000 is then told "permission denied", not "is tend running?".
        Assert.Equal("/run/tend.sock", DefaultSocket.Find(new Host(1000, ["/tmp"], "/run/tend.sock")));
        // Nothing anywhere: the place its own server would use, for the error message.
        Assert.Equal("/tmp/tend-1000/tend.sock", DefaultSocket.Find(new Host(1000, ["/tmp"])));
    }
}
