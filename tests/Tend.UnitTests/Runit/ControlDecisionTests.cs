using Tend.Runit.Control;
using Tend.Runit.Status;
using static Tend.Model.Signals;
using E = Tend.Runit.Control.ControlEffect;

namespace Tend.UnitTests.Runit;

public class ControlDecisionTests
{
    private static readonly E Publish = new E.Publish();
    private static ControlContext Running(Want want = Want.Up, bool log = false) => new(RunState.Run, want, 100, log);
    private static ControlContext Down(Want want = Want.Up, bool log = false) => new(RunState.Down, want, 0, log);
    private static ControlContext Finishing(Want want = Want.Down) => new(RunState.Finish, want, 200);

    public static TheoryData<ControlCommand> AllCommands()
    {
        var data = new TheoryData<ControlCommand>();
        foreach (var c in "udopchaiq12tkx") { Assert.True(ControlCommands.TryParse((byte)c, out var cmd)); data.Add(cmd); }
        return data;
    }

    [Fact]
    public void TryParse_AcceptsExactlyRunsvsFourteenBytes()
    {
        var accepted = Enumerable.Range(0, 256).Where(b => ControlCommands.TryParse((byte)b, out _)).Select(b => (char)b);
        Assert.Equal("12acdhikopqtux", string.Concat(accepted.Order()));
    }

    [Fact]
    public void Up_WhenDown_PublishesWantUpThenStartsWithHookU() =>
        Assert.Equal([new E.SetWant(Want.Up), Publish, new E.Start('u')], ControlDecision.Decide(Down(Want.Down), ControlCommand.Up));

    [Fact]
    public void Up_WhenRunningOrFinishing_OnlyChangesWant()
    {
        Assert.Equal([new E.SetWant(Want.Up), Publish], ControlDecision.Decide(Running(Want.Down), ControlCommand.Up));
        Assert.Equal([new E.SetWant(Want.Up), Publish], ControlDecision.Decide(Finishing(), ControlCommand.Up));
    }

    [Fact]
    public void Once_WhenDown_WantsDownButStarts_UsingHookU() =>
        Assert.Equal([new E.SetWant(Want.Down), Publish, new E.Start('u')], ControlDecision.Decide(Down(), ControlCommand.Once));

    [Fact]
    public void Down_WhenRunning_TermThenContThenHookD() =>
        Assert.Equal([new E.SetWant(Want.Down), Publish, new E.Terminate('t'), new E.Signal(SIGCONT, null), new E.RunHook('d')],
            ControlDecision.Decide(Running(), ControlCommand.Down));

    [Fact]
    public void Down_WhenDownOrFinishing_OnlyChangesWant()
    {
        Assert.Equal([new E.SetWant(Want.Down), Publish], ControlDecision.Decide(Down(), ControlCommand.Down));
        Assert.Equal([new E.SetWant(Want.Down), Publish], ControlDecision.Decide(Finishing(Want.Up), ControlCommand.Down));
    }

    [Fact]
    public void Exit_WhenRunning_TermThenContThenHookX() =>
        Assert.Equal([new E.SetWant(Want.Exit), Publish, new E.Terminate('t'), new E.Signal(SIGCONT, null), new E.RunHook('x')],
            ControlDecision.Decide(Running(), ControlCommand.Exit));

    [Fact]
    public void Exit_ToALogService_IsIgnored() =>
        Assert.Empty(ControlDecision.Decide(Running(log: true), ControlCommand.Exit));

    [Fact]
    public void Term_WantUp_OnlyTerminates_WantDown_AlsoContinuesAndRunsHookD()
    {
        Assert.Equal([new E.Terminate('t')], ControlDecision.Decide(Running(Want.Up), ControlCommand.Terminate));
        Assert.Equal([new E.Terminate('t'), new E.Signal(SIGCONT, null), new E.RunHook('d')],
            ControlDecision.Decide(Running(Want.Down), ControlCommand.Terminate));
    }

    [Theory]
    [InlineData('h', SIGHUP)]
    [InlineData('a', SIGALRM)]
    [InlineData('i', SIGINT)]
    [InlineData('q', SIGQUIT)]
    [InlineData('1', SIGUSR1)]
    [InlineData('2', SIGUSR2)]
    [InlineData('k', SIGKILL)]
    public void SignalLetter_WhenRunning_SendsItsSignalUnlessItsHookSucceeds(char letter, int signal)
    {
        ControlCommands.TryParse((byte)letter, out var command);
        Assert.Equal([new E.Signal(signal, letter)], ControlDecision.Decide(Running(), command));
        Assert.Empty(ControlDecision.Decide(Down(), command));
        Assert.Empty(ControlDecision.Decide(Finishing(), command));
    }

    [Fact]
    public void PauseAndContinue_SetTheFlagEvenWhenNotRunning()
    {
        Assert.Equal([new E.Signal(SIGSTOP, 'p'), new E.SetPaused(true), Publish], ControlDecision.Decide(Running(), ControlCommand.Pause));
        Assert.Equal([new E.SetPaused(true), Publish], ControlDecision.Decide(Down(), ControlCommand.Pause));
        Assert.Equal([new E.Signal(SIGCONT, 'c'), new E.SetPaused(false), Publish], ControlDecision.Decide(Running(), ControlCommand.Continue));
        Assert.Equal([new E.SetPaused(false), Publish], ControlDecision.Decide(Finishing(), ControlCommand.Continue));
    }

    /// <summary>Every state × want × command × log: the invariants runsv(8) documents.</summary>
    [Theory, MemberData(nameof(AllCommands))]
    public void EveryCombination_KeepsTheDocumentedInvariants(ControlCommand command)
    {
        foreach (var state in Enum.GetValues<RunState>())
        foreach (var want in Enum.GetValues<Want>())
        foreach (var log in new[] { false, true })
        {
            var context = new ControlContext(state, want, state == RunState.Down ? 0 : 100, log);
            var steps = ControlDecision.Decide(context, command);
            var where = $"{command} in {context}";

            // Signals only reach a running ./run, never ./finish.
            if (state != RunState.Run)
                Assert.False(steps.Any(s => s is E.Signal or E.Terminate), where);
            // A log service never runs hooks.
            if (log)
                Assert.False(steps.Any(s => s is E.RunHook || s is E.Signal { Hook: not null } || s is E.Terminate { Hook: not null } || s is E.Start { Hook: not null }), where);
            // Only u and o start, and only from down.
            Assert.Equal(command is ControlCommand.Up or ControlCommand.Once && state == RunState.Down, steps.Any(s => s is E.Start));
            // A want change is published before anything else happens.
            var setWant = steps.ToList().FindIndex(s => s is E.SetWant);
            if (setWant >= 0) Assert.Equal(Publish, steps[setWant + 1]);
            // The hook of a plain signal letter is that letter.
            foreach (var signal in steps.OfType<E.Signal>().Where(s => s.Hook is not null))
                Assert.Equal(command.Letter(), signal.Hook);
            // CONT after TERM only when down or exit is wanted afterwards (never hook c).
            if (steps.Any(s => s is E.Terminate))
            {
                var wantAfter = steps.OfType<E.SetWant>().Select(s => s.Want).DefaultIfEmpty(want).Last();
                Assert.Equal(wantAfter != Want.Up, steps.Contains(new E.Signal(SIGCONT, null)));
            }
        }
    }

    [Fact]
    public void StartHook_IsU_ExceptForALogService()
    {
        Assert.Equal('u', ControlDecision.StartHook(false));
        Assert.Null(ControlDecision.StartHook(true));
    }
}
