namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// The retinal vessels of a right eye as a darkness mask (0 none .. 1 opaque). Main vessels leave
/// the disc: the superior and inferior temporal arcades swing around the macula, nasal vessels run
/// towards the nasal edge, and small macular branches head for the fovea but stop short of its
/// avascular zone. Every vessel narrows along its length and at each branch (child widths follow
/// Murray's cube law roughly: a parent of width w splits into children of about 0.6–0.8 w); veins
/// are wider and darker than the arteries beside them.
/// </summary>
internal sealed class VesselTree
{
    private const int MaxDepth = 4;

    private readonly FundusGeometry _g;
    private readonly Random _random;
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _mask;
    private readonly Stack<VesselWalker> _pending = new();
    private readonly double _minWidth;

    private VesselTree(FundusGeometry geometry, Random random, int width, int height)
    {
        _g = geometry;
        _random = random;
        _width = width;
        _height = height;
        _mask = new float[width * height];
        _minWidth = Math.Max(1.0, 0.012 * geometry.DiscDiameter);
    }

    public static float[] Draw(FundusGeometry geometry, Random random, int width, int height)
    {
        var tree = new VesselTree(geometry, random, width, height);
        tree.Grow();
        return tree._mask;
    }

    private void Grow()
    {
        var dd = _g.DiscDiameter;
        const double Vein = 0.8, Artery = 0.55;

        // In image coordinates y grows downwards: -90° is up. Temporal is -x for a right eye.
        Start(VesselCourse.SuperiorArcade, -0.02, -0.08, -95, 0.09, Vein);
        Start(VesselCourse.SuperiorArcade, 0.06, -0.1, -80, 0.068, Artery);
        Start(VesselCourse.InferiorArcade, -0.02, 0.08, 95, 0.09, Vein);
        Start(VesselCourse.InferiorArcade, 0.06, 0.1, 80, 0.068, Artery);
        Start(VesselCourse.Free, 0.1, -0.05, -40 + Jitter(10), 0.065, Vein);
        Start(VesselCourse.Free, 0.12, -0.02, -25 + Jitter(10), 0.05, Artery);
        Start(VesselCourse.Free, 0.1, 0.05, 40 + Jitter(10), 0.065, Vein);
        Start(VesselCourse.Free, 0.12, 0.02, 25 + Jitter(10), 0.05, Artery);
        Start(VesselCourse.Free, -0.2, -0.05, 180 + Jitter(12), 0.03, Artery);
        Start(VesselCourse.Free, -0.2, 0.05, 180 + Jitter(12), 0.03, Vein * 0.8);

        while (_pending.Count > 0)
        {
            Walk(_pending.Pop());
        }

        void Start(VesselCourse course, double dxDd, double dyDd, double headingDegrees, double widthDd, double strength)
            => _pending.Push(new VesselWalker(course, _g.DiscX + (dxDd * dd), _g.DiscY + (dyDd * dd), headingDegrees * Math.PI / 180, widthDd * dd, strength, 0, NextBranch()));
    }

