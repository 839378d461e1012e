namespace TeleSante.Imaging.Internal;

/// <summary>Where the next filter byte is, across blocks of inflated data.</summary>
internal sealed class ScanlineCursor(List<(long Count, long Bytes)> passes)
{
    private int _pass;
    private long _row;
    private long _left; // bytes of the current row still to come; 0 means a filter byte is next

    public (int Pass, long Row, byte Filter)? FirstBadFilter(ReadOnlySpan<byte> block)
    {
        var i = 0;
        while (i < block.Length)
        {
            if (_left > 0)
            {
                var skip = (int)Math.Min(_left, block.Length - i);
                _left -= skip;
                i += skip;
                continue;
            }

            while (_pass < passes.Count && _row == passes[_pass].Count)
            {
                _pass++;
                _row = 0;
            }

            if (_pass == passes.Count)
            {
                return null; // past the promised length: the caller refuses that
            }

            if (block[i] > 4)
            {
                return (_pass, _row, block[i]);
            }

            _left = passes[_pass].Bytes;
            _row++;
            i++;
        }

        return null;
    }
}
