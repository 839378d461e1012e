namespace TeleSante.LiveView.Internal;

/// <summary>
/// A fixed-size queue that makes room by evicting its oldest item, each item stamped with an arrival order so two rings
/// can be emptied in arrival order. Not thread-safe: its owner holds a lock around every call.
/// </summary>
internal sealed class DropOldestRing<T>
    where T : class
{
    private readonly T?[] _items;
    private readonly long[] _orders;
    private int _head;

    public DropOldestRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T?[capacity];
        _orders = new long[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Arrival order of the oldest item; <see cref="long.MaxValue"/> when empty.</summary>
    public long OldestOrder => Count == 0 ? long.MaxValue : _orders[_head];

    /// <summary>Adds <paramref name="item"/>; returns the item evicted to make room, if the ring was full.</summary>
    public T? Add(T item, long order)
    {
        T? evicted = null;
        if (Count == _items.Length)
        {
            evicted = Take();
        }

        var slot = (_head + Count) % _items.Length;
        _items[slot] = item;
        _orders[slot] = order;
        Count++;
        return evicted;
    }

    /// <summary>Removes and returns the oldest item; the ring must not be empty.</summary>
    public T Take()
    {
        var item = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }
}
