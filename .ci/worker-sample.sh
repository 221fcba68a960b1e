#!/usr/bin/env bash
# Runs samples/Exchange.Sending.WorkerSample once in loopback mode, as samples/README.md shows it (issue 12), and checks
# what it logged: the health check Healthy, the three sends (sent; refused with ErrorInvalidRecipients; outcome
# unknown, then found in Sent Items by FindSentMessageAsync), the same with the connection's ResolveUnknownOutcomes on
# (SendAsync resolves it itself), the console exporter's span and metric, and, without loopback and without a
# password, ValidateOnStart stopping the host before anything is sent. Each run stops by itself (--once) within a
# time-out. Prints one line per check and a summary in the form .ci/run sums ("Failed: 0, Passed: 7, Skipped: 0, ...").
# Usage: bash .ci/worker-sample.sh [--no-build]   (--no-build: the sample is already built, e.g. by dotnet test of the .sln)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date +%s)
project=samples/Exchange.Sending.WorkerSample
dll="$project/bin/Debug/net10.0/Exchange.Sending.WorkerSample.dll"
tmp="$(mktemp -d /tmp/es-worker-sample.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  Passed worker-sample: $1"; }
fail() { failed=$((failed + 1)); echo "  Failed worker-sample: $1" >&2; }
summary() {
  local total=$((passed + failed))
  echo "worker sample took $(( $(date +%s) - started )) s"
  if [ "$failed" -eq 0 ]; then verdict="Passed!"; else verdict="Failed!"; fi
  echo "$verdict  - Failed: $failed, Passed: $passed, Skipped: 0, Total: $total - worker sample"
  [ "$failed" -eq 0 ]
}

if [ "${1:-}" != "--no-build" ] || [ ! -f "$dll" ]; then
  if ! dotnet build "$project" --disable-build-servers -nologo -v:q -p:UseSharedCompilation=false >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log" >&2
    fail "build $project"
    summary; exit 1
  fi
fi

# run NAME SECONDS ARGS...: the sample's output in $tmp/NAME.log, its exit code in $tmp/NAME.rc. The dll directly (not
# dotnet run), so that the time-out ends the sample itself and no build runs again.
run() {
  local name=$1 seconds=$2
  shift 2
  local t0
  t0=$(date +%s)
  timeout --kill-after=5 "$seconds" dotnet "$dll" "$@" >"$tmp/$name.log" 2>&1
  echo $? >"$tmp/$name.rc"
  echo $(( $(date +%s) - t0 )) >"$tmp/$name.s"
}
has() { grep -qE "$2" "$tmp/$1.log"; }
show() { echo "--- $1 (exit $(cat "$tmp/$1.rc")):" >&2; grep -vE '^\s|^Activity\.|^Resource|^Instrumentation|^Metric|^\(|^Value' "$tmp/$1.log" | cut -c1-300 >&2; }

# 1. Loopback, once: the library's own lookup path (Sample:FindUnknownOutcomes, FindSentMessageAsync).
run loopback 30 --loopback --once
if [ "$(cat "$tmp/loopback.rc")" = 0 ] && has loopback 'Sample done \(as expected\); exit code 0'; then
  pass "--loopback --once exited 0 in $(cat "$tmp/loopback.s") s: $(grep -oE 'Sample summary: .*' "$tmp/loopback.log")"
else
  show loopback; fail "--loopback --once exited $(cat "$tmp/loopback.rc"), not 0"
fi
if has loopback 'Health exchange:mail_main: Healthy' && has loopback 'Health report: Healthy with 1 check'; then
  pass "AddHealthChecks().AddExchangeConnections(): exchange:mail_main Healthy against the bundled server"
else
  fail "the health check exchange:mail_main was not logged Healthy"
fi
if has loopback 'Send 1/3: sent ' && has loopback 'Send 2/3: failed with response code ErrorInvalidRecipients' \
   && has loopback 'Send 3/3: outcome unknown for Message-ID <[^>]+>' && has loopback 'Send 3: looked up <[^>]+> in Sent Items: Sent\.'; then
  pass "sends logged: sent, failed with ErrorInvalidRecipients, outcome unknown with its Message-ID then found by FindSentMessageAsync"
else
  show loopback; fail "the three sends were not logged as sent / failed with its ResponseCode / outcome unknown then found"
fi
if has loopback 'Activity.DisplayName: +sample send' && has loopback 'Metric Name: sample.sends' && has loopback 'Name: Exchange.Sending.WorkerSample'; then
  pass "OpenTelemetry console exporter printed the sample's spans and its sample.sends metric"
else
  fail "the console exporter printed no span or metric of the sample"
fi
if has loopback 'schema validation on'; then
  pass "the bundled server validated every request against Microsoft's EWS schema ($(grep -oE 'schema validation on \([^)]*\)' "$tmp/loopback.log"))"
elif [ "${CI:-}" = true ]; then
  fail "under CI=true the bundled server ran without the EWS schema"
else
  pass "ran without the EWS schema (no ../shared/ews-schema here; under CI=true this fails)"
fi

# 2. The connection's ResolveUnknownOutcomes on: SendAsync looks the message up itself (OutcomeResolution).
run resolve 30 --loopback --once --Exchange:Connections:mail_main:ResolveUnknownOutcomes=true
if [ "$(cat "$tmp/resolve.rc")" = 0 ] && has resolve 'Send 3/3: <[^>]+> had an unknown outcome; SendAsync resolved it: FoundInSentItems'; then
  pass "with ResolveUnknownOutcomes=true SendAsync resolved the third send itself (FoundInSentItems), exit 0 in $(cat "$tmp/resolve.s") s"
else
  show resolve; fail "with ResolveUnknownOutcomes=true: exit $(cat "$tmp/resolve.rc") or no FoundInSentItems"
fi

# 3. appsettings.json as shipped (Windows authentication, no password): ValidateOnStart stops the host, exit 1.
run invalid 30 --once
if [ "$(cat "$tmp/invalid.rc")" = 1 ] && has invalid "Invalid settings \(1\); nothing was sent" && has invalid "mail_main': Password is empty but UserName is set"; then
  pass "without --loopback and without a password, ValidateOnStart stopped the host naming Password (exit 1)"
else
  show invalid; fail "without --loopback and a password: exit $(cat "$tmp/invalid.rc"), expected 1 with the Password failure"
fi

summary
