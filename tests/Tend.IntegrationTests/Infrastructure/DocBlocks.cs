namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// The fenced blocks of the README and docs/ as a reader copies them (issue 20: the guides are
/// followed word for word, so a test takes its config or its expected output from the page
/// itself, never from a copy retyped in the test).
/// </summary>
public static class DocBlocks
{
    /// <summary>A fenced block: the document (relative to the repository), its first line's number, its language and its text.</summary>
    public sealed record Block(string Document, int Line, string Language, string Text)
    {
        public override string ToString() => $"{Document}:{Line}";
    }

    public static IReadOnlyList<Block> Of(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepoRoot, document));
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i][3..].Trim();
            var start = i + 1;
            while (++i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal)) { }
            blocks.Add(new Block(document, start + 1, language, string.Join('\n', lines[start..Math.Min(i, lines.Length)]) + "\n"));
        }
        return blocks;
    }

    /// <summary>The one block of that language holding <paramref name="marker"/> (a test names what it follows).</summary>
    public static Block Single(string document, string language, string marker)
    {
        var found = Of(document).Where(b => b.Language == language && b.Text.Contains(marker, StringComparison.Ordinal)).ToList();
        return found.Count == 1 ? found[0] : throw new InvalidOperationException(
            $"{document}: {found.Count} ```{language} blocks hold '{marker}' (expected one): the guide changed; follow it again");
    }

    /// <summary>The whole text of a document (for what a page shows inline, in `code`).</summary>
    public static string Text(string document) => File.ReadAllText(Path.Combine(Paths.RepoRoot, document));
}
