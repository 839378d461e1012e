using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Internal;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>Registration, options validated at start-up, the deny-by-default policy, the viewer's files.</summary>
public sealed class LiveViewSetupTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Gateway_serves_the_viewer_and_its_signalr_client_without_a_cdn()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.HttpBase };

        using var page = await http.GetAsync(LiveViewRegistration.ViewerPath);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("/lib/signalr.min.js").And.NotContain("https://", "no CDN at run time");

        foreach (var path in new[] { "/lib/signalr.min.js", "/lib/signalr-protocol-msgpack.min.js", "/viewer/js/main.js", "/viewer/js/ecg-renderer.js" })
        {
            using var script = await http.GetAsync(path);
            script.StatusCode.Should().Be(HttpStatusCode.OK, path);
            script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript", "browsers load ES modules only with a JavaScript type");
        }

        using var redirect = await http.GetAsync("/viewer?session=cons-1");
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().Should().Be("/viewer/index.html?session=cons-1");
        (await http.GetAsync("/viewer/../appsettings.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("LiveView:BufferFramesPerConnection", "1")]
    [InlineData("LiveView:LateJoinSeconds", "-1")]
    [InlineData("LiveView:RingSeconds", "0")]
    [InlineData("LiveView:Alerts:MDC_PULS_OXIM_SAT_O2:Unit", "mm[Hg]")]
    [InlineData("LiveView:Alerts:MDC_NOT_A_CODE:Below", "1")]
    public async Task Gateway_refuses_to_start_with_live_view_options_out_of_range(string key, string value)
    {
        var start = () => LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { [key] = value });
        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("LiveView", "the message names the section at fault");
    }

    [Fact]
    public void Alert_ranges_must_name_a_known_code_an_accepted_unit_and_an_ordered_range()
    {
        Errors(new LiveViewOptions()).Should().BeEmpty("the defaults are valid");
        var options = new LiveViewOptions();
        options.Alerts["MDC_PRESS_BLD_NONINV_SYS"] = new VitalAlertRange { Unit = "mm[Hg]", Below = 200, AtOrAbove = 180 };
        options.Alerts["MDC_TEMP_BODY"] = new VitalAlertRange { Unit = "Cel" };
        Errors(options).Should().HaveCount(2)
            .And.Contain(e => e.Contains("Below (200) must be less than AtOrAbove (180)", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("set Below, AtOrAbove or both", StringComparison.Ordinal));
        new LiveViewOptions().AlertRules().Should().Contain(r => r.RefId == "MDC_PRESS_BLD_NONINV_SYS" && r.MdcCode == 150021 && r.AtOrAbove == 180 && r.Label == "Systolic BP");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Without_an_access_policy_every_viewer_is_refused_unless_development_access_is_on(bool allowAnonymous, bool expected)
    {
        await using var services = Services(allowAnonymous, null);
        var authorizer = services.GetRequiredService<ILiveSessionAuthorizer>();
        authorizer.Should().BeOfType<DevelopmentLiveSessionAuthorizer>();
        (await authorizer.CanViewAsync(new ClaimsPrincipal(new ClaimsIdentity()), "cons-1", LiveViewHub.JoinAction, "127.0.0.1", default)).Should().Be(expected);
    }

    [Fact]
    public async Task An_access_policy_registered_by_the_security_feature_is_kept()
    {
        var policy = new AssignmentAuthorizer();
        await using var services = Services(allowAnonymous: true, policy);
        services.GetRequiredService<ILiveSessionAuthorizer>().Should().BeSameAs(policy);
        services.GetServices<TeleSante.Ingestion.IAcceptedBatchObserver>().Should().ContainSingle(o => o is LiveFanOut, "registered once, even if AddTeleSanteLiveView runs twice");
    }

    private static ServiceProvider Services(bool allowAnonymous, ILiveSessionAuthorizer? policy)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveView:AllowAnonymousForDevelopment"] = allowAnonymous ? "true" : "false",
        }).Build());
        if (policy is not null)
        {
            services.AddSingleton(policy);
        }

        services.AddTeleSanteLiveViewServices();
        services.AddTeleSanteLiveViewServices();
        return services.BuildServiceProvider();
    }

    private static List<string> Errors(LiveViewOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
