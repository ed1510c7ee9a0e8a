using System.Buffers;
using System.Text;
using System.Text.Json;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// Reads the JSON that <see cref="SnapshotJsonContext"/> writes for a learner's skills straight into
/// <see cref="SkillStatus"/>es, one token at a time: a class of 1,000 learners × 200 skills is 200,000 skills per
/// dashboard, and going through <see cref="Learning.SkillSnapshot"/> and a dictionary of skill names allocated about
/// four times as much and took twice as long. The contract stays the serializer's: the tests read every figure both
/// ways. Anything unexpected (a token of the wrong type, an unknown name) makes the snapshot unreadable (null), and
/// the caller replays the log instead.
/// </summary>
internal static class SnapshotReader
{
    /// <summary>
    /// The statuses at <paramref name="now"/> (<see cref="ClassSnapshots.StateAt"/>), in the graph's topological order;
    /// null when unreadable or a skill is missing or incomplete.
    /// </summary>
    public static SkillStatus[]? Read(SkillIndex index, string json, DateTimeOffset now)
    {
        var length = Encoding.UTF8.GetByteCount(json);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(json, buffer);
            return Read(index, buffer.AsSpan(0, length), now);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>As <see cref="Read(SkillIndex, string, DateTimeOffset)"/>, from the JSON's UTF-8 as the database stores it.</summary>
    public static SkillStatus[]? Read(SkillIndex index, ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            return ReadSkills(ref reader, index, now);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A token of another type than the figure's (Utf8JsonReader's Get… methods).
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static SkillStatus[]? ReadSkills(ref Utf8JsonReader reader, SkillIndex index, DateTimeOffset now)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var statuses = new SkillStatus[index.Count];
        Span<char> name = stackalloc char[128];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var position = index.Find(ref reader, name);
            if (!reader.Read())
            {
                return null;
            }

            if (position < 0)
            {
                // A skill the course no longer has: the serializer's reader kept it and nothing looked it up.
                reader.Skip();
                continue;
            }

            if (ReadSkill(ref reader, index.Skills[position], now) is not { } status)
            {
                return null;
            }

            statuses[position] = status;
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return null;
        }

        return Array.IndexOf(statuses, null) < 0 ? statuses : null;
    }

    private static SkillStatus? ReadSkill(ref Utf8JsonReader reader, SkillId skill, DateTimeOffset now)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        SkillState? state = null;
        double probability = 0, best = 0;
        var hasBest = false;
        int evidence = 0, checksFailed = 0, checkInProgress = 0, wrongInARow = 0, recentCorrect = 0, recentAnswers = 0;
        int? rightAnswersToCheck = null;
        DateTimeOffset? masteredAt = null, reviewDue = null;
        bool readyForCheck = false, lapsed = false;
        var helpReason = HelpReason.None;
        MasterySource? masteredBy = null;
        CheckResult? lastCheck = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            if (escaped)
            {
                // The serializer never escapes these short ASCII names; anything else is not its output.
                return null;
            }

            switch (property)
            {
                case [(byte)'s']:
                    state = reader.TokenType == JsonTokenType.String ? Match<SkillState>(ref reader) : null;
                    if (state is null)
                    {
                        return null;
                    }

                    break;
                case [(byte)'p']:
                    probability = reader.GetDouble();
                    break;
                case [(byte)'n']:
                    evidence = reader.GetInt32();
                    break;
                case [(byte)'m']:
                    masteredAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                    break;
                case [(byte)'b']:
                    hasBest = reader.TokenType != JsonTokenType.Null;
                    best = hasBest ? reader.GetDouble() : 0;
                    break;
                case [(byte)'c', (byte)'f']:
                    checksFailed = reader.GetInt32();
                    break;
                case [(byte)'c', (byte)'i']:
                    checkInProgress = reader.GetInt32();
                    break;
                case [(byte)'r', (byte)'c']:
                    readyForCheck = reader.GetBoolean();
                    break;
                case [(byte)'h']:
                    if (EnumValue<HelpReason>(ref reader) is not { } reason)
                    {
                        return null;
                    }

                    helpReason = reason;
                    break;
                case [(byte)'w']:
                    wrongInARow = reader.GetInt32();
                    break;
                case [(byte)'r']:
                    recentCorrect = reader.GetInt32();
                    break;
                case [(byte)'r', (byte)'a']:
                    recentAnswers = reader.GetInt32();
                    break;
                case [(byte)'t', (byte)'c']:
                    rightAnswersToCheck = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
                    break;
                case [(byte)'b', (byte)'y']:
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        masteredBy = null;
                    }
                    else if (EnumValue<MasterySource>(ref reader) is { } source)
                    {
                        masteredBy = source;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case [(byte)'l', (byte)'c']:
                    lastCheck = reader.TokenType == JsonTokenType.Null ? null : ReadCheck(ref reader);
                    break;
                case [(byte)'l']:
                    lapsed = reader.GetBoolean();
                    break;
                case [(byte)'d']:
                    reviewDue = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (state is not { } written || !hasBest)
        {
            return null;
        }

        return new SkillStatus(skill, ClassSnapshots.StateAt(written, lapsed, reviewDue, now), probability, evidence, checksFailed, masteredAt, checkInProgress)
        {
            ReadyForCheck = readyForCheck,
            HelpReason = helpReason,
            WrongInARow = wrongInARow,
            RecentCorrect = recentCorrect,
            RecentAnswers = recentAnswers,
            RightAnswersToCheck = rightAnswersToCheck,
            MasteredBy = masteredBy,
            LastCheck = lastCheck,
            Best = best,
            Lapsed = lapsed,
        };
    }

    private static CheckResult ReadCheck(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A mastery check's result is an object.");
        }

        int correct = 0, answered = 0;
        var passed = false;
        var at = default(DateTimeOffset);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Correct"u8))
            {
                reader.Read();
                correct = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("Answered"u8))
            {
                reader.Read();
                answered = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("Passed"u8))
            {
                reader.Read();
                passed = reader.GetBoolean();
            }
            else if (reader.ValueTextEquals("At"u8))
            {
                reader.Read();
                at = reader.GetDateTimeOffset();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CheckResult(correct, answered, passed, at);
    }

    /// <summary>An enum written by name (as the serializer's string-enum converter writes it) or, as it also reads them, by number.</summary>
    private static T? EnumValue<T>(ref Utf8JsonReader reader)
        where T : struct, Enum =>
        reader.TokenType switch
        {
            JsonTokenType.String => Match<T>(ref reader),
            JsonTokenType.Number when reader.TryGetInt32(out var number) && Enum.IsDefined(typeof(T), number) => (T)Enum.ToObject(typeof(T), number),
            _ => null,
        };

    private static T? Match<T>(ref Utf8JsonReader reader)
        where T : struct, Enum
    {
        var names = EnumNames<T>.Utf8;
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return EnumNames<T>.Values[i];
            }
        }

        return null;
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();

        public static readonly byte[][] Utf8 = [.. Values.Select(v => Encoding.UTF8.GetBytes(v.ToString()))];
    }
}
