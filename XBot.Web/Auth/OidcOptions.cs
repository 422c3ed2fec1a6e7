namespace XBot.Web.Auth;

/// <summary>
/// Optional OpenID Connect sign-in (Microsoft Entra ID or any OIDC provider), section <c>Admin:Oidc</c>. It is
/// switched on only when <see cref="Authority"/> and <see cref="ClientId"/> are both set; the password sign-in stays.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Admin:Oidc";

    /// <summary>e.g. <c>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The app registration's secret (a secret: environment or user secrets only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>When set, only users whose token carries this app role (the <c>roles</c> claim) may sign in.</summary>
    public string? RequiredRole { get; set; }

    /// <summary>The button's label on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
