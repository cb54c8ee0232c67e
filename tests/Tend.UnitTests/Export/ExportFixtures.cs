using Tend.Scheduling;
using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Export;

/// <summary>
/// The configs the export and convert tests run on: the repository's examples and the fixtures
/// beside this file (read from the source tree, so the service trees keep their execute bits), and
/// golden files compared byte for byte (the checkout's path written as /REPO). `UPDATE_GOLDEN=1 dotnet test ...` rewrites them; review the diff.
/// </summary>
internal static class ExportFixtures
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Tend.UnitTests", "Export", "Fixtures", name);

    /// <summary>Loads a config that must have no errors; its Source is the path relative to the repository, so outputs do not depend on the checkout.</summary>
    public static TendConfig Load(string relativePath)
    {
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(RepoRoot);
        try
        {
            var result = ConfigLoader.Load(relativePath, new Dictionary<string, string>());
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            return result.Config!;
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    public const string Fixtures = "tests/Tend.UnitTests/Export/Fixtures";

    /// <summary>The LEMP fixture with two jobs, made here because jobs are built by their own readers.</summary>
    public static TendConfig LempWithJobs() => Load($"{Fixtures}/lemp.yaml") with
    {
        Jobs =
        [
            new JobSpec
            {
                Name = "backup", Schedule = JobSchedule.Parse("30 2 * * *"), TimeZone = "Europe/Paris", Concurrency = JobConcurrency.Forbid,
                Command = ["/bin/sh", "-c", "mariadb-dump --all-databases > /backup/all-$(date +%F).sql"],
                Timeout = TimeSpan.FromMinutes(30), WorkingDir = "/backup",
            },
            new JobSpec
            {
                Name = "heartbeat", Schedule = JobSchedule.Parse("@every 30s"), Concurrency = JobConcurrency.Allow,
                Command = ["php", "/var/www/html/cron.php", "--say", "it's alive"],
                Environment = new Dictionary<string, string> { ["APP_ENV"] = "prod" },
            },
        ],
    };

    /// <summary>Compares with Golden/NAME, or writes it under UPDATE_GOLDEN=1.</summary>
    public static void AssertGolden(string name, string actual)
    {
        // Service trees are read with absolute paths: the checkout's place is not part of the output.
        actual = actual.Replace(RepoRoot, "/REPO", StringComparison.Ordinal);
        var path = Path.Combine(RepoRoot, "tests", "Tend.UnitTests", "Export", "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {name} missing: run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tend.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tend.slnx not found above the test binaries");
    }
}
