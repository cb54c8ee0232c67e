using Tend.Model;
using Tend.Posix;
using Tend.Posix.Sockets;

namespace Tend.Supervision;

/// <summary>
/// Sockets held across restarts (tend.yaml's <c>sockets:</c>, systemd's socket activation). Tend
/// binds each declared address once, before the program's first start, and keeps it: every start
/// gets the same listening sockets as descriptors 3, 4... with LISTEN_FDS, LISTEN_FDNAMES and
/// LISTEN_PID (set by the exec helper, the one process that knows the child's pid before the
/// program runs). While the program is down (a crash, a restart, a reload that changes it) the
/// kernel queues new connections in the socket's backlog instead of refusing them, and the next
/// start accepts them. Held by address: a reload that keeps an address keeps its socket, whatever
/// else changes; one that drops it closes Tend's copy (the old process keeps its own until it exits).
/// </summary>
public sealed partial class Supervisor
{
    private readonly Dictionary<string, (ListenSocketSpec Spec, int Fd)> _heldSockets = new(StringComparer.Ordinal);

    /// <summary>
    /// The program's sockets in its order, bound now where they are not yet; null with
    /// <paramref name="error"/> ("bind tcp://0.0.0.0:80: permission denied") when one cannot be.
    /// </summary>
    private List<(int Fd, int As)>? HeldSocketsOf(ProgramRuntime p, out string? error)
    {
        error = null;
        var fds = new List<(int Fd, int As)>(p.Spec.Sockets.Count);
        foreach (var socket in p.Spec.Sockets)
        {
            if (!_heldSockets.TryGetValue(socket.Address, out var held))
            {
                try
                {
                    held = (socket, ListeningSocket.Open(socket));
                }
                catch (PosixException e)
                {
                    error = $"{e.Call}: {PosixException.Describe(e.Errno)}";
                    return null;
                }
                _heldSockets[socket.Address] = held;
                Log($"{p.Name}: {socket.Address} bound, held for every start as fd {ListenFdsStart + fds.Count}");
            }
            fds.Add((held.Fd, ListenFdsStart + fds.Count));
        }
        return fds;
    }

    /// <summary>systemd's SD_LISTEN_FDS_START: the first passed descriptor.</summary>
    private const int ListenFdsStart = 3;

    /// <summary>The environment of a start with held sockets: LISTEN_FDS and LISTEN_FDNAMES set, LISTEN_PID left to the exec helper.</summary>
    private static IReadOnlyList<string> WithListenVariables(IReadOnlyList<string> environment, ProgramSpec spec) =>
    [
        .. environment.Where(e => !e.StartsWith("LISTEN_FDS=", StringComparison.Ordinal) && !e.StartsWith("LISTEN_PID=", StringComparison.Ordinal)
                                  && !e.StartsWith("LISTEN_FDNAMES=", StringComparison.Ordinal)),
        $"LISTEN_FDS={spec.Sockets.Count}",
        "LISTEN_FDNAMES=" + string.Join(':', spec.Sockets.Select(s => s.Name)),
    ];

    /// <summary>At start: bind every declared socket, so connections queue even while a program waits for its dependencies. A failure is reported at the program's start.</summary>
    private void BindDeclaredSockets()
    {
        foreach (var p in _programs)
            if (p.Spec.Sockets.Count > 0) HeldSocketsOf(p, out _);
    }

    /// <summary>After a reload: close what no program declares any more (what is new is bound at its program's next start).</summary>
    private void KeepDeclaredSockets(IReadOnlyList<ProgramSpec> declared)
    {
        var wanted = declared.SelectMany(s => s.Sockets).Select(s => s.Address).ToHashSet(StringComparer.Ordinal);
        foreach (var (address, held) in _heldSockets.Where(h => !wanted.Contains(h.Key)).ToList())
        {
            ListeningSocket.Close(held.Fd, held.Spec);
            _heldSockets.Remove(address);
            Log($"{address} no longer held: no program declares it");
        }
    }

    private void CloseHeldSockets()
    {
        foreach (var held in _heldSockets.Values) ListeningSocket.Close(held.Fd, held.Spec);
        _heldSockets.Clear();
    }
}
