#!/usr/bin/env bash
# Packs the five packages and proves them as a user would (issue 12; Exchange.Sending.Azure: pack and metadata only):
#   1. each .nupkg carries README.md, LICENSE, the MIT expression, the repository URL and commit, and has a .snupkg;
#   2. a new console app, restored through a generated nuget.config that takes Exchange.Sending* ONLY from the packed
#      folder (a fresh global packages folder, so no cached copy can stand in), registers a connection with DI and
#      sends to the bundled server (Exchange.Sending.Testing's FakeEwsServer, in the same app), and runs the health check
#      Exchange.Sending.HealthChecks registers for that connection once against the same server (it must be Healthy);
#   3. the exchange-send tool installs from that folder (dotnet tool install --tool-path ... --add-source ...) and runs
#      `send` to its bundled server, then `send --server-url` to an `exchange-send serve` it started, also on a .NET
#      root without ASP.NET Core (a real server needs only the .NET runtime), where the bundled server says it is missing.
# Prints one line per check and a summary in the form .ci/run sums ("Failed: 0, Passed: 9, Skipped: 0, Total: 9").
# Cleans up what it starts (by PID) and its temporary folder. Usage: bash .ci/package-smoke.sh [--keep]
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
keep=false
[ "${1:-}" = "--keep" ] && keep=true

started=$(date +%s)
tmp="$(mktemp -d /tmp/exchange-sending-smoke.XXXXXX)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null
    wait "$serve_pid" 2>/dev/null
  fi
  if [ "$keep" = true ]; then echo "package smoke: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  Passed package-smoke: $1"; }
fail() { failed=$((failed + 1)); echo "  Failed package-smoke: $1" >&2; }
summary() {
  local total=$((passed + failed))
  echo "package smoke took $(( $(date +%s) - started )) s"
  if [ "$failed" -eq 0 ]; then verdict="Passed!"; else verdict="Failed!"; fi
  echo "$verdict  - Failed: $failed, Passed: $passed, Skipped: 0, Total: $total - package smoke test"
  [ "$failed" -eq 0 ]
}

feed="$tmp/feed"
mkdir -p "$feed"
# No build servers: nothing of this script keeps running after it (MSBuild nodes, the Roslyn compiler server).
build_flags=(--disable-build-servers -nologo -v:q)

version="$(dotnet msbuild src/Exchange.Sending -getProperty:PackageVersion ${VERSION_SUFFIX:+-p:VersionSuffix=$VERSION_SUFFIX} 2>/dev/null | tr -d '[:space:]')"
if [ -z "$version" ]; then
  fail "read PackageVersion from Directory.Build.props"
  summary; exit 1
fi
echo "package smoke: version $version, folder $feed"

# 1. Pack. The tool's pack builds the tool, Exchange.Sending and Exchange.Sending.Testing in Release; the health checks'
# and the Azure adapter's packs build those packages (Exchange.Sending is up to date by then); the other two then pack
# without building again.
pack_ok=true
dotnet pack src/Exchange.Sending.Cli -c Release -o "$feed" "${build_flags[@]}" ${VERSION_SUFFIX:+--version-suffix "$VERSION_SUFFIX"} >"$tmp/pack.log" 2>&1 || pack_ok=false
dotnet pack src/Exchange.Sending.HealthChecks -c Release -o "$feed" "${build_flags[@]}" ${VERSION_SUFFIX:+--version-suffix "$VERSION_SUFFIX"} >>"$tmp/pack.log" 2>&1 || pack_ok=false
dotnet pack src/Exchange.Sending.Azure -c Release -o "$feed" "${build_flags[@]}" ${VERSION_SUFFIX:+--version-suffix "$VERSION_SUFFIX"} >>"$tmp/pack.log" 2>&1 || pack_ok=false
for p in Exchange.Sending Exchange.Sending.Testing; do
  dotnet pack "src/$p" -c Release --no-build -o "$feed" "${build_flags[@]}" ${VERSION_SUFFIX:+--version-suffix "$VERSION_SUFFIX"} >>"$tmp/pack.log" 2>&1 || pack_ok=false
