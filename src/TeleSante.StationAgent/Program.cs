using Microsoft.Extensions.Hosting;
using TeleSante.StationAgent;

// Content root = the binary's folder, so appsettings.json is found whatever the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddStationAgent();
await builder.Build().RunAsync();
