using System.Text;
using Tend.Posix.Files;
using Tend.Runit.Control;
using Tend.Runit.Status;
using Tend.Runit.Supervise;
using Tend.UnitTests.Runit.Support;

namespace Tend.UnitTests.Runit;

/// <summary>Our supervise directory on its own, no runit programs needed.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SuperviseDirectoryTests
{
    private static readonly SuperviseStatus Idle = new(DateTimeOffset.UnixEpoch, 0, RunState.Down, Want.Down);

    [Fact]
    public void Open_PublishesTheInitialState_ThenAcceptsWritersOnOk()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        using var supervise = SuperviseDirectory.Open(dir, Idle);

        Assert.Equal(Idle.Encode(), File.ReadAllBytes(Path.Combine(dir, "supervise", "status")));
        Assert.Equal("down\n", File.ReadAllText(Path.Combine(dir, "supervise", "stat")));
        Assert.Equal("", File.ReadAllText(Path.Combine(dir, "supervise", "pid")));
        var fd = Fifo.TryOpenWriter(Path.Combine(dir, "supervise", "ok"), out var errno);
        Assert.True(fd >= 0, $"open ok for writing: errno {errno}");
        Tend.Posix.Fd.Close(fd);
    }

    [Fact]
    public void Dispose_MakesOkRefuseWriters_WithEnxio_AndLeavesTheFiles()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        SuperviseDirectory.Open(dir, Idle).Dispose();

        Assert.Equal(-1, Fifo.TryOpenWriter(Path.Combine(dir, "supervise", "ok"), out var errno));
        Assert.Equal(6 /* ENXIO */, errno);
        Assert.True(File.Exists(Path.Combine(dir, "supervise", "status")));
    }

    [Fact]
    public void DrainCommands_KeepsOrder_AndDropsBytesRunsvIgnores()
    {
        using var tree = new ServiceTree();
        using var supervise = SuperviseDirectory.Open(tree.Add("web"), Idle);
        var writer = Fifo.OpenWriter(Path.Combine(supervise.Path, "control"));
        Assert.True(Tend.Posix.Fd.WriteAll(writer, "tcuZe\nx"u8));
        Tend.Posix.Fd.Close(writer);

        var commands = new List<ControlCommand>();
        Assert.Equal(4, supervise.DrainCommands(commands));
        Assert.Equal([ControlCommand.Terminate, ControlCommand.Continue, ControlCommand.Up, ControlCommand.Exit], commands);
        Assert.Equal(0, supervise.DrainCommands(commands));
    }

    [Fact]
    public void Publish_RewritesPidOnlyWhenItChanges_AndLeavesNoTemporaryFiles()
    {
        using var tree = new ServiceTree();
        using var supervise = SuperviseDirectory.Open(tree.Add("web"), Idle);
        var pidFile = Path.Combine(supervise.Path, "pid");
        var running = new SuperviseStatus(DateTimeOffset.UtcNow, 321, RunState.Run, Want.Up);

        supervise.Publish(running);
        Assert.Equal("321\n", File.ReadAllText(pidFile));
        File.WriteAllText(pidFile, "marker"); // proves the next publish leaves it alone
        supervise.Publish(running with { Paused = true });
        Assert.Equal("marker", File.ReadAllText(pidFile));
        Assert.Equal("run, paused\n", File.ReadAllText(Path.Combine(supervise.Path, "stat")));
        Assert.Empty(Directory.GetFiles(supervise.Path, "*.new"));
    }

    [Fact]
    public void Open_Twice_IsRefusedByTheLock()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        using var first = SuperviseDirectory.Open(dir, Idle);
        var error = Assert.Throws<SupervisedElsewhereException>(() => SuperviseDirectory.Open(dir, Idle));
        Assert.EndsWith("supervise/lock", error.LockPath);
    }

    [Fact]
    public void Open_DanglingSuperviseSymlink_CreatesItsTarget()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        var target = Path.Combine(tree.Root, "run-state", "web");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.CreateSymbolicLink(Path.Combine(dir, "supervise"), target);

        using var supervise = SuperviseDirectory.Open(dir, Idle);
        Assert.True(File.Exists(Path.Combine(target, "status")));
    }

    [Fact]
    public void Open_ControlThatIsNotAFifo_IsRefused()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        Directory.CreateDirectory(Path.Combine(dir, "supervise"));
        File.WriteAllText(Path.Combine(dir, "supervise", "control"), "");
        var error = Assert.Throws<IOException>(() => SuperviseDirectory.Open(dir, Idle));
        Assert.Contains("not a fifo", error.Message);
    }

    [Fact]
    public void InitialStatus_WantsDownOnlyWithADownFile()
    {
        using var tree = new ServiceTree();
        Assert.Equal(Want.Up, SupervisedService.InitialStatus(tree.Add("web"), DateTimeOffset.UnixEpoch).Want);
        Assert.Equal(Want.Down, SupervisedService.InitialStatus(tree.Add("idle", down: true), DateTimeOffset.UnixEpoch).Want);
    }

    [Fact]
    public void SupervisedService_WithoutLog_HasNoLogDirectory()
    {
        using var tree = new ServiceTree();
        using var service = SupervisedService.Open(tree.Add("web"), DateTimeOffset.UtcNow);
        Assert.Null(service.Log);
        Assert.Equal("down\n", Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(service.Main.Path, "stat"))));
    }
}