done
if [ "$pack_ok" = true ]; then pass "dotnet pack of the five packages"; else cat "$tmp/pack.log" >&2; fail "dotnet pack of the five packages"; summary; exit 1; fi

for id in Exchange.Sending Exchange.Sending.Testing Exchange.Sending.HealthChecks Exchange.Sending.Azure Exchange.Sending.Cli; do
  nupkg="$feed/$id.$version.nupkg"
  if problems="$(python3 - "$nupkg" "$id" <<'EOF'
import re, sys, zipfile
path, pid = sys.argv[1], sys.argv[2]
problems = []
try:
    z = zipfile.ZipFile(path)
except Exception as e:
    print(f"cannot open {path}: {e}"); sys.exit(1)
names = set(z.namelist())
nuspec = z.read(f"{pid}.nuspec").decode("utf-8-sig")
for f in ("README.md", "LICENSE"):
    if f not in names: problems.append(f"{f} missing")
if "<readme>README.md</readme>" not in nuspec: problems.append("no <readme>")
if '<license type="expression">MIT</license>' not in nuspec: problems.append("no MIT license expression")
m = re.search(r'<repository type="git" url="(https://[^"]+)"[^>]*commit="([0-9a-f]{40})"', nuspec)
if not m: problems.append("no repository url and commit")
if pid == "Exchange.Sending.Cli" and '<packageType name="DotnetTool"' not in nuspec: problems.append("not a DotnetTool package")
readme = z.read("README.md").decode("utf-8")
if "--source" not in readme and "--add-source" not in readme: problems.append("README shows no local-folder install")
print("; ".join(problems) if problems else f"README, LICENSE, MIT, repository {m.group(1)} @ {m.group(2)[:7]}")
sys.exit(1 if problems else 0)
EOF
  )" && [ -f "$feed/$id.$version.snupkg" ]; then
    pass "$id.$version.nupkg ($(stat -c %s "$nupkg") bytes; $problems) and .snupkg ($(stat -c %s "$feed/$id.$version.snupkg") bytes)"
  else
    fail "$id.$version.nupkg: ${problems:-no .snupkg}"
  fi
done

# Restore sources: the packed folder for Exchange.Sending*, and for everything else this machine's own sources
# (its NuGet.Config's enabled sources; the global packages folder first, as a local feed, so dependencies come from
# disk where they are already there). Package source mapping keeps Exchange.Sending* to the packed folder alone.
global_packages="$(dotnet nuget locals global-packages --list 2>/dev/null | sed -nE 's/^global-packages: (.*)$/\1/p' | sed 's:/*$::')"
mapfile -t machine_sources < <(cd "$tmp" && dotnet nuget list source --format short 2>/dev/null | sed -nE 's/^E[[:space:]]+(.*)$/\1/p')
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"packed\" value=\"$feed\" />"
  [ -n "$global_packages" ] && [ -d "$global_packages" ] && echo "    <add key=\"machine-cache\" value=\"$global_packages\" />"
  i=0
  for s in "${machine_sources[@]}"; do i=$((i + 1)); echo "    <add key=\"machine-$i\" value=\"$s\" />"; done
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="packed"><package pattern="Exchange.Sending" /><package pattern="Exchange.Sending.*" /></packageSource>'
  [ -n "$global_packages" ] && [ -d "$global_packages" ] && echo '    <packageSource key="machine-cache"><package pattern="*" /></packageSource>'
  i=0
  for s in "${machine_sources[@]}"; do i=$((i + 1)); echo "    <packageSource key=\"machine-$i\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$tmp/consumer.nuget.config"   # not $tmp/nuget.config: the tool install below, in a folder under $tmp, would find it

# A fresh global packages folder: restore must take Exchange.Sending* from the packed folder, not from a cache.
export NUGET_PACKAGES="$tmp/packages"

# The bundled server validates requests against Microsoft's schema when it is beside the repository (and must under CI).
if [ -f ../shared/ews-schema/messages.xsd ]; then
  export EXCHANGE_SENDING_EWS_SCHEMA_DIR
  EXCHANGE_SENDING_EWS_SCHEMA_DIR="$(cd ../shared/ews-schema && pwd)"