    private void Walk(VesselWalker w)
    {
        var dd = _g.DiscDiameter;
        var startAngle = Math.Atan2(w.Y - _g.FoveaY, w.X - _g.FoveaX);
        var startRadius = Math.Sqrt(Square(w.X - _g.FoveaX) + Square(w.Y - _g.FoveaY));
        double travelled = 0, curvature = 0, swept = 0, previousAngle = startAngle;
        var maxLength = (w.Depth == 0 ? 12 : 3.5) * dd;
        while (w.Width >= _minWidth && travelled < maxLength)
        {
            var fx = w.X - _g.FoveaX;
            var fy = w.Y - _g.FoveaY;
            var fr = Math.Sqrt((fx * fx) + (fy * fy));
            if (fr < 0.35 * dd || Math.Sqrt(Square(w.X - _g.FieldCentreX) + Square(w.Y - _g.FieldCentreY)) > _g.FieldRadius)
            {
                // The foveal avascular zone has no vessels; outside the field nothing is imaged.
                return;
            }

            Stamp(w.X, w.Y, w.Width, w.Strength);
            var step = Math.Clamp(w.Width / 3, 0.5, 2.0);
            if (w.Course == VesselCourse.Free)
            {
                curvature = Math.Clamp(curvature + (Gaussian() * 0.0015 * Math.Sqrt(step)), -0.008, 0.008);
                w = w with { Heading = w.Heading + (curvature * step) };
            }
            else
            {
                // Steer along the circle around the fovea whose radius the arcade should have here:
                // a little inside the disc's distance at first, widening as it sweeps temporally.
                var angle = Math.Atan2(fy, fx);
                swept += Math.Abs(Math.IEEERemainder(angle - previousAngle, 2 * Math.PI));
                previousAngle = angle;
                if (swept > 0.7 * Math.PI)
                {
                    // Past the macula the arcade runs on towards the temporal periphery instead of closing round it.
                    w = w with { Course = VesselCourse.Free };
                    continue;
                }

                var (ux, uy) = (fx / fr, fy / fr);
                var (tx, ty) = w.Course == VesselCourse.SuperiorArcade ? (uy, -ux) : (-uy, ux);
                var target = (0.8 * startRadius) + (0.3 * dd * swept);
                var pull = 0.6 * (target - fr) / dd;
                var desired = Math.Atan2(ty + (pull * uy), tx + (pull * ux));
                var turn = Math.Clamp(Math.IEEERemainder(desired - w.Heading, 2 * Math.PI), -0.02 * step, 0.02 * step);
                w = w with { Heading = w.Heading + turn };
            }

            w = w with
            {
                Heading = w.Heading + (Gaussian() * 0.012 * Math.Sqrt(step)),
                X = w.X + (step * Math.Cos(w.Heading)),
                Y = w.Y + (step * Math.Sin(w.Heading)),
                Width = w.Width * Math.Exp(-step / ((w.Course == VesselCourse.Free ? 5 : 14) * dd)),
                NextBranch = w.NextBranch - step,
            };
            travelled += step;

            if (w.NextBranch <= 0 && w.Depth < MaxDepth)
            {
                var side = _random.Next(2) == 0 ? -1 : 1;
                var child = w with
                {
                    Course = VesselCourse.Free,
                    Heading = w.Heading + (side * (0.45 + (0.55 * _random.NextDouble()))),
                    Width = w.Width * (0.55 + (0.2 * _random.NextDouble())),
                    Strength = w.Strength * 0.95,
                    Depth = w.Depth + 1,
                    NextBranch = NextBranch(),
                };
                _pending.Push(child);
                w = w with { Width = w.Width * 0.9, NextBranch = NextBranch() };
            }
        }
    }

    /// <summary>Darkens a small disc with a Gaussian cross-section; overlapping stamps keep the darkest.</summary>
    private void Stamp(double cx, double cy, double width, double strength)
    {
        var sigma = width / 3;
        var extent = (int)Math.Ceiling((2.5 * sigma) + 1);
        int x0 = Math.Max(0, (int)cx - extent), x1 = Math.Min(_width - 1, (int)cx + extent);
        int y0 = Math.Max(0, (int)cy - extent), y1 = Math.Min(_height - 1, (int)cy + extent);
        var inverse = 1 / (2 * sigma * sigma);
        for (var y = y0; y <= y1; y++)
        {
            var dy2 = Square(y - cy);
            for (var x = x0; x <= x1; x++)
            {
                var v = (float)(strength * Math.Exp(-(Square(x - cx) + dy2) * inverse));
                var i = (y * _width) + x;
                if (v > _mask[i])
                {
                    _mask[i] = v;
                }
            }
        }
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private double NextBranch() => (0.6 + (0.8 * _random.NextDouble())) * _g.DiscDiameter;

    private double Jitter(double degrees) => (_random.NextDouble() - 0.5) * 2 * degrees;

    private static double Square(double x) => x * x;
}
