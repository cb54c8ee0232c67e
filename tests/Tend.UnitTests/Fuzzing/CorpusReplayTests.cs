using Tend.Fuzz;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Fuzzing;

/// <summary>
/// Every input the fuzzing runs kept (tests/fuzz-corpus/TARGET), replayed in CI through the same
/// targets and contract checks as scripts/fuzz.sh: each one once found new code, so together they
/// walk most of each parser, and a change that makes any of them throw or break its contract
/// fails here rather than in the next long run.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryKeptInput_PassesItsTarget(string target)
    {
        var directory = Path.Combine(ExportFixtures.RepoRoot, "tests", "fuzz-corpus", target);
        var files = Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var findings = new List<string>();
        foreach (var file in files)
        {
            try
            {
                FuzzTargets.All[target](File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                findings.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(findings.Count == 0, $"{findings.Count} of {files.Count} inputs failed:\n{string.Join('\n', findings.Take(20))}");
    }
}
