namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// Smooth random texture: random values on a coarse grid, interpolated with a smoothstep. Gives
/// the fundus background its mottled choroidal look at a fraction of the cost of sinusoids per pixel.
/// </summary>
internal sealed class ValueNoise
{
    private readonly float[] _grid;
    private readonly int _columns;
    private readonly double _spacing;

    public ValueNoise(int width, int height, double spacing, Random random)
    {
        _spacing = Math.Max(2, spacing);
        _columns = (int)(width / _spacing) + 2;
        var rows = (int)(height / _spacing) + 2;
        _grid = new float[_columns * rows];
        for (var i = 0; i < _grid.Length; i++)
        {
            _grid[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }

    /// <summary>Texture value at a pixel, in -1..1.</summary>
    public double At(int x, int y)
    {
        var gx = x / _spacing;
        var gy = y / _spacing;
        int ix = (int)gx, iy = (int)gy;
        double fx = Smooth(gx - ix), fy = Smooth(gy - iy);
        var i = (iy * _columns) + ix;
        var top = _grid[i] + ((_grid[i + 1] - _grid[i]) * fx);
        var bottom = _grid[i + _columns] + ((_grid[i + _columns + 1] - _grid[i + _columns]) * fx);
        return top + ((bottom - top) * fy);
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));
}
