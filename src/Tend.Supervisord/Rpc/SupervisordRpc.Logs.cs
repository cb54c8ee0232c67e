using System.Text;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>Reading, tailing and clearing the main log and the processes' logs.</summary>
public sealed partial class SupervisordRpc
{
    // Log bytes may end inside a UTF-8 sequence (the window is by bytes); those become U+FFFD
    // instead of failing the whole reply as supervisord's strict decode does.
    private static readonly UTF8Encoding LenientUtf8 = new(false, false);

    internal XmlRpcValue ReadMainLog(long offset, long length) => Read(LogTarget.Main, offset, length, noFileDetail: null);

    internal XmlRpcValue ReadProcessLog(string spec, long offset, long length, LogChannel channel)
    {
        var p = ResolveProcess(spec);
        var path = channel == LogChannel.Stdout ? p.StdoutLogfile : p.StderrLogfile;
        // supervisord names the missing file, or Python's None when the process has none.
        return Read(LogTarget.Of(p.Ref, channel), offset, length, noFileDetail: path.Length > 0 ? path : "None");
    }

    private XmlRpcValue Read(LogTarget log, long offset, long length, string? noFileDetail)
    {
        var extent = Backend.GetLogExtent(log) ?? throw RpcException.Of(Faults.NoFile, noFileDetail);
        var span = LogWindow.Read(extent, offset, length, _options.MaxLogReadBytes) ?? throw RpcException.Of(Faults.BadArguments);
        return span.Count == 0 ? "" : LenientUtf8.GetString(Backend.ReadLog(log, span.Offset, span.Count));
    }

    /// <summary>[bytes, next offset, overflow]; a process without that log answers ["", 0, false], as supervisord does.</summary>
    internal XmlRpcValue TailProcessLog(string spec, long offset, long length, LogChannel channel)
    {
        var p = ResolveProcess(spec);
        var log = LogTarget.Of(p.Ref, channel);
        if (Backend.GetLogExtent(log) is not { } extent) return new XmlRpcArray("", 0, false);
        var (span, next, overflow) = LogWindow.Tail(extent, offset, length, _options.MaxLogReadBytes);
        var text = span.Count == 0 ? "" : LenientUtf8.GetString(Backend.ReadLog(log, span.Offset, span.Count));
        return new XmlRpcArray(text, ProcessInfo.CappedInt(next), overflow);
    }

    internal XmlRpcValue ClearMainLog() => Check(Backend.ClearMainLog(), null);

    internal XmlRpcValue ClearProcessLogs(string spec) => Check(Backend.ClearProcessLogs(ResolveProcess(spec).Ref), spec);

    /// <summary>Every process, in priority order, one result struct each.</summary>
    internal XmlRpcValue ClearAllProcessLogs() =>
        ActOnEach(Backend.Processes(), _ => null, batch => batch.Select(Backend.ClearProcessLogs).ToList());
}
