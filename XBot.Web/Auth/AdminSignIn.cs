using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace XBot.Web.Auth;

/// <summary>
/// Checks the operator's credentials and builds the signed-in principal. The configured password is hashed
/// once, at start-up, with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2); sign-in compares
/// against that hash, so the plain password is not what a sign-in reads, and each guess costs PBKDF2's work.
/// </summary>
public sealed class AdminSignIn
{
    private static readonly PasswordHasher<string> Hasher = new();

    private readonly string _username;
    private readonly string _passwordHash;

    public AdminSignIn(IOptions<AdminOptions> options)
    {
        _username = options.Value.Username;
        _passwordHash = Hasher.HashPassword(_username, options.Value.Password!);
    }

    public ClaimsPrincipal? TryCreatePrincipal(string? username, string? password)
    {
        // Both checks always run, so a wrong user name takes as long as a wrong password.
        var userOk = username is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(username)), SHA256.HashData(Encoding.UTF8.GetBytes(_username)));
        var passwordOk = Hasher.VerifyHashedPassword(_username, _passwordHash, password ?? "") != PasswordVerificationResult.Failed;
        if (!(userOk & passwordOk))
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, _username), new Claim(ClaimTypes.Role, "admin")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }
}
