namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// The operations the server emulates, by body element name. Any other body element is skipped while reading (still
/// validated); a schema-valid operation not listed here is answered with <c>ErrorInvalidRequest</c>.
/// </summary>
internal static class EwsServerOperations
{
    private static readonly Dictionary<string, IEwsServerOperation> ByName = new IEwsServerOperation[]
    {
        new CreateItemOperation(),
        new CreateAttachmentOperation(),
        new SendItemOperation(),
        new DeleteItemOperation(),
        new GetFolderOperation(),
        new FindItemOperation(),
        new ResolveNamesOperation(),
    }.ToDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>The operation named <paramref name="name"/> (case-sensitive, as XML names), or null.</summary>
    public static IEwsServerOperation? Find(string name) => ByName.GetValueOrDefault(name);
}
