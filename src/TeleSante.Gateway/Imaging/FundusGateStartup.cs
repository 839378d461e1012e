namespace TeleSante.Gateway.Imaging;

/// <summary>Loads the fundus gate's model when the gateway starts, so a missing or corrupt model is a start-up failure
/// with its reason, not an error on the first photograph of the day.</summary>
internal sealed class FundusGateStartup(FundusQualityAssessor assessor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (assessor.Enabled)
        {
            assessor.Load();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
