namespace TeleSante.Imaging;

public sealed record ImageStoreResult(ImageStoreOutcome Outcome, StoredImage Image);
