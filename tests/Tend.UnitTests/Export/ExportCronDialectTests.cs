using Tend.Config;
using Tend.Config.Crontab;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;
using static Tend.UnitTests.Export.ExportedYaml;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 23: a crontab read in cron's dialect (`tend export --crontab FILE --crontab-dialect
/// cron`) keeps its meaning in the cron container of the export: `%` standard input, `\%`, and
/// `@reboot`. The exported line is read back the way the service's entrypoint reads it (the dialect
/// its `tend run` names) and must give the same jobs.
/// </summary>
public class ExportCronDialectTests
{
    private const string Crontab = """
        # cron's reading: the text after % is the command's standard input, \% is a percent
        */5 * * * * tr a-z A-Z > /tmp/out.txt%hello%world
        0 3 * * * date +\%F > /tmp/day.txt
        @reboot echo started
        """;

    private static List<JobSpec> Read(string text, CrontabDialect dialect)
    {
        var dir = Directory.CreateTempSubdirectory("tend-crondialect-");
        try
        {
            var file = System.IO.Path.Combine(dir.FullName, "crontab");
            File.WriteAllText(file, text + "\n");
            var read = CrontabLoader.AddTo(new TendConfig { Source = "crontab" }, file, system: false, dialect);
            Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
            return read.Config!.Jobs.ToList();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_cron_dialect_crontab_exported_to_compose_reads_back_as_the_same_jobs()
    {
        var original = Read(Crontab, CrontabDialect.Cron);
        var doc = Documents(ComposeExporter.Export(new TendConfig { Jobs = original }, new ComposeOptions { Image = "app:1" }).Text)[0];
        foreach (var job in original)
        {
            var service = Path(doc, "services", job.Name)!;
            var line = Scalar(Path((YamlDotNet.RepresentationModel.YamlMappingNode)service, "environment", "TEND_CRONTAB")!).Replace("$$", "$", StringComparison.Ordinal);
            var entrypoint = string.Join(" ", Strings(Path((YamlDotNet.RepresentationModel.YamlMappingNode)service, "entrypoint")!));
            Assert.DoesNotContain('\n', line);
            var dialect = entrypoint.Contains("--crontab-dialect cron", StringComparison.Ordinal) ? CrontabDialect.Cron : CrontabDialect.Supercronic;
            var back = Assert.Single(Read(line, dialect));
            Assert.Equal(job.Schedule.Text, back.Schedule.Text);
            Assert.Equal(job.Command, back.Command);
        }
    }

    [Fact]
    public void A_reboot_job_and_a_percent_job_run_under_tend_in_cron_dialect_in_kubernetes()
    {
        var original = Read(Crontab, CrontabDialect.Cron);
        var text = KubernetesExporter.Export(new TendConfig { Jobs = original }, new KubernetesOptions { Image = "app:1" }).Text;
        var reboot = Containers(text).Single(c => EnvValue(c, "TEND_CRONTAB").StartsWith("@reboot", StringComparison.Ordinal));
        Assert.Contains("--crontab-dialect cron", string.Join(" ", Strings(reboot["command"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/bin/sh", "-c", "printf 'a%sb\\n' 50 | tr a-z A-Z\necho second line: $((6 * 7))")]
    [InlineData("/usr/bin/printf", "%s|%s\\n", "100%")]
    public void A_tend_yaml_job_of_several_lines_or_with_a_percent_prints_the_same_from_the_exported_line(string a, string b, string c)
    {
        var job = new JobSpec { Name = "j", Schedule = Tend.Scheduling.JobSchedule.Parse("*/5 * * * *"), Command = [a, b, c] };
        var line = CrontabLine.For(job);
        Assert.DoesNotContain('\n', line);
        var back = Assert.Single(Read(line, CrontabLine.NeedsCronDialect(job) ? CrontabDialect.Cron : CrontabDialect.Supercronic));
        Assert.Equal(Output(job.Command), Output(back.Command));
    }

    private static string Output(IReadOnlyList<string> argv)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in argv.Skip(1)) psi.ArgumentList.Add(arg);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(10_000));
        return output;
    }
}
