using MasteryPath.Content.Checking;
using MasteryPath.Domain.Expressions;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Math;
using MasteryPath.Domain.Skills;
using MasteryPath.Domain.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MasteryPath.Content.Loading;

/// <summary>Reading item files: fixed items and templates with their parameters.</summary>
public static partial class CourseLoader
{
    private static List<(ItemDefinition, YamlMap)> ReadItemFile(string path, string file, bool ignoreVariableCase, List<Diagnostic> diagnostics, CourseSources sources)
    {
        var result = new List<(ItemDefinition, YamlMap)>();
        var root = CourseFolder.ReadText(path, file, diagnostics) is { } text ? ParseYaml(text, file, 0, diagnostics) : null;
        if (root is null)
        {
            return result;
        }

        var map = new YamlMap(root, file, 0, diagnostics, "the item file");
        var defaultSkill = map.String("skill", required: false);
        foreach (var item in map.MapList("items", "an item"))
        {
            var definition = ReadItem(item, defaultSkill, isTemplate: false, ignoreVariableCase, diagnostics, sources);
            if (definition is not null)
            {
                result.Add((definition, item));
            }
        }

        foreach (var template in map.MapList("templates", "a template"))
        {
            var definition = ReadItem(template, defaultSkill, isTemplate: true, ignoreVariableCase, diagnostics, sources);
            if (definition is not null)
            {
                result.Add((definition, template));
            }
        }

        if (!map.Has("items") && !map.Has("templates"))
        {
            map.Error("empty-file", "an item file needs 'items:' or 'templates:'");
        }

        map.ReportUnknownFields();
        return result;
    }

