using System.Text.RegularExpressions;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Posix;

/// <summary>
/// One function owns every waitpid (issue 17): a second reaping loop elsewhere would race the
/// reaper thread for exit statuses and skip its pid-reuse guard. Read from the sources, so a new
/// call anywhere under src/ fails here rather than as a lost exit status under load.
/// </summary>
public class ReapingWallTests
{
    [Fact]
    public void Only_ReaperThread_calls_waitpid_or_waitid()
    {
        var calls = Directory.EnumerateFiles(Path.Combine(ExportFixtures.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(ExportFixtures.RepoRoot, f), Line: i + 1, Text: line)))
            .Where(l => Regex.IsMatch(l.Text, @"LibC\.wait(pid|id)\s*\("))
            .ToList();
        Assert.Equal(["src/Tend.Posix/ReaperThread.cs"], calls.Select(c => c.File).Distinct());
        Assert.Single(calls, c => c.Text.Contains("waitpid", StringComparison.Ordinal));
    }
}