fi

# 2. A new console app, outside the repository (no Directory.Build.props of ours applies).
app="$tmp/consumer"
mkdir -p "$app"
cp "$tmp/consumer.nuget.config" "$app/nuget.config"
cat >"$app/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Exchange.Sending" Version="$version" />
    <PackageReference Include="Exchange.Sending.Testing" Version="$version" />
    <PackageReference Include="Exchange.Sending.HealthChecks" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
  </ItemGroup>
</Project>
EOF
cat >"$app/Program.cs" <<'EOF'
// The README's "With DI" example, as a user's console app: the bundled server's port goes into configuration,
// the connection is registered with AddExchangeMailSenders and resolved through IExchangeMailSenderFactory; its health
// check (Exchange.Sending.HealthChecks) is registered with AddHealthChecks().AddExchangeConnections() and run once.
using Exchange.Sending;
using Exchange.Sending.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

await using var server = await FakeEwsServer.StartAsync(new FakeEwsServerOptions
{
    Users = { new FakeEwsUser("billing@contoso.com", "Billing") },
    RequireSchemaValidation = Environment.GetEnvironmentVariable("CI") == "true",
});
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration["Exchange:Connections:mail_main:ServerUrl"] = server.ServerUrl;
builder.Configuration["Exchange:Connections:mail_main:AllowInsecureHttp"] = "true";
builder.Configuration["Exchange:Connections:mail_main:SenderAddress"] = "billing@contoso.com";
builder.Services.AddExchangeMailSenders(builder.Configuration.GetSection("Exchange:Connections"));
builder.Services.AddHealthChecks().AddExchangeConnections();
using var host = builder.Build();
var sender = host.Services.GetRequiredService<IExchangeMailSenderFactory>().Get("mail_main");

var result = await sender.SendAsync(new ExchangeMailMessage
{
    Subject = "Package smoke test",
    Body = ExchangeMessageBody.Text("Sent from a console app restored from the packed folder."),
    To = { new ExchangeMailbox("alice@example.com", "Alice") },
    Attachments = { ExchangeAttachment.FromBytes("hello.txt", "hello"u8.ToArray(), "text/plain") },
});
var sent = await server.WaitForMessageAsync(TimeSpan.FromSeconds(10));
var ok = sent.Subject == "Package smoke test"
    && sent.ToRecipients.Count == 1 && sent.ToRecipients[0].Address == "alice@example.com"
    && sent.Attachments.Count == 1 && sent.Attachments[0].Name == "hello.txt";
Console.WriteLine($"{(ok ? "OK" : "WRONG")}: sent {result.InternetMessageId} as {result.MessageFormat}; the server received '{sent.Subject}' to {sent.ToRecipients[0].Address} with {sent.Attachments.Count} attachment(s); schema validation {(server.SchemaValidationEnabled ? "on" : "off")}");
if (!ok) return 1;

// The registered health checks, run once against the same server: exchange:mail_main alone, and Healthy.
var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
foreach (var (name, entry) in report.Entries)
{
    Console.WriteLine($"health {name}: {entry.Status} {entry.Description}");
}
var healthy = report.Status == HealthStatus.Healthy && report.Entries.Count == 1
    && report.Entries.TryGetValue("exchange:mail_main", out var check) && check.Status == HealthStatus.Healthy;
Console.WriteLine($"{(healthy ? "OK" : "WRONG")}: health report {report.Status} with {report.Entries.Count} check(s): {string.Join(", ", report.Entries.Keys)}");

