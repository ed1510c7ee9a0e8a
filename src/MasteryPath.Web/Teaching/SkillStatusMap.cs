using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// The position of each skill of a graph in its topological order, one per graph: found by a JSON property's name
/// without allocating it (<see cref="SnapshotReader"/>), or by id (<see cref="SkillStatusMap"/>).
/// </summary>
internal sealed class SkillIndex
{
    private static readonly ConditionalWeakTable<SkillGraph, SkillIndex> Indexes = [];

    private readonly Dictionary<string, int> _positions;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byName;

    private SkillIndex(SkillGraph graph)
    {
        Skills = [.. graph.TopologicalOrder];
        _positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Skills.Length; i++)
        {
            _positions[Skills[i].Value] = i;
        }

        _byName = _positions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static SkillIndex Of(SkillGraph graph) => Indexes.GetValue(graph, g => new SkillIndex(g));

    public SkillId[] Skills { get; }

    public int Count => Skills.Length;

    /// <summary>The skill's position, or -1 when the graph has no such skill.</summary>
    public int PositionOf(SkillId skill) => skill.Value is { } name && _positions.TryGetValue(name, out var position) ? position : -1;

    public int Find(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        var maxLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (maxLength > buffer.Length)
        {
            return _positions.TryGetValue(reader.GetString()!, out var found) ? found : -1;
        }

        var written = reader.CopyString(buffer);
        return _byName.TryGetValue(buffer[..written], out var position) ? position : -1;
    }
}

/// <summary>
/// One learner's statuses, a status per skill of the graph in its topological order, looked up through the graph's
/// shared <see cref="SkillIndex"/>: a dashboard of 1,000 learners × 200 skills built a dictionary per learner, 200,000
/// insertions and their tables, to look each skill up a handful of times.
/// </summary>
internal sealed class SkillStatusMap : IReadOnlyDictionary<SkillId, SkillStatus>
{
    private readonly SkillIndex _index;
    private readonly SkillStatus[] _statuses;

    public SkillStatusMap(SkillIndex index, SkillStatus[] statuses)
    {
        if (statuses.Length != index.Count)
        {
            throw new ArgumentException($"{statuses.Length} statuses for {index.Count} skills", nameof(statuses));
        }

        _index = index;
        _statuses = statuses;
    }

    public int Count => _statuses.Length;

    public IEnumerable<SkillId> Keys => _index.Skills;

    public IEnumerable<SkillStatus> Values => _statuses;

    public SkillStatus this[SkillId key] =>
        TryGetValue(key, out var status) ? status : throw new KeyNotFoundException($"No status for skill '{key.Value}'.");

    public bool ContainsKey(SkillId key) => _index.PositionOf(key) >= 0;

    public bool TryGetValue(SkillId key, [MaybeNullWhen(false)] out SkillStatus value)
    {
        var position = _index.PositionOf(key);
        value = position >= 0 ? _statuses[position] : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<SkillId, SkillStatus>> GetEnumerator()
    {
        for (var i = 0; i < _statuses.Length; i++)
        {
            yield return new KeyValuePair<SkillId, SkillStatus>(_index.Skills[i], _statuses[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