    private static ItemDefinition? ReadItem(YamlMap map, string? defaultSkill, bool isTemplate, bool ignoreVariableCase, List<Diagnostic> diagnostics, CourseSources sources)
    {
        var fields = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        void Locate(string field, YamlNode? node)
        {
            if (node is not null)
            {
                fields[field] = map.At(node);
            }
        }

        foreach (var name in new[] { "prompt", "answer", "tolerance", "solution", "constraints", "parameters", "choices", "misconceptions", "hints", "accept", "skill", "also", "verify", "lowest-terms", "mixed-number", "simplified", "standard-form", "decimal-places", "solved-for", "expanded", "positive-exponents", "variable-case" })
        {
            Locate(name, map.Node(name));
        }

        var id = map.String("id", required: true);
        var kindName = map.String("kind", required: true);
        var skill = map.String("skill", required: false) ?? defaultSkill;
        var also = map.StringList("also");
        var exercises = ReadExercises(map, Locate);
        var prompt = map.String("prompt", required: true);
        var answer = map.Node("answer") is YamlScalarNode { Value: not null } a ? a.Value : null;
        if (map.Node("answer") is YamlSequenceNode or YamlMappingNode)
        {
            map.Error(map.Node("answer")!, "wrong-type", "'answer' must be text or a number (quote it if it starts with '[[')");
        }

        var tolerance = map.String("tolerance", required: false);
        var lowestTerms = map.Bool("lowest-terms", false);
        var simplified = map.Bool("simplified", false);
        var expanded = map.Bool("expanded", false);
        var positiveExponents = map.Bool("positive-exponents", false);
        var solvedFor = map.String("solved-for", required: false);
        var decimalPlaces = map.Number("decimal-places", 0, 10);
        var form = new AnswerForm(
            map.Bool("mixed-number", false),
            map.Bool("standard-form", false),
            decimalPlaces is null ? null : (int)decimalPlaces.Value,
            VariableCase(map) ?? ignoreVariableCase);
        var caseSensitive = map.Bool("case-sensitive", false);
        var shuffle = map.Bool("shuffle", true);
        var accept = map.StringList("accept");
        for (var i = 0; i < accept.Count; i++)
        {
            Locate($"accept[{i}]", accept[i].Node);
        }

        var hints = map.StringList("hints");
        for (var i = 0; i < hints.Count; i++)
        {
            Locate($"hints[{i}]", hints[i].Node);
        }

        var solution = map.String("solution", required: true);
        var difficulty = map.Number("difficulty", 1, 5);
        var choices = new List<ChoiceDefinition>();
        var choiceMaps = map.MapList("choices", "a choice");
        for (var i = 0; i < choiceMaps.Count; i++)
        {
            var c = choiceMaps[i];
            Locate($"choices[{i}]", c.Node("text"));
            Locate($"choices[{i}].feedback", c.Node("feedback"));
            var text = c.String("text", required: true);
            var correct = c.Bool("correct", false);
            var feedback = c.String("feedback", required: false);
            c.ReportUnknownFields();
            if (text is not null)
            {
                choices.Add(new ChoiceDefinition(text, correct, feedback));
            }
        }

        var misconceptions = new List<MisconceptionDefinition>();
        var misconceptionMaps = map.MapList("misconceptions", "a misconception");
        for (var i = 0; i < misconceptionMaps.Count; i++)
        {
            var m = misconceptionMaps[i];
            Locate($"misconceptions[{i}]", m.Node("answer"));
            Locate($"misconceptions[{i}].feedback", m.Node("feedback"));
            var wrong = m.String("answer", required: true);
            var feedback = m.String("feedback", required: true);
            m.ReportUnknownFields();
            if (wrong is not null && feedback is not null)
            {
                misconceptions.Add(new MisconceptionDefinition(wrong, feedback));
            }
        }

        var parameters = new List<ParameterSpec>();
        var verify = map.StringList("verify");
        for (var i = 0; i < verify.Count; i++)
        {
            Locate($"verify[{i}]", verify[i].Node);
        }

        var constraints = map.StringList("constraints");
        for (var i = 0; i < constraints.Count; i++)
        {
            Locate($"constraints[{i}]", constraints[i].Node);
        }

        var parameterMap = map.Map("parameters", "the parameters");
        if (parameterMap is not null)
        {
            foreach (var (name, keyNode, value) in parameterMap.Entries())
            {
                Locate($"parameters.{name}", keyNode);
                var spec = ReadParameter(map, name, keyNode, value);
                if (spec is not null)
                {
                    parameters.Add(spec);
                }
            }
        }

        map.ReportUnknownFields();
        if (id is null || kindName is null || prompt is null || solution is null)
        {
            return null;
        }

        if (!SkillId.IsValid(id))
        {
            map.Error(map.Node("id")!, "bad-id", $"'{id}' is not a valid id: use lower-case letters, digits and dashes");
            return null;
        }

        if (!sources.Items.TryAdd(id, new ItemSource(map.Location, fields)))
        {
            map.Error(map.Node("id")!, "duplicate-id", $"the id '{id}' is already used by the item or template at {sources.Items[id].Location}");
            return null;
        }

        if (!ItemKinds.ByName.TryGetValue(kindName, out var kind))
        {
            map.Error(map.Node("kind")!, "unknown-kind", $"'{kindName}' is not an item kind; use one of: {string.Join(", ", ItemKinds.ByName.Keys)}");
            return null;
        }

        if (skill is null || !SkillId.IsValid(skill))
        {
            map.Error("missing-skill", $"'{id}' is tagged to no valid skill: give it 'skill:' (or 'skill:' at the top of the file)");
            return null;
        }

        if (isTemplate && parameters.Count == 0)
        {
            map.Error("no-parameters", $"template '{id}' has no parameters, so every variant is the same: add parameters or list it under 'items:'");
        }
        else if (!isTemplate && parameters.Count > 0)
        {
            map.Error(map.Node("parameters")!, "unexpected-parameters", $"item '{id}' has parameters: list it under 'templates:'");
        }

        if (kind is ItemKind.SingleChoice or ItemKind.MultipleSelect)
        {
            if (choices.Count == 0)
            {
                map.Error("missing-field", $"choice item '{id}' has no 'choices'");
                return null;
            }
        }
        else if (answer is null)
        {
            map.Error("missing-field", $"item '{id}' has no 'answer'");
            return null;
        }

        if (hints.Count == 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, map.Location, "no-hints", $"'{id}' has no hints"));
        }

        var definition = new ItemDefinition(
            id,
            kind,
            SkillId.Parse(skill),
            also.Where(s => SkillId.IsValid(s.Value)).Select(s => SkillId.Parse(s.Value)).ToList(),
            parameters,
            constraints.Select(c => c.Value).ToList(),
            prompt,
            answer,
            accept.Select(x => x.Value).ToList(),
            tolerance,
            lowestTerms,
            simplified,
            caseSensitive,
            choices,
            misconceptions,
            hints.Select(h => h.Value).ToList(),
            solution,
            difficulty is null ? null : (int)difficulty.Value,
            shuffle,
            verify.Select(v => v.Value).ToList(),
            expanded,
            positiveExponents,
            solvedFor,
            form,
            exercises);
        try
        {
            _ = new ItemGenerator(definition);
        }
        catch (TemplateException ex)
        {
            var location = sources.Items[id].Find(ex.Field);
            diagnostics.Add(new Diagnostic(Severity.Error, location, "bad-formula", $"'{id}' {ex.Field}: {ex.Message}"));
            return null;
        }

        return definition;
    }

    private static ParameterSpec? ReadParameter(YamlMap owner, string name, YamlNode keyNode, YamlNode value)
    {
        if (value is not YamlMappingNode spec || spec.Children.Count != 1 && !spec.Children.ContainsKey(new YamlScalarNode("step")) && !spec.Children.ContainsKey(new YamlScalarNode("exclude")))
        {
            owner.Error(value, "bad-parameter", $"parameter '{name}' must be one of {{ range: [min, max] }} (with optional step and exclude), {{ choices: [...] }} or {{ compute: \"formula\" }}");
            return null;
        }

        YamlNode? Get(string key) => spec.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
        var unknown = spec.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is not ("range" or "step" or "exclude" or "choices" or "compute"));
        if (unknown is not null)
        {
            owner.Error(unknown, "bad-parameter", $"parameter '{name}' has no field '{unknown.Value}'");
            return null;
        }

        if (Get("compute") is YamlScalarNode { Value: not null } compute)
        {
            return new ComputedParameter(name, compute.Value);
        }

        if (Get("choices") is YamlSequenceNode options)
        {
            var values = new List<Value>();
            foreach (var option in options.Children)
            {
                if (option is not YamlScalarNode { Value: not null } s)
                {
                    owner.Error(option, "bad-parameter", $"every choice of parameter '{name}' must be a number or text");
                    return null;
                }

                values.Add(s.Style == ScalarStyle.Plain && TryNumber(s.Value, out var r) ? Value.Of(r) : Value.Of(s.Value));
            }

            return new ChoiceParameter(name, values);
        }

        if (Get("range") is YamlSequenceNode { Children.Count: 2 } range
            && range.Children[0] is YamlScalarNode { Value: not null } lo && TryNumber(lo.Value, out var min)
            && range.Children[1] is YamlScalarNode { Value: not null } hi && TryNumber(hi.Value, out var max))
        {
            var step = Rational.One;
            if (Get("step") is { } stepNode)
            {
                if (stepNode is not YamlScalarNode { Value: not null } st || !TryNumber(st.Value, out step) || step.Sign <= 0)
                {
                    owner.Error(stepNode, "bad-parameter", $"the step of parameter '{name}' must be a positive number");
                    return null;
                }
            }

            var exclude = new List<Rational>();
            if (Get("exclude") is YamlSequenceNode excluded)
            {
                foreach (var e in excluded.Children)
                {
                    if (e is YamlScalarNode { Value: not null } es && TryNumber(es.Value, out var x))
                    {
                        exclude.Add(x);
                    }
                    else
                    {
                        owner.Error(e, "bad-parameter", $"every excluded value of parameter '{name}' must be a number");
                    }
                }
            }

            if (min > max)
            {
                owner.Error(range, "bad-parameter", $"the range of parameter '{name}' is empty: {min} is above {max}");
                return null;
            }

            return new RangeParameter(name, min, max, step, exclude);
        }

        owner.Error(value, "bad-parameter", $"parameter '{name}' must be one of {{ range: [min, max] }} (with optional step and exclude), {{ choices: [...] }} or {{ compute: \"formula\" }}");
        return null;
    }

    private static bool TryNumber(string text, out Rational value)
    {
        var written = NumberReader.TryRead(text, out _);
        value = written?.Value ?? Rational.Zero;
        return written is not null;
    }
}
