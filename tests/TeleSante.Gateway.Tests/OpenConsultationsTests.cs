using TeleSante.Clinical;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Attribution;

namespace TeleSante.Gateway.Tests;

/// <summary>The in-memory attribution table alone: local changes, reloads from the store, and the hot path's cost.</summary>
public sealed class OpenConsultationsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static Outcome<Consultation> Opened(string id, string station = "cabin-1") => new Consultation(id, "site-1", station, "pat-1", "consent-1", "op", At, null, null);

    private static Outcome<Consultation> Closed(string id, string station = "cabin-1") => new Consultation(id, "site-1", station, "pat-1", "consent-1", "op", At, "op", At.AddMinutes(20));

    private static OpenConsultations WithCabin()
    {
        var table = new OpenConsultations();
        table.OnStationSaved(new Station("cabin-1", "site-1", "Cabine 1", StationKind.Cabin, ["ecg-1", "cuff-1"]));
        return table;
    }

    [Fact]
    public void A_consultation_opened_and_closed_decides_what_the_stations_devices_may_send()
    {
        var table = WithCabin();
        table.Check("ecg-1", "site-1", "visit-1").Reason.Should().Be(RejectReason.NoOpenConsultation);
        table.Check("ecg-9", "site-1", "visit-1").Detail.Should().Contain("no station");

        table.OnConsultationOpened(Opened("visit-1"));
        table.Check("ecg-1", "site-1", "visit-1").IsAllowed.Should().BeTrue();
        table.Check("cuff-1", "site-1", "visit-1").IsAllowed.Should().BeTrue();
        table.Check("ecg-1", "site-1", "visit-0").Reason.Should().Be(RejectReason.NotTheOpenConsultation);
        table.Check("ecg-1", "site-2", "visit-1").Reason.Should().Be(RejectReason.SessionSiteMismatch);

        // Closing another station's consultation of the same id, or a refused close, changes nothing here.
        table.OnConsultationClosed(Closed("visit-1", "cabin-2"));
        table.OnConsultationClosed(new Refusal(RefusalCode.WrongRole, "no"));
        table.Check("ecg-1", "site-1", "visit-1").IsAllowed.Should().BeTrue();

        table.OnConsultationClosed(Closed("visit-1"));
        table.Check("ecg-1", "site-1", "visit-1").Reason.Should().Be(RejectReason.NoOpenConsultation);
    }

    [Fact]
    public void A_reload_replaces_the_table_but_never_undoes_a_change_made_while_it_queried_the_store()
    {
        var table = WithCabin();
        var before = table.Version;
        table.TryReplace([new DeviceAttribution("ecg-1", "cabin-1", "site-1", "visit-7")], before).Should().BeTrue();
        table.Check("ecg-1", "site-1", "visit-7").IsAllowed.Should().BeTrue("opened through another gateway sharing the store");
        table.Check("cuff-1", "site-1", "visit-7").Reason.Should().Be(RejectReason.NoOpenConsultation, "the store no longer lists it at the station");

        var queried = table.Version;
        table.OnConsultationClosed(Closed("visit-7"));
        table.TryReplace([new DeviceAttribution("ecg-1", "cabin-1", "site-1", "visit-7")], queried).Should().BeFalse("the query started before the close");
        table.Check("ecg-1", "site-1", "visit-7").Reason.Should().Be(RejectReason.NoOpenConsultation);
        table.Loaded.Should().BeTrue();
    }

    [Fact]
    public void The_hot_path_check_does_not_allocate()
    {
        var table = WithCabin();
        table.OnConsultationOpened(Opened("visit-1"));
        table.Check("ecg-1", "site-1", "visit-1");
        var allowed = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            allowed += table.Check("ecg-1", "site-1", "visit-1").IsAllowed ? 1 : 0;
        }

        (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().Be(0);
        allowed.Should().Be(10_000);
    }
}
