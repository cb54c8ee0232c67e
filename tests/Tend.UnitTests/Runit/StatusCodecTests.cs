using Tend.Runit.Status;

namespace Tend.UnitTests.Runit;

/// <summary>Records copied from the wire captures of Debian's runsv 2.1.2 (wire-captures.md, part 2.3).</summary>
public class StatusCodecTests
{
    public static TheoryData<string, long, int, int, RunState, Want, bool, bool, string> Captured => new()
    {
        // hex, unix seconds, nanoseconds, pid, state, want, paused, got TERM, stat text
        { "400000006b0b590023b7edb473280000 00750001", 1795905782, 599256500, 10355, RunState.Run, Want.Up, false, false, "run\n" },
        { "400000006b0b5900246db4dc00000000 00640000", 1795905782, 611169500, 0, RunState.Down, Want.Down, false, false, "down\n" },
        { "400000006b0b59032451dbf400000000 00750000", 1795905785, 609344500, 0, RunState.Down, Want.Up, false, false, "down\n" },
        { "400000006b0b590023b7edb473280000 01750001", 1795905782, 599256500, 10355, RunState.Run, Want.Up, true, false, "run, paused\n" },
        { "400000006b0b590023b7edb473280000 00640001", 1795905782, 599256500, 10355, RunState.Run, Want.Down, false, false, "run, want down\n" },
        { "400000006b0b59982420f854242d0000 00640002", 1795905934, 606140500, 11556, RunState.Finish, Want.Down, false, false, "finish, want down\n" },
        { "400000006b0b590023a8901c72280000 00640101", 1795905782, 598249500, 10354, RunState.Run, Want.Down, false, true, "run, got TERM, want down\n" },
        { "400000006b0b5962338a6f64862b0000 00750001", 1795905880, 864710500, 11142, RunState.Run, Want.Up, false, false, "run\n" },
    };

    [Theory, MemberData(nameof(Captured))]
    public void Decode_CapturedRunsvRecord_GivesEveryField(string hex, long unix, int nanos, int pid,
        RunState state, Want want, bool paused, bool term, string stat)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.True(SuperviseStatus.TryDecode(bytes, out var status));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(unix).AddTicks(nanos / 100), status.Since);
        Assert.Equal(pid, status.Pid);
        Assert.Equal(state, status.State);
        Assert.Equal(want, status.Want);
        Assert.Equal(paused, status.Paused);
        Assert.Equal(term, status.TermSent);
        Assert.Equal(stat, StatusText.Stat(status));
    }

    [Theory, MemberData(nameof(Captured))]
    public void Encode_DecodedRunsvRecord_GivesTheSameBytes(string hex, long unix, int nanos, int pid,
        RunState state, Want want, bool paused, bool term, string stat)
    {
        _ = (unix, nanos, pid, state, want, paused, term, stat);
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.True(SuperviseStatus.TryDecode(bytes, out var status));
        Assert.Equal(bytes, status.Encode());
    }

    [Fact]
    public void Encode_WantExit_IsWrittenAsD_AndStatSaysWantExit()
    {
        var status = new SuperviseStatus(DateTimeOffset.UnixEpoch, 42, RunState.Run, Want.Exit, TermSent: true);
        Assert.Equal((byte)'d', status.Encode()[17]);
        Assert.Equal("run, got TERM, want exit\n", StatusText.Stat(status));
    }

    [Fact]
    public void Encode_Time_UsesMicrosecondsTimes1000Plus500_LikeTaiaNow()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1795905782).AddTicks(5992564); // 0.5992564 s: 599256 us
        var bytes = new SuperviseStatus(time, 1, RunState.Run, Want.Up).Encode();
        Assert.Equal("400000006b0b590023b7edb4", Convert.ToHexString(bytes, 0, 12).ToLowerInvariant());
    }

    [Fact]
    public void Encode_PidIsLittleEndian_AndFlagsAreSingleBytes()
    {
        var bytes = new SuperviseStatus(DateTimeOffset.UnixEpoch, 0x01020304, RunState.Finish, Want.Up, Paused: true, TermSent: true).Encode();
        Assert.Equal(new byte[] { 4, 3, 2, 1, 1, (byte)'u', 1, 2 }, bytes[12..]);
        Assert.Equal("400000000000000a000001f4", Convert.ToHexString(bytes, 0, 12).ToLowerInvariant());
    }

    [Theory]
    [InlineData("400000006b0b590023b7edb473280000007500")]       // 19 bytes
    [InlineData("400000006b0b590023b7edb47328000000780001")]     // want 'x'
    [InlineData("400000006b0b590023b7edb47328000000750003")]     // state 3
    [InlineData("400000006b0b590023b7edb47328000002750001")]     // paused 2
    // Time labels no runsv writes, found by the fuzzer (scripts/fuzz.sh runit): they made TryDecode
    // throw ArgumentOutOfRangeException from DateTimeOffset.AddTicks instead of returning false.
    [InlineData("3fe40000692a9b89f90001f40000000000640000")]     // the fuzzer's input: 1.8e16 s before 1970
    [InlineData("4000003afff4418a000000000000000000640000")]    // year 10000
    [InlineData("3ffffff1886e0909000000000000000000640000")]    // one second before year 1
    [InlineData("400000006b0b59003b9aca007328000000750001")]    // 10^9 nanoseconds
    public void TryDecode_MalformedRecord_IsRefused(string hex)
    {
        Assert.False(SuperviseStatus.TryDecode(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryDecode_TheFirstAndLastSecondsDateTimeOffsetHolds_AreRead()
    {
        var first = Convert.FromHexString("3ffffff1886e090a000000000000000000640000");
        Assert.True(SuperviseStatus.TryDecode(first, out var status));
        Assert.Equal(DateTimeOffset.MinValue, status.Since);
        var last = Convert.FromHexString("4000003afff441893b9ac9ff0000000000640000");
        Assert.True(SuperviseStatus.TryDecode(last, out status));
        Assert.Equal(DateTimeOffset.MaxValue, status.Since);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(10355, "10355\n")]
    public void PidText_IsDecimalAndNewline_OrEmpty(int pid, string text) => Assert.Equal(text, StatusText.Pid(pid));

    [Fact]
    public void Stat_Down_NeverSaysWant()
    {
        var status = new SuperviseStatus(DateTimeOffset.UnixEpoch, 0, RunState.Down, Want.Down);
        Assert.Equal("down\n", StatusText.Stat(status));
        Assert.Equal("down\n", StatusText.Stat(status with { Want = Want.Exit }));
    }
}
