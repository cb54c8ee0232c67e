using System.Text;
using Tend.Logging;
using Tend.Model;

namespace Tend.UnitTests.Logging;

/// <summary>ready_log_line's matcher: whole lines per stream, the first match only, whatever the chunking.</summary>
public class LineWatchTests
{
    private static (LineWatch Watch, Func<int> Matches) Watch(string pattern)
    {
        var matches = 0;
        return (new LineWatch(ReadyLogLinePattern.Compile(pattern), () => matches++), () => matches);
    }

    private static void Feed(LineWatch w, LogStream s, string text) => w.Feed(s, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_line_cut_over_two_reads_matches_once_it_is_whole()
    {
        var (w, matches) = Watch("^ready on port [0-9]+$");
        Feed(w, LogStream.Stdout, "booting\nready on ");
        Assert.Equal(0, matches());
        Feed(w, LogStream.Stdout, "port 80\r\nready on port 81\n");
        Assert.Equal(1, matches());
        Assert.True(w.Matched);
    }

    [Fact]
    public void Stdout_and_stderr_pieces_are_never_glued_into_one_line()
    {
        var (w, matches) = Watch("^ready now$");
        Feed(w, LogStream.Stdout, "ready ");
        Feed(w, LogStream.Stderr, "now\n");
        Assert.Equal(0, matches());
        Feed(w, LogStream.Stderr, "ready now\n");
        Assert.Equal(1, matches());
    }

    [Fact]
    public void A_partial_line_alone_does_not_match()
    {
        var (w, matches) = Watch("ready");
        Feed(w, LogStream.Stdout, "ready without a newline");
        Assert.Equal(0, matches());
    }
}
