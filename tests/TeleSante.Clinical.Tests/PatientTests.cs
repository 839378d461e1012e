using TeleSante.Clinical.Patients;

namespace TeleSante.Clinical.Tests;

public sealed class PatientTests
{
    [Theory]
    [InlineData(false, false, IdentityStatus.Provisional)]
    [InlineData(true, false, IdentityStatus.Retrieved)]
    [InlineData(false, true, IdentityStatus.Validated)]
    [InlineData(true, true, IdentityStatus.Qualified)]
    public void Status_follows_from_ins_retrieved_and_document_checked(bool insRetrieved, bool documentChecked, IdentityStatus status)
    {
        var patient = Create(insRetrieved ? Sample.TestIns : null, documentChecked);

        patient.Status.Should().Be(status);
    }

    [Fact]
    public void Only_a_qualified_identity_leaves_with_its_ins()
    {
        Create(Sample.TestIns, documentChecked: true).ExportableIns.Should().Be(Sample.TestIns);
        Create(Sample.TestIns, documentChecked: false).ExportableIns.Should().BeNull();
        Create(null, documentChecked: true).ExportableIns.Should().BeNull();
    }

    [Fact]
    public void A_patient_prints_without_the_ins()
    {
        var patient = Create(Sample.TestIns, documentChecked: true);

        patient.ToString().Should().Be("Patient pat-9 (Qualified)");
        $"{patient}".Should().NotContain("2790351215");
    }

    [Theory]
    [InlineData("", "DOMINIQUE", "DOMINIQUE", "63220", "required")]
    [InlineData("PAT", "DOMINIQUE MARIE", "CLAIRE", "63220", "first given name")]
    [InlineData("PAT", "DOMINIQUE", "DOMINIQUE", "6322", "birth place")]
    [InlineData("PAT", "DOMINIQUE", "DOMINIQUE", "2X004", "birth place")]
    public void Incomplete_traits_are_refused(string family, string given, string first, string place, string reason)
    {
        var outcome = Patient.Create("pat-9", null, family, given, first, new DateOnly(1979, 3, 28), Sex.Female, place, false);

        outcome.Succeeded.Should().BeFalse();
        outcome.Refusal!.Code.Should().Be(RefusalCode.InvalidInput);
        outcome.Refusal.Detail.Should().Contain(reason);
    }

    [Fact]
    public void A_corsican_birth_place_is_accepted()
    {
        Patient.Create("pat-9", null, "PAT", "ANNA MARIA", "MARIA", new DateOnly(1985, 1, 2), Sex.Female, "2A004", false).Succeeded.Should().BeTrue();
    }

    private static Patient Create(Ins? ins, bool documentChecked) =>
        Patient.Create("pat-9", ins, "PAT-TROIS", "DOMINIQUE", "DOMINIQUE", new DateOnly(1979, 3, 28), Sex.Female, "63220", documentChecked).Value;
}
