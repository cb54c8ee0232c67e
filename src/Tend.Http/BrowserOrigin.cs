namespace Tend.Http;

/// <summary>
/// Whether a browser sent this request on behalf of a page of another site. Browsers say where a
/// request comes from: Sec-Fetch-Site (same-origin for a page's own buttons, none for an address
/// typed in) and Origin on a POST. Either naming another site means another page is trying to act
/// with the credentials the browser keeps for this one (cross-site request forgery). curl and
/// scripts send neither and are not affected.
/// </summary>
public static class BrowserOrigin
{
    public static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.Trim() is not ("same-origin" or "none")) return true;
        if (!request.Headers.TryGetValue("Origin", out var origin)) return false;
        if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var from)) return true; // "null": a sandboxed or file page
        var host = request.Headers.GetValueOrDefault("Host")?.Trim();
        return host is null || !string.Equals(from.Authority, host, StringComparison.OrdinalIgnoreCase);
    }
}
