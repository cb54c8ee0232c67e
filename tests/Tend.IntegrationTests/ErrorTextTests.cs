using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// What Tend prints when the system says no is for people: the published binary carries no .NET
/// messages (UseSystemResourceKeys), so an exception's Message is a bare key such as
/// "IO_FileExists_Name, /srv/app" (issue 16 item 9 saw exactly that). Here a regular file stands
/// where Tend must create directories: for the control socket, the supervisorctl socket and a
/// program's log file.
/// </summary>
public partial class ErrorTextTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_read_plain_words_not_a_resource_key_when_a_file_is_in_the_way()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var inTheWay = dir.Write("in-the-way", "a regular file, not a directory\n");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [unix_http_server]
            file={inTheWay}/supervisor.sock

            [program:app]
            command=sh -c "echo hello; exec sleep 1000"
            stdout_logfile={inTheWay}/app.log
            """);
        using var tend = TendHost.Start(["run", "--socket", $"{inTheWay}/tend.sock", conf]);
        string[] expected = ["control socket", "supervisord socket", "cannot write log file"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!expected.All(e => tend.AllLines.Any(l => l.Line.Contains(e, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline, $"not every failure was reported:\n{tend.Transcript()}");
            await Task.Delay(50);
        }
        tend.Signal(15);
        tend.WaitForExit();

        var lines = tend.AllLines.Select(l => l.Line).ToList();
        Assert.Contains(lines, l => l.Contains($"cannot create {inTheWay}: file exists", StringComparison.Ordinal));
        // The log file's path is walked name by name (TrustedPath), so the file in the way is met as a directory that is not one.
        Assert.Contains(lines, l => l.Contains($"cannot write log file {inTheWay}/app.log: open {inTheWay}: not a directory", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.False(ResourceKey().IsMatch(line), $"a .NET resource key reached the user: {line}");
            Assert.DoesNotContain("Exception", line);
        }
    }

    /// <summary>"IO_FileExists_Name", "UnauthorizedAccess_IODenied_Path", "Arg_NullReferenceException" (not TEND_SOCKET).</summary>
    [GeneratedRegex(@"\b[A-Za-z]+_[A-Z][a-z]+[A-Za-z]*(_[A-Za-z]+)*\b")]
    private static partial Regex ResourceKey();
}
