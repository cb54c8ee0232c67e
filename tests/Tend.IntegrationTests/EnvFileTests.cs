using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// env_file, as a compose user writes it: the files' values reach the program, environment: wins
/// over them, and editing a file then reloading restarts the program with the new values.
/// </summary>
public class EnvFileTests
{
    [Fact(Timeout = 60_000)]
    public async Task My_env_files_reach_the_program_and_a_reload_after_editing_one_restarts_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("app.env", "# settings for the app\nGREETING=hello from the file\nCOLOUR=red\n");
        dir.Write("local.env", "COLOUR=blue # the later file wins\n");
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                env_file: [app.env, local.env]
                environment: {SIZE: large}
                command: [/bin/sh, -c, 'echo "greeting=$GREETING colour=$COLOUR size=$SIZE"; exec sleep 1000']
              other:
                command: [/bin/sh, -c, 'echo other up; exec sleep 1000']
            """);
        tend.WaitForLine("| greeting=hello from the file colour=blue size=large");
        tend.WaitForLine("| other up");

        dir.Write("app.env", "GREETING=edited\nCOLOUR=red\nSIZE=small\n"); // environment: still wins for SIZE
        tend.Signal(1); // SIGHUP
        tend.WaitForLine("reloaded: 0 added, 0 removed, 1 changed");
        tend.WaitForLine("| greeting=edited colour=blue size=large");
        Assert.Equal(1, tend.Count("| other up")); // untouched

        dir.Write("local.env", "COLOUR blue\n");
        var refused = Ctl.Run(tend, "ctl", "reload");
        Assert.Equal(1, refused.Code);
        Assert.Contains("local.env:1:", refused.Err + refused.Out);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
