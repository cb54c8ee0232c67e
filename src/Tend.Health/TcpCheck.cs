using Tend.Model;

namespace Tend.Health;

/// <summary>A TCP probe: passes when a connection to host:port is established within the timeout.</summary>
public static class TcpCheck
{
    /// <summary>
    /// Connects to <paramref name="hostPort"/> ("127.0.0.1:8080", "localhost:5432", "[::1]:80",
    /// ":8080" for 127.0.0.1) and closes the connection at once. Blocks the calling thread for at
    /// most about <paramref name="timeout"/> (name resolution through getaddrinfo excepted, which
    /// cannot be bounded). Never throws.
    /// </summary>
    public static ProbeResult Run(string hostPort, TimeSpan timeout)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(hostPort)) return new(false, "no address to connect to");
            if (!HostPort.TryParse(hostPort.Trim(), HostPortRules.TcpProbe, out var host, out var port, out var error))
                return new(false, $"invalid address \"{hostPort}\": {HostPortMessages.Describe(error)}");

            var deadline = new Deadline(timeout);
            using var socket = SocketIo.Connect(host, port, deadline, out var detail);
            return new(socket is not null, detail);
        }
        catch (Exception e)
        {
            return new(false, "probe error: " + Model.ErrorText.Of(e));
        }
    }
}
