using Tend.Http;
using Tend.Runit.Control;
using Tend.Runit.Status;
using Tend.Supervisord.XmlRpc;

namespace Tend.Fuzz.Targets;

/// <summary>
/// The parsers behind Tend's sockets and FIFOs. Their documented error outcome is a refusal in
/// their result type (an HTTP error status with a reason, an XML-RPC error message, false from a
/// TryX); an exception or a result that is neither accepted nor refused is a finding.
/// </summary>
internal static class ProtocolTargets
{
    public static void Http(byte[] input)
    {
        var result = HttpRequestParser.Parse(input, HttpLimits.Default);
        var ok = result.Status switch
        {
            ParseStatus.Error => result.Error is { Status: >= 400 and < 600 } e && e.Reason.Length > 0,
            ParseStatus.Complete => result.Request is not null && result.Consumed > 0 && result.Consumed <= input.Length,
            _ => result.Error is null,
        };
        if (!ok) throw new FuzzFinding($"malformed result: {result}");
    }

    public static void XmlRpc(byte[] input)
    {
        var result = MethodCallParser.Parse(input);
        if (result.Call is not null ? result.Error is not null : string.IsNullOrEmpty(result.Error))
            throw new FuzzFinding($"malformed result: {result}");
    }

    /// <summary>
    /// The first 20 bytes as a supervise/status record (decoded, written back and decoded again to
    /// the same fields), then every further byte as a control byte decided against that state.
    /// </summary>
    public static void Runit(byte[] input)
    {
        var head = input.AsSpan(0, Math.Min(input.Length, SuperviseStatus.Size));
        var context = new ControlContext(RunState.Down, Want.Up, 0);
        if (SuperviseStatus.TryDecode(head, out var status))
        {
            _ = StatusText.Stat(status);
            _ = StatusText.Pid(status.Pid);
            // Written back with runit's microsecond precision, so the time may move by under 1 µs.
            if (!SuperviseStatus.TryDecode(status.Encode(), out var again) || again != status with { Since = again.Since }
                || Math.Abs((again.Since - status.Since).Ticks) >= 10)
                throw new FuzzFinding($"status does not round-trip: {status} became {again}");
            context = new ControlContext(status.State, status.Want, status.Pid, IsLog: (input[0] & 1) == 1);
        }
        foreach (var b in input.AsSpan(head.Length))
        {
            if (!ControlCommands.TryParse(b, out var command)) continue;
            if (command.Letter() != (char)b) throw new FuzzFinding($"control byte {b} read as '{command.Letter()}'");
            _ = ControlDecision.Decide(context, command);
        }
    }
}
