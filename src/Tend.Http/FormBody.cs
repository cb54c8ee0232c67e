namespace Tend.Http;

/// <summary>
/// An application/x-www-form-urlencoded body (an HTML form's POST) as name/value pairs, decoded as
/// the query string is ('+' is a space); the first of repeated names wins. A malformed pair is
/// skipped rather than failing the request: a form the server did not write is the client's problem.
/// </summary>
public static class FormBody
{
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!body.IsEmpty)
        {
            var amp = body.IndexOf((byte)'&');
            var pair = amp < 0 ? body : body[..amp];
            body = amp < 0 ? [] : body[(amp + 1)..];
            if (pair.IsEmpty) continue;
            var eq = pair.IndexOf((byte)'=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            if (PercentDecoding.TryDecode(key, plusIsSpace: true, out var k) && PercentDecoding.TryDecode(value, plusIsSpace: true, out var v))
                fields.TryAdd(k, v);
        }
        return fields;
    }
}
