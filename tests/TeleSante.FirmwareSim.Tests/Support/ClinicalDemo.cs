using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>A site of its own for one test on the shared gateway: ids with a unique suffix, a pharmacist (site operator
/// and requester) and a cardiologist with their development tokens. The directory entries are made by the test or by
/// the simulator's own setup command (<see cref="PractitionersFile"/>).</summary>
internal sealed class ClinicalDemo
{
    private ClinicalDemo(string suffix)
    {
        Site = "site-" + suffix;
        Station = "cab-" + suffix;
        Pharmacist = "pharm-" + suffix;
        Cardiologist = "cardio-" + suffix;
        PharmacistRpps = NewRpps();
        CardiologistRpps = NewRpps();
    }

    /// <summary>RPPS numbers are unique in the directory: each demo has its own (Luhn-valid).</summary>
    public string PharmacistRpps { get; }

    public string CardiologistRpps { get; }

    public string Site { get; }

    public string Station { get; }

    public string Pharmacist { get; }

    public string Cardiologist { get; }

    public string PharmacistToken { get; private set; } = "";

    public string CardiologistToken { get; private set; } = "";

    public static async Task<ClinicalDemo> CreateAsync(GatewayProcess gateway)
    {
        var demo = new ClinicalDemo(Guid.NewGuid().ToString("N")[..10]);
        demo.PharmacistToken = await gateway.DevTokenAsync(demo.Pharmacist, "site-operator,requester");
        demo.CardiologistToken = await gateway.DevTokenAsync(demo.Cardiologist, "specialist");
        return demo;
    }

    /// <summary>The two practitioners as a practitioners file for telesante-sim setup (RPPS numbers with a valid Luhn key).</summary>
    public string PractitionersFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"practitioners-{Site}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new object[]
        {
            new { id = Pharmacist, familyName = "ESSAI", givenName = "Paul", rpps = PharmacistRpps, profession = "pharmacist", specialty = (string?)null, roles = new[] { "site-operator", "requester" }, siteIds = new[] { Site } },
            new { id = Cardiologist, familyName = "ESSAI", givenName = "Claire", rpps = CardiologistRpps, profession = "physician", specialty = "cardiology", roles = new[] { "specialist" }, siteIds = Array.Empty<string>() },
        }));
        return path;
    }

    /// <summary>The site and the pharmacist entered directly by the administrator (tests that need no station).</summary>
    public async Task RegisterSiteAndPharmacistAsync(GatewayProcess gateway)
    {
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = Site, kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id = Pharmacist, familyName = "ESSAI", givenName = "Paul", rpps = PharmacistRpps, profession = "pharmacist", specialty = (string?)null,
            roles = new[] { "site-operator", "requester" }, siteIds = new[] { Site },
        })).EnsureSuccessStatusCode();
    }

    public HttpClient ClientFor(GatewayProcess gateway, string token)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal static string NewRpps()
    {
        var digits = "999" + Random.Shared.NextInt64(0, 10_000_000).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
        return digits + Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).First(d => LuhnValid(digits + d));
    }

    // ISO/IEC 7812-1 annex B: double every second digit from the right; the sum is a multiple of 10.
    private static bool LuhnValid(string number)
    {
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
