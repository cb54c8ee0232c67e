using System.Text;
using Tend.Runit.Status;
using Tend.Runit.Supervise;
using Tend.UnitTests.Runit.Support;

namespace Tend.UnitTests.Runit;

/// <summary>
/// The real runsv writes a record; we decode it, check it against runsv's own stat and pid
/// files, then publish the same state ourselves (no runsv) and ask the real sv about both.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RunsvRecordTests
{
    public static TheoryData<string> ScenarioNames => new(Scenario.All.Keys);

    [RunitTheory, MemberData(nameof(ScenarioNames))]
    public void RealRunsvRecord_DecodesToWhatItsStatAndPidFilesSay(string name)
    {
        RunitTools.Require();
        var scenario = Scenario.All[name];
        using var tree = new ServiceTree();
        var dir = scenario.Create(tree);
        using var runsv = RunsvProcess.Start(dir);
        var (status, _) = scenario.Reach(runsv, tree.Root);

        var supervise = Path.Combine(dir, "supervise");
        var raw = File.ReadAllBytes(Path.Combine(supervise, "status"));
        Assert.True(SuperviseStatus.TryDecode(raw, out var decoded));
        Assert.Equal(status, decoded);
        Assert.Equal(raw, decoded.Encode());
        Assert.Equal(File.ReadAllText(Path.Combine(supervise, "stat")), StatusText.Stat(decoded));
        Assert.Equal(File.ReadAllText(Path.Combine(supervise, "pid")), StatusText.Pid(decoded.Pid));
        Assert.InRange(decoded.Since, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(1));
        if (decoded.Pid != 0) Assert.Equal(runsv.Pid, ParentOf(decoded.Pid));
    }

    [RunitTheory, MemberData(nameof(ScenarioNames))]
    public void SvStatus_PrintsTheSameForOurSuperviseDirectoryAsForRunsv(string name)
    {
        RunitTools.Require();
        var scenario = Scenario.All[name];
        using var realTree = new ServiceTree();
        var realDir = scenario.Create(realTree);
        using var runsv = RunsvProcess.Start(realDir);
        var (main, log) = scenario.Reach(runsv, realTree.Root);
        var expected = RunitTools.RunSv(realTree.Root, "status", "web");

        using var ourTree = new ServiceTree();
        var ourDir = scenario.Create(ourTree);
        using var ours = SupervisedService.Open(ourDir, DateTimeOffset.UtcNow, main, log);
        var actual = RunitTools.RunSv(ourTree.Root, "status", "web");

        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Normalized, actual.Normalized);
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.Contains(name == "with-log" ? "; run: log: (pid" : "web: ", actual.Stdout);
        foreach (var file in new[] { "status", "stat", "pid" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(realDir, "supervise", file)), File.ReadAllBytes(Path.Combine(ourDir, "supervise", file)));
    }

    [RunitFact]
    public void OurLayout_HasRunsvsNodesAndModes()
    {
        RunitTools.Require();
        var scenario = Scenario.All["with-log"];
        using var realTree = new ServiceTree();
        var realDir = scenario.Create(realTree);
        using var runsv = RunsvProcess.Start(realDir);
        scenario.Reach(runsv, realTree.Root);

        using var ourTree = new ServiceTree();
        var ourDir = scenario.Create(ourTree);
        using var ours = SupervisedService.Open(ourDir, DateTimeOffset.UtcNow);

        Assert.Equal(Describe(realDir), Describe(ourDir));
        Assert.Contains("log/supervise/ok fifo UserWrite, UserRead\n", Describe(ourDir));
    }

    private static string Describe(string serviceDir)
    {
        var text = new StringBuilder();
        foreach (var sub in new[] { "supervise", "log/supervise" })
        {
            var dir = Path.Combine(serviceDir, sub);
            text.Append($"{sub} dir {File.GetUnixFileMode(dir)}\n");
            foreach (var file in Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(dir, file!);
                var kind = Tend.Posix.Files.Fifo.IsFifo(path) ? "fifo" : "file";
                text.Append($"{sub}/{file} {kind} {File.GetUnixFileMode(path)}\n");
            }
        }
        return text.ToString();
    }

    private static int ParentOf(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so parse after ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }
}
