namespace XBot.Web.Auth;

/// <summary>Only local paths, so the sign-in page can't be used to bounce an operator to another site.</summary>
public static class LocalReturnUrl
{
    public static string Of(string? returnUrl)
    {
        if (returnUrl is not { Length: > 0 } url || !Uri.IsWellFormedUriString(url, UriKind.Relative))
        {
            return "/";
        }
        // "/" + the path with every leading slash removed: "//host" and "/\host" would leave the site.
        var path = url.TrimStart('/', '\\');
        return "/" + path;
    }
}
