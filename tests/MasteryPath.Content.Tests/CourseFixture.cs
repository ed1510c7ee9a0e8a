namespace MasteryPath.Content.Tests;

/// <summary>A small valid course written to a fresh temporary folder; tests break it one way at a time.</summary>
internal sealed class CourseFixture : IDisposable
{
    public CourseFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "mp-course-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "skills"));
        Directory.CreateDirectory(Path.Combine(Root, "items"));
        Directory.CreateDirectory(Path.Combine(Root, "tasks"));
        Write("course.yaml", """
            id: fixture
            title: Fixture course
            description: A tiny course for tests.
            version: 0.1.0
            mastery:
              check-items: 3
              practice-variants: 5
            units:
              - id: basics
                title: Basics
            """);
        Skill("counting", []);
        Skill("adding", ["counting"]);
        Skill("multiplying", ["adding"]);
        Items("counting", "c1", "a + b", "a + b - 1");
        Items("adding", "a1", "a + b", "a * b");
        Items("multiplying", "m1", "a * b", "a + b");
        Write("tasks/poster.yaml", """
            id: poster
            title: Make a poster
            skills: [multiplying]
            prompt: Draw a poster that explains multiplication as repeated addition.
            criteria:
              - id: accuracy
                title: Accuracy
                passing: 2
                levels:
                  - { score: 1, label: Not yet, description: Has errors. }
                  - { score: 2, label: Meets, description: Correct. }
            """);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text) => File.WriteAllText(PathOf(relative), text.ReplaceLineEndings("\n") + "\n");

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public void Replace(string relative, string from, string to)
    {
        var text = Read(relative);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(PathOf(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Skill(string id, string[] prerequisites, string? objective = "Counts, adds and multiplies small whole numbers accurately.") =>
        Write($"skills/{id}.md", $"""
            ---
            id: {id}
            title: {id}
            objective: {objective}
            unit: basics
            prerequisites: [{string.Join(", ", prerequisites)}]
            ---
            # Lesson

            Explanation with $\frac{"{1}"}{"{2}"} + 1$.

            ## Worked example

            Step one.

            # Corrective

            Another way to see it.

            # Enrichment

            A challenge.
            """);

    public void Items(string skill, string id, string answer, string misconception) =>
        Write($"items/{skill}.yaml", $"""
            skill: {skill}
            templates:
              - id: {id}
                kind: numeric
                parameters:
                  a: {"{ range: [2, 9] }"}
                  b: {"{ range: [2, 9] }"}
                constraints:
                  - "a != b"
                prompt: 'Compute with $[[a]]$ and $[[b]]$.'
                answer: "{answer}"
                verify:
                  - "answer == {answer}"
                hints:
                  - "Think."
                solution: "The answer is [[{answer}]]."
                misconceptions:
                  - answer: "{misconception}"
                    feedback: "A common slip."
            """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