// Exchange.Sending.Testing's README example, as packed (ReadmeExamples.cs, generated): it throws if its send fails.
await ExchangeSendingTestingReadme.RunAsync();
Console.WriteLine("OK: the Exchange.Sending.Testing README example ran");
return healthy ? 0 : 1;
EOF
# The first C# example of each library package's README, as packed, compiled into the app (Exchange.Sending's and
# Exchange.Sending.HealthChecks' only compiled: the first names mail.example.com, the second has no connection
# configured; Exchange.Sending.Testing's also run, against its own loopback server).
if ! python3 - "$feed" "$version" "$app/ReadmeExamples.cs" <<'PY'
import re, sys, zipfile
feed, version, out = sys.argv[1:4]
usings, classes = [], []
for pid, cls in (("Exchange.Sending", "ExchangeSendingReadme"), ("Exchange.Sending.Testing", "ExchangeSendingTestingReadme"),
                 ("Exchange.Sending.HealthChecks", "ExchangeSendingHealthChecksReadme")):
    readme = zipfile.ZipFile(f"{feed}/{pid}.{version}.nupkg").read("README.md").decode("utf-8")
    m = re.search(r"```csharp\n(.*?)```", readme, re.S)
    if not m:
        sys.exit(f"{pid}: README has no csharp example")
    body = []
    for line in m.group(1).splitlines():
        (usings if line.startswith("using ") and line.endswith(";") and "(" not in line else body).append(line)
    classes.append(f"internal static class {cls}\n{{\n    public static async Task RunAsync()\n    {{\n"
                   + "\n".join("        " + l if l else "" for l in body) + "\n    }\n}\n")
with open(out, "w") as f:
    f.write("\n".join(sorted(set(usings))) + "\n\n" + "\n".join(classes))
PY
then
  fail "extract the C# examples of the package READMEs"
fi
t0=$(date +%s)
if (cd "$app" && dotnet build -c Release "${build_flags[@]}" -p:UseSharedCompilation=false >"$tmp/consumer-build.log" 2>&1); then
  pass "console app restored and built from the packed folder ($(( $(date +%s) - t0 )) s)"
  # Where restore took each of our packages from (.nupkg.metadata "source").
  for id in exchange.sending exchange.sending.testing exchange.sending.healthchecks; do
    src="$(sed -nE 's/.*"source": "(.*)".*/\1/p' "$NUGET_PACKAGES/$id/$version/.nupkg.metadata" 2>/dev/null | sed 's:/*$::')"
    if [ "$src" = "$feed" ]; then pass "$id $version restored from the packed folder"; else fail "$id $version restored from '${src:-nowhere}', not $feed"; fi
  done
  out="$(cd "$app" && timeout 60 dotnet bin/Release/net10.0/Consumer.dll 2>&1)"
  rc=$?
  run_ok=true
  if printf '%s\n' "$out" | grep -q '^OK: sent'; then
    pass "console app sent through DI to the bundled server: $(printf '%s\n' "$out" | grep -E '^OK: sent' | head -1)"
  else
    run_ok=false; fail "console app send through DI to the bundled server"
  fi
  if printf '%s\n' "$out" | grep -q '^OK: health report Healthy'; then
    pass "AddHealthChecks().AddExchangeConnections() from the packed folder, run once against the bundled server: $(printf '%s\n' "$out" | grep -E '^health ' | head -1 | cut -c1-140)"
  else
    run_ok=false; fail "the registered Exchange health check is not Healthy against the bundled server"
  fi
  if printf '%s\n' "$out" | grep -q '^OK: the Exchange.Sending.Testing README example ran'; then
    pass "the package READMEs' C# examples compile, and Exchange.Sending.Testing's runs"
  else
    run_ok=false; fail "the Exchange.Sending.Testing README example did not run"
  fi
  if [ "$rc" -ne 0 ] || [ "$run_ok" != true ]; then
    printf 'console app exit %s:\n%s\n' "$rc" "$out" >&2
    [ "$rc" -ne 0 ] && [ "$run_ok" = true ] && fail "console app exited $rc"
  fi
else
  cat "$tmp/consumer-build.log" >&2
  fail "console app restore and build from the packed folder"
fi

