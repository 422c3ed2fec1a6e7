using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace XBot.Web.Auth;

/// <summary>Checks the operator's credentials in constant time and builds the signed-in principal.</summary>
public sealed class AdminSignIn(IOptions<AdminOptions> options)
{
    public ClaimsPrincipal? TryCreatePrincipal(string? username, string? password)
    {
        var admin = options.Value;
        var userOk = FixedTimeEquals(username, admin.Username);
        var passwordOk = FixedTimeEquals(password, admin.Password);
        if (!(userOk & passwordOk))
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, admin.Username), new Claim(ClaimTypes.Role, "admin")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    private static bool FixedTimeEquals(string? given, string? expected) =>
        given is not null && expected is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
