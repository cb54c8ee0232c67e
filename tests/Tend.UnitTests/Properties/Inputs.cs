using System.Text;

namespace Tend.UnitTests.Properties;

/// <summary>
/// Inputs for the parser properties: text assembled from a format's own tokens (so the parser gets
/// past its first check) with random characters mixed in. FsCheck picks the seed and the noise and
/// shrinks both when a property fails.
/// </summary>
internal static class Inputs
{
    public static string Assemble(int seed, string? noise, IReadOnlyList<string> tokens, int maxTokens = 40)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        var count = random.Next(maxTokens);
        noise ??= "";
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(10))
            {
                case 0 when noise.Length > 0:
                    var start = random.Next(noise.Length);
                    sb.Append(noise, start, random.Next(noise.Length - start + 1));
                    break;
                case 1:
                    sb.Append((char)random.Next(0, 128));
                    break;
                default:
                    sb.Append(tokens[random.Next(tokens.Count)]);
                    break;
            }
        }
        return sb.ToString();
    }

    public static byte[] AssembleBytes(int seed, byte[]? noise, IReadOnlyList<string> tokens, int maxTokens = 40)
    {
        var text = Encoding.UTF8.GetBytes(Assemble(seed, null, tokens, maxTokens));
        if (noise is null || noise.Length == 0) return text;
        var at = new Random(seed).Next(text.Length + 1);
        return [.. text.AsSpan(0, at), .. noise, .. text.AsSpan(at)];
    }
}
