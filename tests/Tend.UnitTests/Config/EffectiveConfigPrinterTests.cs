using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class EffectiveConfigPrinterTests
{
    private const string Sample = """
        programs:
          web:
            command: nginx -g 'daemon off;'
            environment: {B: "2", A: "say \"hi\"", RAW: "$${NOT_EXPANDED}"}
            umask: "027"
            restart: on-failure
            backoff: {reset: 1m}
            forward_signals: [USR1, WINCH]
          db:
            command: [postgres, -D, /data]
            priority: 10
            main: true
          cron:
            command: crond -f
            priority: 10
            stop_signal: INT
            stop_timeout: 1500ms
        """;

    [Fact]
    public void Print_OrdersByPriorityThenDeclaration()
    {
        var text = EffectiveConfigPrinter.Print(Load(Sample).Config!);

        var db = text.IndexOf("  db:", StringComparison.Ordinal);
        var cron = text.IndexOf("  cron:", StringComparison.Ordinal);
        var web = text.IndexOf("  web:", StringComparison.Ordinal);
        Assert.True(db >= 0 && db < cron && cron < web, text);
        Assert.StartsWith("# effective configuration of tend.yaml: 3 programs, in start order\nprograms:\n", text);
    }

    [Fact]
    public void Print_ListsEveryEffectiveValue()
    {
        var text = EffectiveConfigPrinter.Print(Load(Sample).Config!);
        var web = text[text.IndexOf("  web:", StringComparison.Ordinal)..];

        Assert.Contains("  web:  # defined at tend.yaml:2:3\n", web);
        Assert.Contains("    command: [\"nginx\", \"-g\", \"daemon off;\"]\n", web);
        Assert.Contains("    environment:\n      A: \"say \\\"hi\\\"\"\n      B: \"2\"\n      RAW: \"$${NOT_EXPANDED}\"\n", web);
        Assert.Contains("    umask: \"027\"\n", web);
        Assert.Contains("    restart: on-failure\n", web);
        Assert.Contains("    exit_codes: [0]\n", web);
        Assert.Contains("    start_seconds: 1s\n", web);
        Assert.Contains("    start_retries: 3\n", web);
        Assert.Contains("    backoff:\n      initial: 1s\n      max: 30s\n      reset: 1m\n", web);
        Assert.Contains("    stop_signal: TERM\n", web);
        Assert.Contains("    stop_timeout: 10s\n", web);
        Assert.Contains("    priority: 100\n", web);
        Assert.Contains("    main: false\n", web);
        Assert.Contains("    critical: false\n", web);
        Assert.Contains("    autostart: true\n", web);
        Assert.Contains("    log_prefix: true\n", web);
        Assert.Contains("    forward_signals: [USR1, WINCH]\n", web);
        Assert.Contains("    user: ~", web);
    }

    [Fact]
    public void Print_OutputLoadsBackToTheSameValues()
    {
        var original = Load(Sample).Config!;

        var reloaded = Load(EffectiveConfigPrinter.Print(original));

        Assert.False(reloaded.HasErrors, string.Join("\n", reloaded.Diagnostics));
        foreach (var p in original.Programs)
        {
            var q = reloaded.Config!.Programs.Single(x => x.Name == p.Name);
            Assert.Equal(p.Command, q.Command);
            Assert.Equal(p.Environment.OrderBy(e => e.Key), q.Environment.OrderBy(e => e.Key));
            Assert.Equal(p.ExitCodes, q.ExitCodes);
            Assert.Equal(p.ForwardSignals, q.ForwardSignals);
            Assert.Equal(p with { Command = q.Command, Environment = q.Environment, ExitCodes = q.ExitCodes, ForwardSignals = q.ForwardSignals, DefinedAt = q.DefinedAt }, q);
        }
    }

    [Fact]
    public void Print_ControlAndLineSeparatorCharacters_AreEscapedAndReloadIdentically()
    {
        var p = LoadSingle("programs:\n  app:\n    command: [\"a\\tb\\nc\\Pd\\x01\"]\n");

        var text = EffectiveConfigPrinter.Print(new TendConfig { Programs = [p] });

        Assert.Contains("command: [\"a\\tb\\nc\\u2029d\\u0001\"]", text);
        Assert.Equal(p.Command, Load(text).Config!.Programs[0].Command);
    }

    [Fact]
    public void Print_SignalWithoutName_IsPrintedAsANumberThatReloads()
    {
        var p = LoadSingle("programs:\n  app: {command: app, stop_signal: 34, forward_signals: [35, HUP]}\n");

        var text = EffectiveConfigPrinter.Print(new TendConfig { Programs = [p] });

        Assert.Contains("    stop_signal: 34\n", text);
        Assert.Contains("    forward_signals: [35, HUP]\n", text);
        var reloaded = Load(text).Config!.Programs[0];
        Assert.Equal(34, reloaded.StopSignal);
        Assert.Equal([35, Signals.SIGHUP], reloaded.ForwardSignals);
    }

    [Fact]
    public void Print_EmptyConfig_SaysSo()
    {
        var text = EffectiveConfigPrinter.Print(new TendConfig());

        Assert.Equal("# effective configuration: 0 programs, in start order\nprograms: {}\n", text);
    }
}
