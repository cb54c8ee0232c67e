using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `ln -s tend /usr/bin/supervisord`: supervisord's command line and config search work, the exit
/// code tells the truth (tend_main), and log files are written and rotated by Tend.
/// </summary>
public class SupervisordDropInTests
{
    private static string Symlink(TempDir dir)
    {
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        var link = Path.Combine(bin, "supervisord");
        File.CreateSymbolicLink(link, Paths.Tend);
        return link;
    }

    [Fact(Timeout = 60_000)]
    public async Task Invoked_as_supervisord_with_n_and_c_it_runs_the_file_and_exits_with_the_main_programs_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var marker = dir.File("sleeper-ran");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:sleeper]
            command=sh -c 'touch {marker}; exec sleep 100000'
            startsecs=0

            [program:app]
            command=sh -c 'while [ ! -e {marker} ]; do sleep 0.01; done; exit 7'
            startsecs=0
            autorestart=false
            tend_main=true
            """);
        using var tend = TendHost.Start(["-n", "-c", conf, "-e", "debug"], tendPath: Symlink(dir));
        // supervisord would exit 0 here (its issue #712); the main program's code is the container's.
        Assert.Equal(7, tend.WaitForExit());
        Assert.Contains(tend.Stderr, l => l.Contains("-e debug has no effect under tend"));
        Assert.Contains(tend.Stdout, l => l.EndsWith("app exited with 7: main program ended, shutting down", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_c_it_finds_supervisord_conf_where_supervisord_looks()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true

            [program:hello]
            command=sh -c 'echo found-by-search'
            startsecs=0
            autorestart=false
            tend_main=true
            """);
        using var tend = TendHost.Start([], tendPath: Symlink(dir), workingDir: dir.Path);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("| found-by-search", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stdout_logfile_is_written_and_rotated_by_Tend_and_dev_stdout_goes_to_the_console()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var log = dir.File("logs/writer.log");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:writer]
            command=sh -c 'i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo "record $i"; sleep 0.005; done; exec sleep 100000'
            startsecs=0
            stdout_logfile={log}
            stdout_logfile_maxbytes=100
            stdout_logfile_backups=2

            [program:console]
            command=sh -c 'echo to-docker-logs; exec sleep 100000'
            startsecs=0
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            """);
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine(l => l.EndsWith("| to-docker-logs", StringComparison.Ordinal));
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
        string All() => Read(log + ".2") + Read(log + ".1") + Read(log);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!All().Contains("record 40") && DateTime.UtcNow < deadline) await Task.Delay(20);
        // 40 records, about 390 bytes: rotated at 100 bytes (after the write that reaches it, as
        // supervisord does), two backups kept, so the oldest records are gone and order is kept.
        var all = All();
        Assert.EndsWith("record 40\n", all);
        Assert.True(File.Exists(log + ".1") && File.Exists(log + ".2"), "two backups");
        Assert.False(File.Exists(log + ".3"));
        Assert.DoesNotContain("record 1\n", all);
        var numbers = all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l["record ".Length..])).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.True(new FileInfo(log + ".1").Length >= 100);
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("record "));  // a file, not the console
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
