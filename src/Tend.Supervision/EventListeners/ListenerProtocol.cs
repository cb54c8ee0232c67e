using System.Buffers.Text;
using System.Text;

namespace Tend.Supervision.EventListeners;

/// <summary>What the listener's bytes amounted to.</summary>
public enum ProtocolOutcomeKind { Ready, Accepted, Rejected, Broken, Output }

/// <summary>
/// One step: READY seen; the event's result (Accepted for OK, Rejected for anything else, with the
/// result body); Broken (the listener left the protocol, with why); Output (bytes outside the
/// protocol, to log).
/// </summary>
public readonly record struct ProtocolOutcome(ProtocolOutcomeKind Kind, byte[] Bytes, string? Reason = null);

/// <summary>
/// The listener side of the event protocol as a pure machine over bytes: no descriptors, so every
/// split of the input can be tested. It follows supervisord's PEventListenerDispatcher: strict
/// (anything but READY\n when acknowledged, any byte while ready, or a bad RESULT line breaks the
/// listener), and it keeps going after a complete message, since one read may carry a result and
/// the next READY together.
/// </summary>
public sealed class ListenerProtocol
{
    private static readonly byte[] ReadyToken = "READY\n"u8.ToArray();
    private static readonly byte[] ResultToken = "RESULT "u8.ToArray();

    /// <summary>Longest RESULT line accepted; a listener that writes more without a newline is broken.</summary>
    public const int MaxResultLine = 64;

    /// <summary>Largest result body accepted (OK or FAIL in practice).</summary>
    public const int MaxResultLength = 64 * 1024;

    private readonly List<byte> _buffer = [];
    private int _resultLength = -1;

    public ListenerState State { get; private set; } = ListenerState.Acknowledged;

    /// <summary>Why it broke, once it has.</summary>
    public string? BrokenReason { get; private set; }

    /// <summary>An event was written to the listener: READY → BUSY.</summary>
    public void Sent()
    {
        if (State != ListenerState.Ready) throw new InvalidOperationException($"internal error: event sent to a listener in {State}");
        State = ListenerState.Busy;
    }

    /// <summary>Consumes what the listener wrote; appends what it amounted to, in order.</summary>
    public void Feed(ReadOnlySpan<byte> data, List<ProtocolOutcome> outcomes)
    {
        if (State == ListenerState.Broken)
        {
            if (!data.IsEmpty) outcomes.Add(new ProtocolOutcome(ProtocolOutcomeKind.Output, data.ToArray()));
            return;
        }
        foreach (var b in data) _buffer.Add(b);
        while (Step(outcomes)) { }
    }

    /// <summary>One message off the front of the buffer; false when more bytes are needed (a RESULT 0 body needs none).</summary>
    private bool Step(List<ProtocolOutcome> outcomes)
    {
        switch (State)
        {
            case ListenerState.Acknowledged:
                if (!StartsWith(ReadyToken, Math.Min(_buffer.Count, ReadyToken.Length)))
                    return Break(outcomes, "expected READY");
                if (_buffer.Count < ReadyToken.Length) return false;
                _buffer.RemoveRange(0, ReadyToken.Length);
                State = ListenerState.Ready;
                outcomes.Add(new ProtocolOutcome(ProtocolOutcomeKind.Ready, []));
                return true;

            case ListenerState.Ready:
                if (_buffer.Count == 0) return false;
                return Break(outcomes, "wrote while READY, before any event was sent");

            case ListenerState.Busy when _resultLength < 0:
                var newline = _buffer.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (_buffer.Count > MaxResultLine || !StartsWith(ResultToken, Math.Min(_buffer.Count, ResultToken.Length)))
                        return Break(outcomes, "bad result line");
                    return false;
                }
                var line = _buffer.GetRange(0, newline).ToArray();
                if (!TryParseResultLine(line, out var length))
                    return Break(outcomes, $"bad result line: '{Printable(line)}'");
                _buffer.RemoveRange(0, newline + 1);
                _resultLength = length;
                return true;

            case ListenerState.Busy:
                if (_buffer.Count < _resultLength) return false;
                var body = _buffer.GetRange(0, _resultLength).ToArray();
                _buffer.RemoveRange(0, _resultLength);
                _resultLength = -1;
                State = ListenerState.Acknowledged;
                outcomes.Add(new ProtocolOutcome(body.AsSpan().SequenceEqual("OK"u8) ? ProtocolOutcomeKind.Accepted : ProtocolOutcomeKind.Rejected, body));
                return true;

            default:
                return false;
        }
    }

    /// <summary>The listener left the protocol: what it wrote is handed on as output, and it gets no more events.</summary>
    private bool Break(List<ProtocolOutcome> outcomes, string reason)
    {
        BrokenReason = reason;
        var wasBusy = State == ListenerState.Busy;
        State = ListenerState.Broken;
        _resultLength = -1;
        outcomes.Add(new ProtocolOutcome(ProtocolOutcomeKind.Broken, [], reason + (wasBusy ? " (event rejected)" : "")));
        outcomes.Add(new ProtocolOutcome(ProtocolOutcomeKind.Output, _buffer.ToArray()));
        _buffer.Clear();
        return false;
    }

    /// <summary>"RESULT " then a decimal length, nothing else.</summary>
    private static bool TryParseResultLine(ReadOnlySpan<byte> line, out int length)
    {
        length = 0;
        if (!line.StartsWith(ResultToken)) return false;
        var digits = line[ResultToken.Length..];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')) return false;
        return Utf8Parser.TryParse(digits, out length, out var used) && used == digits.Length && length <= MaxResultLength;
    }

    private bool StartsWith(byte[] token, int count)
    {
        for (var i = 0; i < count; i++)
            if (_buffer[i] != token[i]) return false;
        return true;
    }

    private static string Printable(byte[] line) =>
        new(Encoding.UTF8.GetString(line).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
