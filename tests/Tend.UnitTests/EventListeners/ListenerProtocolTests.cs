using System.Text;
using Tend.Supervision.EventListeners;

namespace Tend.UnitTests.EventListeners;

public class ListenerProtocolTests
{
    private static List<ProtocolOutcome> Feed(ListenerProtocol p, string text)
    {
        var outcomes = new List<ProtocolOutcome>();
        p.Feed(Encoding.UTF8.GetBytes(text), outcomes);
        return outcomes;
    }

    private static string Kinds(List<ProtocolOutcome> outcomes) => string.Join(",", outcomes.Select(o => o.Kind));

    private static ListenerProtocol Busy()
    {
        var p = new ListenerProtocol();
        Feed(p, "READY\n");
        p.Sent();
        return p;
    }

    [Fact]
    public void Ready_ThenResultOk_IsAcceptedAndBackToAcknowledged()
    {
        var p = new ListenerProtocol();
        Assert.Equal(ListenerState.Acknowledged, p.State);
        Assert.Equal("Ready", Kinds(Feed(p, "READY\n")));
        Assert.Equal(ListenerState.Ready, p.State);
        p.Sent();
        Assert.Equal(ListenerState.Busy, p.State);
        var done = Feed(p, "RESULT 2\nOK");
        Assert.Equal("Accepted", Kinds(done));
        Assert.Equal("OK"u8.ToArray(), done[0].Bytes);
        Assert.Equal(ListenerState.Acknowledged, p.State);
    }

    [Fact]
    public void ResultFail_IsRejected()
    {
        var p = Busy();
        var done = Feed(p, "RESULT 4\nFAIL");
        Assert.Equal("Rejected", Kinds(done));
        Assert.Equal("FAIL"u8.ToArray(), done[0].Bytes);
        Assert.Equal(ListenerState.Acknowledged, p.State);
    }

    [Theory]
    [InlineData("RESULT 0\n")]
    [InlineData("RESULT 2\nok")]
    [InlineData("RESULT 3\nOK!")]
    public void AnyResultButOk_IsRejected_AsSupervisordsDefaultHandler(string answer) =>
        Assert.Equal("Rejected", Kinds(Feed(Busy(), answer)));

    [Fact]
    public void ResultAndNextReady_InOneChunk_AreBothSeen()
    {
        var p = Busy();
        Assert.Equal("Accepted,Ready", Kinds(Feed(p, "RESULT 2\nOKREADY\n")));
        Assert.Equal(ListenerState.Ready, p.State);
    }

    [Fact]
    public void EverySplitOfAConversation_GivesTheSameOutcomes()
    {
        const string Answer = "RESULT 2\nOKREADY\n";
        for (var cut1 = 0; cut1 <= Answer.Length; cut1++)
            for (var cut2 = cut1; cut2 <= Answer.Length; cut2++)
            {
                var p = Busy();
                var all = new List<ProtocolOutcome>();
                all.AddRange(Feed(p, Answer[..cut1]));
                all.AddRange(Feed(p, Answer[cut1..cut2]));
                all.AddRange(Feed(p, Answer[cut2..]));
                Assert.Equal("Accepted,Ready", Kinds(all));
                Assert.Equal(ListenerState.Ready, p.State);
            }
    }

    [Fact]
    public void ReadySplitByteByByte_WaitsThenGetsReady()
    {
        var p = new ListenerProtocol();
        foreach (var c in "READY")
            Assert.Empty(Feed(p, c.ToString()));
        Assert.Equal(ListenerState.Acknowledged, p.State);
        Assert.Equal("Ready", Kinds(Feed(p, "\n")));
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData("READY \n")]
    [InlineData("ready\n")]
    public void GarbageInsteadOfReady_BreaksIt_AndIsHandedOnAsOutput(string garbage)
    {
        var p = new ListenerProtocol();
        var outcomes = Feed(p, garbage);
        Assert.Equal("Broken,Output", Kinds(outcomes));
        Assert.Equal(garbage, Encoding.UTF8.GetString(outcomes[1].Bytes));
        Assert.Equal(ListenerState.Broken, p.State);
        var later = Feed(p, "READY\n");                          // broken stays broken; the rest is output
        Assert.Equal("Output", Kinds(later));
        Assert.Equal(ListenerState.Broken, p.State);
    }

    [Fact]
    public void AnythingWhileReady_BreaksIt()
    {
        var p = new ListenerProtocol();
        Assert.Equal("Ready,Broken,Output", Kinds(Feed(p, "READY\nREADY\n")));
        Assert.Contains("READY", p.BrokenReason);
    }

    [Theory]
    [InlineData("RESULT x\nOK")]
    [InlineData("RESULT\nOK")]
    [InlineData("RESULT -2\nOK")]
    [InlineData("OK\n")]
    [InlineData("RESULT 99999999999\n")]
    public void BadResultLine_BreaksIt(string answer)
    {
        var p = Busy();
        var outcomes = Feed(p, answer);
        Assert.Equal(ProtocolOutcomeKind.Broken, outcomes[0].Kind);
        Assert.Contains("event rejected", outcomes[0].Reason);
        Assert.Equal(ListenerState.Broken, p.State);
    }

    [Fact]
    public void ALongLineWithoutNewlineWhileBusy_BreaksIt_InsteadOfGrowingForever()
    {
        var p = Busy();
        Assert.Empty(Feed(p, "RESULT 2"));
        Assert.Equal("Broken,Output", Kinds(Feed(p, new string('7', ListenerProtocol.MaxResultLine))));
    }

    [Fact]
    public void SendingWhenNotReady_IsAnInternalError() =>
        Assert.Throws<InvalidOperationException>(() => new ListenerProtocol().Sent());
}
