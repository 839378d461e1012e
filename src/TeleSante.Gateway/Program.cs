using TeleSante.Gateway.Analysis;
using TeleSante.Gateway.Attribution;
using TeleSante.Gateway.Clinical;
using TeleSante.Gateway.Clinical.Pages;
using TeleSante.Gateway.Export;
using TeleSante.Gateway.GrpcIngest;
using TeleSante.Gateway.Health;
using TeleSante.Gateway.Imaging;
using TeleSante.Gateway.Infrastructure;
using TeleSante.Gateway.LiveView;
using TeleSante.Gateway.Recordings;
using TeleSante.Gateway.Screening;
using TeleSante.Gateway.Security;

if (DevelopmentTokens.TryRun(args))
{
    return;
}

// Content root = the binary's folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTeleSanteStorage();
builder.AddTeleSanteIngestion();
builder.AddTeleSanteSecurity();
// Before the transports: the clinical schema is migrated and the open consultations loaded before a reading is judged.
builder.AddTeleSanteClinical();
builder.AddTeleSanteAttribution();
builder.AddTeleSanteScreening();
builder.AddTeleSanteGrpc();
builder.AddTeleSanteMqtt();
builder.AddTeleSanteLiveView();
builder.AddTeleSanteEcgAnalysis();
builder.AddTeleSanteImaging();
builder.AddTeleSanteExport();
builder.AddTeleSanteHealth();

var app = builder.Build();
app.UseTeleSanteSecurity();
app.MapGrpcService<IngestGrpcService>();
app.MapRecordings();
app.MapWfdbExport();
app.MapEcgAnalysis();
app.MapDeadLetters();
app.MapImages();
app.MapFhirExport();
app.MapTeleSanteAdmin();
app.MapClinical();
app.MapClinicalAdmin();
app.MapClinicalFhir();
app.MapClinicalPages();
app.MapScreening();
app.MapTeleSanteLiveView().RequireAuthorization();
app.MapTeleSanteHealth();
app.Run();

/// <summary>Entry point; public so integration tests can reference the assembly.</summary>
public partial class Program;
