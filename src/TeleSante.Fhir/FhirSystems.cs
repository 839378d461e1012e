namespace TeleSante.Fhir;

/// <summary>Code systems and identifier namespaces used in exported resources.</summary>
public static class FhirSystems
{
    public const string Loinc = "http://loinc.org";

    /// <summary>ISO/IEEE 11073-10101 nomenclature, as FHIR's device and PHD guides name it.</summary>
    public const string Mdc = "urn:iso:std:iso:11073:10101";

    public const string Ucum = "http://unitsofmeasure.org";

    public const string SnomedCt = "http://snomed.info/sct";

    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    public const string MediaType = "http://terminology.hl7.org/CodeSystem/media-type";

    /// <summary>DICOM modalities (OP = ophthalmic photography).</summary>
    public const string DicomModality = "http://dicom.nema.org/resources/ontology/DCM";

    public const string SessionIdentifier = "urn:telesante:session";

    public const string DeviceIdentifier = "urn:telesante:device";

    /// <summary>"{device}/{seq}/{mdc}": the same reading exported twice has the same identifier.</summary>
    public const string ObservationIdentifier = "urn:telesante:observation";

    public const string ImageIdentifier = "urn:telesante:image";

    public const string ImageSha256Identifier = "urn:telesante:image-sha256";
}
