using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Exchange.Sending.Cli;

/// <summary>
/// The ASP.NET Core shared framework, loaded only for the bundled server. The tool's runtimeconfig names
/// Microsoft.NETCore.App alone (<c>DisableTransitiveFrameworkReferences</c> in the .csproj), so every command runs on
/// the .NET runtime and a send to a real server never needs ASP.NET Core. The bundled server (Exchange.Sending.Testing,
/// on Kestrel: <c>serve</c>, and <c>send</c> and <c>check</c> with no server configured) takes ASP.NET Core's
/// assemblies from the <c>Microsoft.AspNetCore.App</c> folder beside the running <c>Microsoft.NETCore.App</c>: the
/// same version when installed, else the newest of the same major version.
/// </summary>
internal static class AspNetCoreRuntime
{
    private const string FrameworkName = "Microsoft.AspNetCore.App";

    private static readonly Lock Gate = new();
    private static string? s_loadedFrom;

    /// <summary>
    /// Makes ASP.NET Core's assemblies loadable (once per process), before anything of the bundled server runs.
    /// </summary>
    /// <exception cref="CliInputException">The ASP.NET Core runtime of this major version is not installed.</exception>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (s_loadedFrom is not null)
            {
                return;
            }

            var found = Find(RuntimeEnvironment.GetRuntimeDirectory(), Environment.Version);
            if (found is null)
            {
                var release = $"{Environment.Version.Major}.{Environment.Version.Minor}";
                throw new CliInputException(
                    $"The bundled EWS server (serve, and send or check with no server configured) runs on ASP.NET Core, and the ASP.NET Core "
                    + $"runtime {release} ({FrameworkName}) is not installed beside .NET {Environment.Version}. Install it (for example the "
                    + $"package aspnetcore-runtime-{release}), or send through a real server with --server-url, which needs only the .NET runtime.");
            }

            s_loadedFrom = found;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                var path = Path.Combine(found, name.Name + ".dll");
                return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
            };
        }
    }

    /// <summary>
    /// The ASP.NET Core shared framework folder for a runtime, or null: <c>shared/Microsoft.AspNetCore.App/{version}</c>
    /// beside <c>shared/Microsoft.NETCore.App/{version}</c>, holding Microsoft.AspNetCore.dll; the runtime's own version
    /// first, else the newest of its major version.
    /// </summary>
    /// <param name="runtimeDirectory">The running runtime's folder (<see cref="RuntimeEnvironment.GetRuntimeDirectory"/>).</param>
    /// <param name="runtimeVersion">The running runtime's version.</param>
    internal static string? Find(string runtimeDirectory, Version runtimeVersion)
    {
        var versionFolder = Path.TrimEndingDirectorySeparator(runtimeDirectory);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(versionFolder));
        if (shared is null)
        {
            return null;
        }

        var framework = Path.Combine(shared, FrameworkName);
        if (!Directory.Exists(framework))
        {
            return null;
        }

        string? best = null;
        Version? bestVersion = null;
        foreach (var candidate in Directory.EnumerateDirectories(framework))
        {
            var name = Path.GetFileName(candidate);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (!Version.TryParse(dash < 0 ? name : name[..dash], out var version)
                || version.Major != runtimeVersion.Major
                || !File.Exists(Path.Combine(candidate, "Microsoft.AspNetCore.dll")))
            {
                continue;
            }

            if (version.Major == runtimeVersion.Major && version.Minor == runtimeVersion.Minor && version.Build == runtimeVersion.Build)
            {
                return candidate;
            }

            if (bestVersion is null || version > bestVersion)
            {
                best = candidate;
                bestVersion = version;
            }
        }

        return best;
    }
}
