using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeleSante.Gateway.Infrastructure;

namespace TeleSante.Gateway.Security;

/// <summary>
/// The local development issuer: <c>TeleSante.Gateway dev-token --sub ID --role ROLE [--site SITE]
/// [--hours 8] [--Storage:DataDirectory=DIR]</c> prints a JWT the gateway accepts, signed with the
/// same key (configured or development). Never a substitute for a real identity provider.
/// </summary>
internal static class DevelopmentTokens
{
    public static string Create(SymmetricSecurityKey key, SecurityOptions security, string subject, IEnumerable<string> roles, string? site, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles.ToArray() };
        if (site is not null)
        {
            claims["site"] = site;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = security.JwtIssuer,
            Audience = security.JwtAudience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Handles the dev-token command; returns false when the arguments are not that command.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "dev-token")
        {
            return false;
        }

        // The gateway's own configuration sources and options classes, validated as at start-up, so the
        // token is signed with the key the gateway will check it with.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..].Where(a => a.Contains(':')).ToArray());
        builder.Services.AddTeleSanteStorage();
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations();
        using var services = builder.Services.BuildServiceProvider();
        var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var keyPath = services.GetRequiredService<DataPaths>().DevelopmentSigningKey;
        string? Arg(string name) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var subject = Arg("sub") ?? throw new ArgumentException("dev-token needs --sub");
        var roles = (Arg("role") ?? Access.Roles.Specialist).Split(',');
        var hours = double.Parse(Arg("hours") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(Create(SigningKeys.Resolve(security, keyPath), security, subject, roles, Arg("site"), TimeSpan.FromHours(hours), DateTimeOffset.UtcNow));
        return true;
    }
}
