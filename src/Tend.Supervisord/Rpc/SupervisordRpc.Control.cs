using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>
/// start, stop and signal, for one process, a group ("g:*" or the *Group calls) and all processes.
/// The state checks are supervisord's: a start refuses a process in a running state, a stop or a
/// signal one that is not running; group and all calls skip those processes silently, so their
/// result lists only the processes acted on ("start all" lists only what was not running).
/// </summary>
public sealed partial class SupervisordRpc
{
    internal XmlRpcValue StartProcess(string spec, bool wait)
    {
        var (_, group, process) = Resolve(spec);
        if (process is null) return StartProcessGroup(group, wait);
        if (StartRefusal(process, spec) is { } refusal) throw new RpcException(refusal);
        return Check(Backend.Start([process.Ref], wait)[0], spec);
    }

    internal XmlRpcValue StartProcessGroup(string group, bool wait) => StartEach(GroupMembers(group), wait);

    internal XmlRpcValue StartAllProcesses(bool wait) => StartEach(Backend.Processes(), wait);

    private XmlRpcValue StartEach(IReadOnlyList<ProcessSnapshot> processes, bool wait) =>
        ActOnEach(processes.Where(p => !ProcessStates.IsRunning(p.State)).ToList(), p => StartRefusal(p, p.Namespec), batch => Backend.Start(batch, wait));

    private static RpcFault? StartRefusal(ProcessSnapshot p, string spec) => p.State switch
    {
        _ when ProcessStates.IsRunning(p.State) => RpcFault.Of(Faults.AlreadyStarted, spec),
        ProcessState.Unknown => RpcFault.Of(Faults.Failed, $"{spec} is in an unknown process state"),
        _ => null,
    };

    internal XmlRpcValue StopProcess(string spec, bool wait)
    {
        var (_, group, process) = Resolve(spec);
        if (process is null) return StopProcessGroup(group, wait);
        if (!ProcessStates.IsRunning(process.State)) throw RpcException.Of(Faults.NotRunning, spec);
        return Check(Backend.Stop([process.Ref], wait)[0], spec);
    }

    internal XmlRpcValue StopProcessGroup(string group, bool wait) => StopEach(GroupMembers(group), wait);

    internal XmlRpcValue StopAllProcesses(bool wait) => StopEach(Backend.Processes(), wait);

    private XmlRpcValue StopEach(IReadOnlyList<ProcessSnapshot> processes, bool wait) =>
        ActOnEach(processes.Where(p => ProcessStates.IsRunning(p.State)).ToList(), _ => null, batch => Backend.Stop(batch, wait));

    internal XmlRpcValue SignalProcess(string spec, string signal)
    {
        var (_, group, process) = Resolve(spec);
        if (process is null) return SignalProcessGroup(group, signal);
        if (!TryParseSignal(signal, out var number)) throw RpcException.Of(Faults.BadSignal, signal);
        if (!ProcessStates.IsSignallable(process.State)) throw RpcException.Of(Faults.NotRunning, spec);
        return Check(Backend.Signal(process.Ref, number), spec);
    }

    internal XmlRpcValue SignalProcessGroup(string group, string signal) => SignalEach(GroupMembers(group), signal);

    internal XmlRpcValue SignalAllProcesses(string signal) => SignalEach(Backend.Processes(), signal);

    private XmlRpcValue SignalEach(IReadOnlyList<ProcessSnapshot> processes, string signal)
    {
        // As in supervisord, a bad signal is reported per process, not as one fault.
        var valid = TryParseSignal(signal, out var number);
        return ActOnEach(
            processes.Where(p => ProcessStates.IsSignallable(p.State)).ToList(),
            _ => valid ? null : RpcFault.Of(Faults.BadSignal, signal),
            batch => batch.Select(p => Backend.Signal(p, number)).ToList());
    }

    /// <summary>"HUP", "SIGHUP", "hup" or "1"; only signals Linux has.</summary>
    private static bool TryParseSignal(string text, out int number) => Model.Signals.TryParse(text, out number);

    internal XmlRpcValue SendProcessStdin(string spec, XmlRpcValue chars)
    {
        var bytes = chars switch
        {
            XmlRpcString s => System.Text.Encoding.UTF8.GetBytes(s.Value),
            XmlRpcBase64 b => b.Value,
            _ => throw RpcException.Of(Faults.IncorrectParameters),
        };
        var process = ResolveProcess(spec);
        if (process.Pid == 0 || process.State == ProcessState.Stopping) throw RpcException.Of(Faults.NotRunning, spec);
        return Check(Backend.SendStdin(process.Ref, bytes), spec);
    }

    /// <summary>
    /// One result struct per process, in the order given: a refusal decided here, else the backend's
    /// answer for the batch of the rest (so a group starts together and waits once, not in turn).
    /// </summary>
    private static XmlRpcArray ActOnEach(
        IReadOnlyList<ProcessSnapshot> processes,
        Func<ProcessSnapshot, RpcFault?> refuse,
        Func<IReadOnlyList<ProcessRef>, IReadOnlyList<BackendResult>> act)
    {
        var refusals = processes.Select(refuse).ToList();
        var batch = processes.Where((_, i) => refusals[i] is null).ToList();
        var answers = batch.Count == 0 ? [] : act(batch.Select(p => p.Ref).ToList());
        if (answers.Count != batch.Count) throw new InvalidOperationException($"internal error: the backend answered {answers.Count} results for {batch.Count} processes");
        var results = new XmlRpcValue[processes.Count];
        for (int i = 0, next = 0; i < processes.Count; i++)
        {
            var p = processes[i];
            var fault = refusals[i];
            if (fault is null)
            {
                var answer = answers[next++];
                if (!answer.Succeeded) fault = RpcFault.Of(answer.Code, answer.Detail ?? p.Namespec);
            }
            results[i] = fault is null
                ? ProcessInfo.Result(p, Faults.Success, "OK")
                : ProcessInfo.Result(p, fault.Code, fault.Text);
        }
        return new XmlRpcArray(results);
    }
}
