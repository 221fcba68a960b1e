namespace Exchange.Sending.Testing;

/// <summary>Which rule of <see cref="EwsSchemaLocator"/> produced an <see cref="EwsSchemaLocation"/>.</summary>
public enum EwsSchemaSource
{
    /// <summary>No folder holding <c>messages.xsd</c> and <c>types.xsd</c> was found.</summary>
    None,

    /// <summary>The <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c> environment variable (<see cref="EwsSchemaLocator.EnvironmentVariable"/>).</summary>
    EnvironmentVariable,

    /// <summary>An <c>[assembly: AssemblyMetadata("EwsSchemaDirectory", …)]</c> attribute of a hint assembly (<see cref="EwsSchemaLocator.AssemblyMetadataKey"/>).</summary>
    AssemblyMetadata,

    /// <summary>A <c>shared/ews-schema</c> folder found walking up from the current directory or the application's base directory.</summary>
    ParentFolder,
}
