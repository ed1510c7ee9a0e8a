namespace MasteryPath.Content.Importing.Qti;

/// <summary>A single QTI 2.x or 3.0 item file (an assessmentItem as the root element).</summary>
public abstract class QtiItemFormat : IQuestionBankFormat
{
    public abstract string Name { get; }

    /// <summary>The XML namespaces of this version.</summary>
    protected abstract IReadOnlyList<string> Namespaces { get; }

    /// <summary>The root element's local name in this version.</summary>
    protected abstract string RootName { get; }

    public bool Recognizes(string fileName, string head)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(head);
        return fileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
            && head.Contains("<" + RootName, StringComparison.Ordinal)
            && Namespaces.Any(n => head.Contains(n, StringComparison.Ordinal));
    }

    public QuestionBank Read(string displayName, string text, Func<string, byte[]?> resolveFile)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolveFile);
        var bank = new QuestionBank();
        var document = QtiXml.Load(text, displayName, bank.Problems);
        if (document?.Root is not { } root)
        {
            return bank;
        }

        var source = new QtiSource(displayName, Path.GetFileName(displayName), resolveFile, bank);
        if (root.Name.LocalName != RootName || !Namespaces.Contains(root.Name.NamespaceName))
        {
            source.Problem(root, root.Name.LocalName, $"not a {Name} item: the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}");
            return bank;
        }

        QtiItemReader.Read(root, source);
        return bank;
    }
}

/// <summary>QTI 2.1 and 2.2 items (<c>assessmentItem</c>).</summary>
public sealed class Qti2Format : QtiItemFormat
{
    public override string Name => "QTI 2.1";

    protected override IReadOnlyList<string> Namespaces { get; } = [QtiXml.Qti21Namespace, QtiXml.Qti22Namespace];

    protected override string RootName => "assessmentItem";
}

/// <summary>QTI 3.0 items (<c>qti-assessment-item</c>).</summary>
public sealed class Qti3Format : QtiItemFormat
{
    public override string Name => "QTI 3.0";

    protected override IReadOnlyList<string> Namespaces { get; } = [QtiXml.Qti3Namespace];

    protected override string RootName => "qti-assessment-item";
}
