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

    /// <summary>What is wrong with a half-made configuration (one of the two settings without the other, an authority that is not https); null when fine.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(ClientId) ? null
        : string.IsNullOrWhiteSpace(ClientId) ? "Admin:Oidc:Authority is set but Admin:Oidc:ClientId is not. Set both to turn on OpenID Connect sign-in, or neither."
        : string.IsNullOrWhiteSpace(Authority) ? "Admin:Oidc:ClientId is set but Admin:Oidc:Authority is not. Set both, e.g. Admin__Oidc__Authority=https://login.microsoftonline.com/<tenant-id>/v2.0."
        : !Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps
            ? $"Admin:Oidc:Authority must be an https URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 (got '{Authority}')."
            : null;
}