# 3. The tool, as README.md shows it: installed from the folder into a tool path (from an empty folder, with the
# machine's own NuGet.Config plus --add-source), then run.
tools="$tmp/tools"
mkdir -p "$tmp/tool-install"
if (cd "$tmp/tool-install" && dotnet tool install --tool-path "$tools" --add-source "$feed" Exchange.Sending.Cli --version "$version" >"$tmp/tool-install.log" 2>&1) \
   && [ -d "$tools/.store/exchange.sending.cli/$version" ]; then
  pass "dotnet tool install --tool-path --add-source of Exchange.Sending.Cli $version"
  cd "$tmp"
  # The tool's temp folder (where send keeps an .eml copy of what the bundled server received) inside $tmp.
  export TMPDIR="$tmp"
  if out="$(timeout 60 "$tools/exchange-send" send --to "Alice <alice@example.com>" --subject "Tool smoke" --body "It works." --attach "$app/nuget.config" 2>&1)" \
     && printf '%s' "$out" | grep -q '^Sent <'; then
    pass "exchange-send send to its bundled server: $(printf '%s' "$out" | grep '^Sent <' | head -1 | cut -c1-110)"
  else
    printf '%s\n' "$out" >&2
    fail "exchange-send send to its bundled server"
  fi

  # A .NET root with Microsoft.NETCore.App alone (a copy: the runtime finds ASP.NET Core beside its real folder), as on
  # a machine without the ASP.NET Core runtime.
  bare="$tmp/dotnet-without-aspnetcore"
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  mkdir -p "$bare/shared" "$bare/host"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$bare/shared/"
  ln -s "$dotnet_root/host/fxr" "$bare/host/fxr"

  # `serve` in the background on a free port, then `send --server-url` to it as to a real server: with the full runtime,
  # and on the .NET runtime alone (a real server needs no ASP.NET Core).
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  "$tools/exchange-send" serve --port "$port" >"$tmp/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 150); do
    grep -q "Waiting for messages" "$tmp/serve.log" 2>/dev/null && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  for runtime in full bare; do
    if [ "$runtime" = bare ]; then root_env=(env "DOTNET_ROOT=$bare"); label="on the .NET runtime alone"; else root_env=(env); label="with ASP.NET Core"; fi
    subject="Tool smoke via serve, $runtime runtime"
    if out="$(timeout 60 "${root_env[@]}" "$tools/exchange-send" send --server-url "127.0.0.1:$port" --insecure-http --sender demo@example.com \
                --to bob@example.com --subject "$subject" --body "It works." 2>&1)" \
       && printf '%s' "$out" | grep -q '^Sent <'; then
      for _ in $(seq 1 30); do grep -q "$subject" "$tmp/serve.log" && break; sleep 0.1; done
      if grep -q "$subject" "$tmp/serve.log"; then
        pass "exchange-send send --server-url to exchange-send serve, $label (serve printed the message)"
      else
        cat "$tmp/serve.log" >&2
        fail "exchange-send serve did not print the message sent $label"
      fi
    else
      printf '%s\n' "$out" >&2
      cat "$tmp/serve.log" >&2
      fail "exchange-send send --server-url to exchange-send serve, $label"
    fi
  done
  # SIGTERM stops serve as Ctrl+C does (a background job of a script ignores SIGINT).
  kill -TERM "$serve_pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$serve_pid" 2>/dev/null
  wait "$serve_pid" 2>/dev/null
  serve_pid=""

  # Without ASP.NET Core the bundled server alone is out of reach, and says so (exit 1), before starting anything.
  out="$(DOTNET_ROOT="$bare" timeout 30 "$tools/exchange-send" send --to alice@example.com 2>&1)"
  rc=$?
  if [ "$rc" -eq 1 ] && printf '%s' "$out" | grep -q "the ASP.NET Core runtime .* is not installed"; then
    pass "on the .NET runtime alone, send to the bundled server exits 1 naming the missing ASP.NET Core runtime"
  else
    printf 'exit %s: %s\n' "$rc" "$out" >&2
    fail "on the .NET runtime alone, send to the bundled server: unexpected exit $rc"
  fi
  cd "$repo"
else
  cat "$tmp/tool-install.log" >&2
  fail "dotnet tool install --tool-path --add-source of Exchange.Sending.Cli $version"
fi

summary
