using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Mastery;

/// <summary>
/// The persisted form of a learner's state, so that an answer applies one event to the saved state instead of
/// replaying the whole log. Restoring and then applying events gives exactly what replaying all of them gives.
/// </summary>
/// <remarks>
/// The ids of the events already applied are not saved (they would grow with the history): after a restore,
/// <see cref="Apply"/> recognises a repeated event only among those applied since, and the caller keeps
/// duplicates out of the saved part (the answer-event log's unique key does).
/// </remarks>
public sealed partial class LearnerMastery
{
    private const int StateFormat = 1;
    private int _restoredCount;

    /// <summary>The state as bytes, for <see cref="Restore"/> under the same graph, model and policy.</summary>
    public byte[] SaveState()
    {
        using var stream = new MemoryStream(256 + (_progress.Count * 128));
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(StateFormat);
            writer.Write(EventCount);
            writer.Write(_correctness is not null);
            _correctness?.Save(writer);
            writer.Write(_progress.Count);
            foreach (var (skill, p) in _progress)
            {
                writer.Write(skill.Value);
                Write(writer, p);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A learner's state from <see cref="SaveState"/>'s bytes.</summary>
    /// <exception cref="FormatException">When the bytes are not a state of this format, graph and model.</exception>
    public static LearnerMastery Restore(SkillGraph graph, LearnerModel model, MasteryPolicy policy, byte[] state, RetentionScheduler? retention = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mastery = new LearnerMastery(graph, model, policy, retention);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false));
            if (reader.ReadInt32() != StateFormat)
            {
                throw new FormatException("The saved learner state has another format.");
            }

            mastery._restoredCount = reader.ReadInt32();
            if (reader.ReadBoolean() != (mastery._correctness is not null))
            {
                throw new FormatException("The saved learner state was made under another kind of learner model.");
            }

            mastery._correctness?.Restore(reader);
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                var name = reader.ReadString();
                if (!SkillId.IsValid(name) || !graph.Contains(SkillId.Parse(name)))
                {
                    throw new FormatException($"The saved learner state names skill '{name}', which is not in this course.");
                }

                mastery._progress[SkillId.Parse(name)] = Read(reader);
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new FormatException("The saved learner state has trailing bytes.");
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new FormatException("The saved learner state is damaged.", ex);
        }

        return mastery;
    }

    private static void Write(BinaryWriter w, SkillProgress p)
    {
        w.Write(p.Known);
        w.Write(p.Answers);
        w.Write(p.Evidence);
        w.Write(p.EverMastered);
        w.Write(p.Mastered);
        w.Write(p.Unconfirmed);
        w.Write(p.MasteredBy is { } by ? (int)by : -1);
        w.Write(p.NeedsReview);
        WriteInstant(w, p.MasteredAt);
        WriteString(w, p.CheckId);
        w.Write(p.DecidedChecks.Count);
        foreach (var id in p.DecidedChecks)
        {
            w.Write(id);
        }

        w.Write(p.CheckCounts);
        w.Write(p.CheckAnswered);
        w.Write(p.CheckCorrect);
        w.Write(p.ChecksFailedInARow);
        w.Write(p.LastCheck is not null);
        if (p.LastCheck is { } check)
        {
            w.Write(check.Correct);
            w.Write(check.Answered);
            w.Write(check.Passed);
            WriteInstant(w, check.At);
        }

        w.Write(p.SinceProgress);
        w.Write(p.Best);
        w.Write(p.ProgressMark);
        w.Write(p.WrongInARow);
        w.Write(p.RightInARow);
        w.Write(p.Recovering);
        w.Write(p.Recent.Count);
        foreach (var correct in p.Recent)
        {
            w.Write(correct);
        }

        w.Write(p.Effects.Count);
        foreach (var e in p.Effects)
        {
            w.Write(e.EventId);
            w.Write((int)e.Kind);
            w.Write(e.Correct);
            w.Write(e.UsedHint);
            WriteInstant(w, e.At);
            w.Write(e.Before);
            w.Write(e.After);
        }

        w.Write(p.Memory is not null);
        if (p.Memory is { } memory)
        {
            w.Write(memory.Stability);
            w.Write(memory.Difficulty);
            WriteInstant(w, memory.LastReview);
        }

        w.Write(p.CreditedOn?.DayNumber ?? -1);
    }

    private static SkillProgress Read(BinaryReader r)
    {
        var p = new SkillProgress(r.ReadDouble())
        {
            Answers = r.ReadInt32(),
            Evidence = r.ReadDouble(),
            EverMastered = r.ReadBoolean(),
            Mastered = r.ReadBoolean(),
            Unconfirmed = r.ReadBoolean(),
        };
        var by = r.ReadInt32();
        p.MasteredBy = by < 0 ? null : Defined((MasterySource)by);
        p.NeedsReview = r.ReadBoolean();
        p.MasteredAt = ReadOptionalInstant(r);
        p.CheckId = ReadString(r);
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            p.DecidedChecks.Add(r.ReadString());
        }

        p.CheckCounts = r.ReadBoolean();
        p.CheckAnswered = r.ReadInt32();
        p.CheckCorrect = r.ReadInt32();
        p.ChecksFailedInARow = r.ReadInt32();
        if (r.ReadBoolean())
        {
            p.LastCheck = new CheckResult(r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), ReadInstant(r));
        }

        p.SinceProgress = r.ReadInt32();
        p.Best = r.ReadDouble();
        p.ProgressMark = r.ReadDouble();
        p.WrongInARow = r.ReadInt32();
        p.RightInARow = r.ReadInt32();
        p.Recovering = r.ReadBoolean();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            p.Recent.Enqueue(r.ReadBoolean());
        }

        for (var n = r.ReadInt32(); n > 0; n--)
        {
            p.Effects.Add(new EvidenceEffect(r.ReadString(), Defined((EvidenceKind)r.ReadInt32()), r.ReadBoolean(), r.ReadBoolean(), ReadInstant(r), r.ReadDouble(), r.ReadDouble()));
        }

        if (r.ReadBoolean())
        {
            p.Memory = new MemoryState(r.ReadDouble(), r.ReadDouble(), ReadInstant(r));
        }

        var day = r.ReadInt32();
        p.CreditedOn = day < 0 ? null : DateOnly.FromDayNumber(day);
        return p;
    }

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new FormatException($"The saved learner state holds an unknown {typeof(T).Name} {value}.");

    private static void WriteString(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteInstant(BinaryWriter w, DateTimeOffset? at)
    {
        w.Write(at is not null);
        if (at is { } value)
        {
            WriteInstant(w, value);
        }
    }

    private static void WriteInstant(BinaryWriter w, DateTimeOffset at)
    {
        w.Write(at.UtcTicks);
        w.Write((short)at.Offset.TotalMinutes);
    }

    private static DateTimeOffset? ReadOptionalInstant(BinaryReader r) => r.ReadBoolean() ? ReadInstant(r) : null;

    private static DateTimeOffset ReadInstant(BinaryReader r)
    {
        var utcTicks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }
}
