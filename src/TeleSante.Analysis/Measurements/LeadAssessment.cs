namespace TeleSante.Analysis.Measurements;

/// <summary>Quality of one lead and the figures it was judged on.</summary>
/// <param name="Lead">Channel index (standard 12-lead order: I, II, III, aVR, aVL, aVF, V1..V6).</param>
/// <param name="NoiseMv">RMS of the beats' difference from the lead's median beat, mV.</param>
/// <param name="PeakToPeakMv">Peak-to-peak of the lead's median beat, mV.</param>
public readonly record struct LeadAssessment(int Lead, LeadQuality Quality, double NoiseMv, double PeakToPeakMv);
