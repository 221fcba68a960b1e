using System.Text;

namespace Exchange.Sending.Testing;

/// <summary>
/// The outcome of an <see cref="EwsSchemaLocator"/> search: the folder found (or null), which rule found it, and every
/// place that was looked at, for messages such as a skipped test's reason.
/// </summary>
public sealed class EwsSchemaLocation
{
    private readonly IReadOnlyList<string> _notes;

    internal EwsSchemaLocation(string? directory, EwsSchemaSource source, IReadOnlyList<string> searchedPaths, IReadOnlyList<string> notes)
    {
        Directory = directory;
        Source = source;
        SearchedPaths = searchedPaths;
        _notes = notes;
    }

    /// <summary>The full path of a folder holding both <c>messages.xsd</c> and <c>types.xsd</c>; null when none was found.</summary>
    public string? Directory { get; }

    /// <summary>True when <see cref="Directory"/> is not null.</summary>
    public bool Found => Directory is not null;

    /// <summary>The rule that found <see cref="Directory"/>; <see cref="EwsSchemaSource.None"/> when nothing was found.</summary>
    public EwsSchemaSource Source { get; }

    /// <summary>
    /// Every candidate folder that was examined, as full paths in the order they were examined (the search stops at the
    /// first usable one, which is then the last entry).
    /// </summary>
    public IReadOnlyList<string> SearchedPaths { get; }

    /// <summary>
    /// One line for people: where the schema was found and by which rule, or that none was found, where each rule
    /// looked, what was wrong with the folders that exist, and how to point at the schema.
    /// </summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Directory is not null)
        {
            text.Append("EWS schema found at ").Append(Directory).Append(" (").Append(_notes[^1]).Append(").");
            return text.ToString();
        }

        text.Append("No EWS schema folder (one holding messages.xsd and types.xsd) was found; looked at: ");
        text.AppendJoin("; ", _notes);
        text.Append(". Set ").Append(EwsSchemaLocator.EnvironmentVariable)
            .Append(" to a folder holding Microsoft's messages.xsd and types.xsd, or keep one in a shared/ews-schema folder above the working directory.");
        return text.ToString();
    }

    /// <inheritdoc cref="Describe"/>
    public override string ToString() => Describe();
}
