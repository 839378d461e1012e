namespace TeleSante.Analysis.Beats.Internal;

/// <summary>A beat waiting for its morphology samples, its successor (post-RR) or its noise decision.</summary>
internal struct PendingBeat
{
    public DetectedBeat Beat;
    public float PreRr;
    public float LocalRr;
    public bool PostKnown;
    public bool HasPostRr;
    public float PostRr;
    public bool Measured;
    public bool Stale;
    public float Width;
    public float WidthRatio;
    public float Correlation;
    public float AmplitudeRatio;
    public float PCorrelation;
    public float PAmplitudeRatio;
    public float PolarityMatch;
}
