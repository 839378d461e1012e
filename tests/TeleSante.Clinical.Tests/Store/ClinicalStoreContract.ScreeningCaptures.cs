using System.Data.Common;
using TeleSante.Clinical.Screening;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests.Store;

// Issue 13: the capture protocol of a screening visit (retakes, sending to grading) kept on both providers.
public abstract partial class ClinicalStoreContract
{
    private static FundusCapture Capture(long imageId, FundusEye eye, FundusField field, params string[] reasons) =>
        new(imageId, "cam-1", "cap-" + imageId, eye, field, T0, T0, reasons.Length == 0 ? CaptureVerdict.Gradable : CaptureVerdict.Ungradable, reasons);

    [Fact]
    public async Task Screening_retake_supersedes_the_ungradable_capture_which_is_kept()
    {
        var screening = await CampaignWithVisitAsync(send: false);

        var first = (await screening.RecordCaptureAsync("consult-1", Capture(10, FundusEye.OD, FundusField.MaculaCentred, "out of focus"))).Value;
        first.State.Should().Be(FieldState.Ungradable);
        first.Current!.ImageId.Should().Be(10);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var retaken = (await screening.RecordCaptureAsync("consult-1", Capture(11, FundusEye.OD, FundusField.MaculaCentred))).Value;
        (await screening.RecordCaptureAsync("consult-1", Capture(11, FundusEye.OD, FundusField.MaculaCentred))).Value.Should().BeEquivalentTo(retaken, "a resend changes nothing");
        (await screening.RecordCaptureAsync("consult-1", Capture(12, FundusEye.OS, FundusField.DiscCentred, "under-exposed"))).Succeeded.Should().BeTrue();

        var fields = (await screening.GetCapturesAsync("consult-1"))!.Fields;
        fields.Select(f => (f.Eye, f.Field, f.State, f.Current?.ImageId)).Should().Equal(
            (FundusEye.OD, FundusField.MaculaCentred, FieldState.Gradable, 11L),
            (FundusEye.OD, FundusField.DiscCentred, FieldState.Missing, (long?)null),
            (FundusEye.OS, FundusField.MaculaCentred, FieldState.Missing, (long?)null),
            (FundusEye.OS, FundusField.DiscCentred, FieldState.Ungradable, 12L));
        var macula = fields[0];
        macula.Earlier.Should().ContainSingle().Which.Should().Match<FundusCapture>(c =>
            c.ImageId == 10 && c.SupersededBy == 11 && c.SupersededAt == T0.AddMinutes(1) && c.Verdict == CaptureVerdict.Ungradable);
        macula.RetakeAfter.Should().Equal("out of focus");
        (await screening.RecordCaptureAsync("no-visit", Capture(13, FundusEye.OD, FundusField.DiscCentred))).Refusal!.Code.Should().Be(RefusalCode.NotFound);

        await using var connection = await Database.OpenAsync();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM screening_captures";
        await delete.Invoking(c => c.ExecuteNonQueryAsync()).Should().ThrowAsync<DbException>("a superseded capture is kept");
    }

    [Fact]
    public async Task Screening_retake_of_a_gradable_capture_still_supersedes_it_and_says_so()
    {
        var screening = await CampaignWithVisitAsync(send: false);
        await screening.RecordCaptureAsync("consult-1", Capture(20, FundusEye.OS, FundusField.DiscCentred));

        var field = (await screening.RecordCaptureAsync("consult-1", Capture(21, FundusEye.OS, FundusField.DiscCentred, "eyelid or lash shadow over the top of the field"))).Value;

        field.State.Should().Be(FieldState.Ungradable, "the operator's retake is the visit's photograph even when it came out worse");
        field.Current!.ImageId.Should().Be(21);
        field.Earlier.Single().ImageId.Should().Be(20);
        field.RetakeAfter.Should().Equal(FieldStatus.RetakenWhileGradable);
    }

    [Fact]
    public async Task Screening_visit_goes_to_grading_incomplete_only_with_the_operators_reason()
    {
        var screening = await CampaignWithVisitAsync(send: false);
        foreach (var (id, eye, field) in new[] { (30L, FundusEye.OD, FundusField.MaculaCentred), (31L, FundusEye.OD, FundusField.DiscCentred), (32L, FundusEye.OS, FundusField.MaculaCentred) })
        {
            await screening.RecordCaptureAsync("consult-1", Capture(id, eye, field));
        }

        await screening.RecordCaptureAsync("consult-1", Capture(33, FundusEye.OS, FundusField.DiscCentred, "over-exposed"));
        (await screening.WorklistAsync(Grader)).Should().BeEmpty("a visit reaches the graders when the operator sends it");
        (await screening.SubmitGradingAsync("consult-1", As(Grader), Clear, Clear)).Refusal!.Code.Should().Be(RefusalCode.WrongState);

        var refused = (await screening.SendToGradingAsync("consult-1", null, As(Pharmacist))).Refusal!;
        refused.Code.Should().Be(RefusalCode.WrongState);
        refused.Detail.Should().Contain("left eye disc-centred: ungradable (over-exposed)").And.NotContain("right eye");
        (await screening.SendToGradingAsync("consult-1", "patient could not continue", As(Nurse))).Refusal!.Code.Should().Be(RefusalCode.OtherSite);

        var sent = (await screening.SendToGradingAsync("consult-1", "patient could not continue", As(Pharmacist))).Value;
        sent.Should().Match<GradingRequest>(r => !r.Complete && r.IncompleteReason == "patient could not continue" && r.SentBy == Pharmacist.Id);
        sent.IncompleteFields.Should().Equal("left eye disc-centred: ungradable (over-exposed)");
        (await screening.GetVisitAsync("consult-1"))!.Sent.Should().BeEquivalentTo(sent, "the grading request carries the reason");
        (await screening.WorklistAsync(Grader)).Should().ContainSingle(t => t.VisitId == "consult-1");
        (await screening.SendToGradingAsync("consult-1", "again", As(Pharmacist))).Refusal!.Code.Should().Be(RefusalCode.WrongState);
        (await screening.RecordCaptureAsync("consult-1", Capture(34, FundusEye.OS, FundusField.DiscCentred))).Refusal!.Code.Should().Be(RefusalCode.WrongState,
            "what the graders grade does not change under them");
    }

    [Fact]
    public async Task Screening_visit_with_every_field_gradable_goes_to_grading_complete()
    {
        var screening = await CampaignWithVisitAsync(send: false);
        long id = 40;
        foreach (var (eye, field) in CaptureRules.Protocol)
        {
            await screening.RecordCaptureAsync("consult-1", Capture(id++, eye, field));
        }

        var sent = (await screening.SendToGradingAsync("consult-1", null, As(Pharmacist))).Value;

        sent.Complete.Should().BeTrue();
        sent.IncompleteReason.Should().BeNull();
        (await screening.GetVisitAsync("consult-1"))!.Sent!.Complete.Should().BeTrue();
    }
}
