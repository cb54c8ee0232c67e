using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>
/// The tend.yaml keys for what supervisord.conf's [program:x] and [group:x] say (issue 24, part 1):
/// stdout/stderr log files with rotation, merge_stderr, stop_as_group/kill_as_group, replicas and
/// groups, read from the file a user writes, and each mistake reported at its file:line.
/// </summary>
public sealed class SupervisordParityKeysTests
{
    [Fact]
    public void A_log_file_with_rotation_is_written_alongside_the_console()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: nginx
                stdout: {file: /var/log/web.log, max_size: 10MiB, backups: 3}
                stderr: {console: none, file: /var/log/web.err}
            """);
        Assert.Equal(ConsoleStream.Stdout, p.Stdout.Console);
        Assert.Equal(new LogFileSpec("/var/log/web.log") { MaxBytes = 10 << 20, Backups = 3 }, p.Stdout.File);
        Assert.Null(p.Stderr.Console);
        Assert.Equal(new LogFileSpec("/var/log/web.err"), p.Stderr.File); // 50MiB, 10 backups: supervisord's defaults
    }

    [Fact]
    public void Merge_stderr_sends_stderr_into_stdout_and_other_keys_take_supervisords_values()
    {
        var p = LoadSingle("programs:\n  q: {command: worker, merge_stderr: true, stop_as_group: false, kill_as_group: false, umask: \"027\"}\n");
        Assert.True(p.RedirectStderr);
        Assert.False(p.StopAsGroup);
        Assert.False(p.KillAsGroup);
        Assert.Equal(Convert.ToInt32("027", 8), p.Umask);
    }

    [Theory]
    [InlineData("merge_stderr: true, stderr: {file: /tmp/e.log}", "both merge_stderr: true and stderr:")]
    [InlineData("stdout: {max_size: 1MiB}", "'stdout.max_size' is set but 'stdout' has no file")]
    [InlineData("stdout: {file: logs/web.log}", "'logs/web.log' is not an absolute path")]
    [InlineData("stdout: {file: /tmp/x.log}, stderr: {file: /tmp/x.log}", "both written to /tmp/x.log")]
    [InlineData("stdout: {backups: -1,file: /tmp/x.log}", "'stdout.backups' cannot be negative")]
    [InlineData("stdout: {console: both}", "invalid value for 'stdout.console'")]
    [InlineData("stdout: {rotate: 3}", "unknown key 'rotate' in 'stdout'")]
    [InlineData("stdout: /var/log/web.log", "invalid value for 'stdout'")]
    [InlineData("kill_as_group: false", "SIGKILL the program alone")]
    [InlineData("replicas: 3, replica_name: worker", "the same name")]
    [InlineData("replicas: 2, replica_name: \"{name}.{i}\"", "unknown placeholder {i}")]
    [InlineData("replicas: 2, replica_name: \"-{n}\"", "invalid program name '-0'")]
    [InlineData("replica_name: \"w{n}\"", "has replica_name but no replicas")]
    [InlineData("replicas: -1", "'replicas' cannot be negative")]
    public void A_mistake_is_an_error_at_its_line(string settings, string message)
    {
        var result = Load($"programs:\n  web:\n    command: run\n    {settings.Replace(", ", "\n    ", StringComparison.Ordinal)}\n");
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(result.Config);
        Assert.StartsWith($"{ConfigTestSupport.File}:", error.Location!.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(1, error.Location.Line); // at the key's line, not the file
    }

    [Fact]
    public void Replicas_are_programs_of_their_own_with_their_number_in_the_environment()
    {
        var result = Load("""
            programs:
              worker:
                command: [work]
                replicas: 3
              api:
                command: [serve]
                depends_on: [worker]
                restart_with: [worker]
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var programs = result.Config!.Programs;
        Assert.Equal(["worker-0", "worker-1", "worker-2", "api"], programs.Select(p => p.Name));
        Assert.Equal(["0", "1", "2"], programs.Take(3).Select(p => p.Environment["TEND_REPLICA"]));
        Assert.All(programs.Take(3), p => Assert.Equal("worker", p.GroupName));
        var api = programs[3];
        Assert.Equal(["worker-0", "worker-1", "worker-2"], api.DependsOn.Select(d => d.Program));
        Assert.Equal(["worker-0", "worker-1", "worker-2"], api.RestartWith);
    }

    [Fact]
    public void A_replica_name_clashing_with_a_program_is_refused_by_the_pipeline()
    {
        using var dir = new TempConfig("""
            programs:
              w-1: {command: [a]}
              w: {command: [b], replicas: 2}
            """);
        var result = ConfigPipeline.Load(new ConfigSources { Path = dir.Path }, NoEnvironment, null);
        Assert.Null(result.Config);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("'w-1' is used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_main_program_cannot_have_replicas()
    {
        var result = Load("programs:\n  app: {command: [a], main: true, replicas: 2}\n");
        Assert.Contains("is the main program and has 2 replicas", SingleErrorAt(result, "2:29").Message);
    }

    [Fact]
    public void A_group_gives_its_members_its_name_and_priority_in_their_own_order()
    {
        var result = Load("""
            programs:
              php: {command: [php-fpm], priority: 20}
              nginx: {command: [nginx], priority: 10}
              db: {command: [mysqld], priority: 50}
            groups:
              web:
                programs: [php, nginx]
                priority: 60
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var programs = result.Config!.Programs;
        Assert.Equal(["nginx", "php", "db"], programs.Select(p => p.Name)); // members laid out by their own priority
        Assert.Equal([60, 60, 50], programs.Select(p => p.Priority));
        Assert.Equal(["web", "web", "db"], programs.Select(p => p.GroupName));
    }

    [Fact]
    public void A_group_without_priority_leaves_its_members_priorities()
    {
        var result = Load("programs:\n  a: {command: [a], priority: 5}\n  b: {command: [b]}\ngroups:\n  g: {programs: [a, b]}\n");
        Assert.Equal([5, 100], result.Config!.Programs.Select(p => p.Priority));
    }

    [Theory]
    [InlineData("g: {programs: [a, nope]}", "5:21", "names 'nope', which is not a program")]
    [InlineData("g: {programs: [a]}\n  h: {programs: [a]}", "6:18", "already in group 'g'")]
    [InlineData("g: {priority: 3}", "5:3", "has no programs")]
    [InlineData("g: {programs: [a], members: [b]}", "5:22", "unknown key 'members' in group 'g'")]
    public void A_group_mistake_is_an_error_at_its_value(string group, string at, string message)
    {
        var result = Load($"programs:\n  a: {{command: [a]}}\n  b: {{command: [b]}}\ngroups:\n  {group}\n");
        Assert.Contains(message, SingleErrorAt(result, at).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tend_check_prints_the_keys_and_its_output_loads_back_the_same()
    {
        const string yaml = """
            programs:
              web:
                command: [nginx]
                stdout: {file: /var/log/web.log, max_size: 1MiB, backups: 2, console: none}
                merge_stderr: true
                stop_as_group: false
                kill_as_group: false
              worker: {command: [work], replicas: 2, replica_name: "w{n}"}
            groups:
              front: {programs: [web], priority: 5}
            """;
        var original = Load(yaml).Config!;
        var printed = EffectiveConfigPrinter.Print(original);
        Assert.Contains("    stdout:\n      console: none  # not on Tend's console\n      file: \"/var/log/web.log\"\n      max_size: 1MiB\n      backups: 2\n", printed);
        Assert.Contains("    merge_stderr: true", printed);
        Assert.Contains("    stop_as_group: false\n    kill_as_group: false\n", printed);
        Assert.Contains("groups:\n  front:\n    programs: [web]\n  worker:\n    programs: [w0, w1]\n", printed);
        var reloaded = Load(printed);
        Assert.False(reloaded.HasErrors, string.Join("\n", reloaded.Diagnostics));
        Assert.Equal(WithoutLocations(printed), WithoutLocations(EffectiveConfigPrinter.Print(reloaded.Config!)));
    }

    private static string WithoutLocations(string effective) =>
        System.Text.RegularExpressions.Regex.Replace(effective, "  # defined at .*", "").Replace("of tend.yaml", "", StringComparison.Ordinal);

    /// <summary>A tend.yaml in a directory of its own, deleted afterwards.</summary>
    private sealed class TempConfig : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("tend-parity-").FullName;

        public TempConfig(string yaml) => System.IO.File.WriteAllText(Path, yaml);

        public string Path => System.IO.Path.Combine(_dir, "tend.yaml");

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
