#!/usr/bin/env bash
# gromox interop test environment: builds grommunio gromox 3.10 with the kit in ../shared/gromox (cached outside the
# repository in /var/cache/exchange-sending; a cache hit takes well under a second) and starts one instance on
# 127.0.0.1 in a new temporary GROMOX_HOME, for tests/Exchange.Sending.Interop.Tests.
#
# Sourced by .ci/run from the repository root:
#     source .ci/gromox-env.sh      # builds (or finds the cached build), starts an instance, exports GROMOX_*,
#                                   # and chains gromox_env_stop onto the shell's EXIT trap
#     ...run the tests...
#     gromox_env_stop               # optional: the EXIT trap does it too (stop.sh by recorded PIDs, removes the folder)
# Set GROMOX_ENV_NO_TRAP=1 before sourcing to manage the stop yourself.
#
# By hand (prints the exports for eval; stop it again with the same variables in the environment):
#     eval "$(bash .ci/gromox-env.sh)"
#     bash .ci/gromox-env.sh stop
#
# Never fails the caller: when the build or the start fails it says why, leaves GROMOX_EWS_URL unset and exports
# GROMOX_ENV_PROBLEM (the interop tests then fail under CI=true and quote it, or skip locally).
# Only one gromox instance can run per machine (gromox hard-codes /run/gromox; a second `delivery` dies on
# /run/gromox/da-runcheck). If one is already running, it is reused when it answers EWS as user1 (and left running),
# otherwise nothing is started and the reason is given.
#
# Exported: GROMOX_HOME GROMOX_PREFIX GROMOX_EWS_PORT GROMOX_MYSQL_PORT GROMOX_EXMDB_PORT GROMOX_LDA_PORT
# GROMOX_TIMER_PORT GROMOX_EWS_URL (what setup.sh prints), GROMOX_ENV_STARTED (1 when this script started the instance).

GROMOX_ENV_KIT="${GROMOX_ENV_KIT:-../shared/gromox}"

gromox_env_log() { echo "gromox-env: $*" >&2; }

# True when nothing accepts TCP connections on 127.0.0.1:$1.
gromox_env_port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets gromox_env_port to a free port: $1 when free, else a random one; never one already in $gromox_env_taken.
# (No command substitution: the list of ports taken must survive between calls.)
gromox_env_pick_port() {
  local port=$1 tries=0
  while [ $tries -lt 50 ]; do
    case " ${gromox_env_taken:-} " in *" $port "*) ;; *)
      if gromox_env_port_is_free "$port"; then gromox_env_taken="${gromox_env_taken:-} $port"; gromox_env_port=$port; return 0; fi ;;
    esac
    port=$((20000 + RANDOM % 40000)); tries=$((tries + 1))
  done
  return 1
}

# A running gromox `delivery` listens on the unix socket /run/gromox/da-runcheck (a second one refuses to start).
# Prints its PID(s) ("?" when ss cannot tell), nothing when no one listens there.
gromox_env_runcheck_holders() {
  [ -S /run/gromox/da-runcheck ] || return 0
  # /proc/net/unix: flags 00010000 = listening; the last column is the bound path
  awk '$4 == "00010000" && $NF == "/run/gromox/da-runcheck" { found = 1 } END { exit !found }' /proc/net/unix 2>/dev/null || return 0
  local pids=""
  if command -v ss >/dev/null 2>&1; then
    pids=$(ss -xlpnH 2>/dev/null | grep -F '/run/gromox/da-runcheck' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\n' ' ')
  fi
  echo "${pids:-?}"
}

# EWS answers GetFolder(inbox) as user1 on $1 (the URL).
gromox_env_answers() {
  [ -f "$GROMOX_ENV_KIT/soap/getfolder_inbox.xml" ] || return 1
  [ "$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 5 -u user1@example.test:Passw0rd1 \
    -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$GROMOX_ENV_KIT/soap/getfolder_inbox.xml" "$1" 2>/dev/null)" = 200 ]
}

gromox_env_fail() {
  export GROMOX_ENV_PROBLEM="$*"
  gromox_env_log "$* - gromox interop tests will fail under CI=true"
  return 1
}

gromox_env_start() {
  unset GROMOX_EWS_URL GROMOX_ENV_PROBLEM GROMOX_ENV_STARTED
  if [ ! -x "$GROMOX_ENV_KIT/build.sh" ] || [ ! -x "$GROMOX_ENV_KIT/setup.sh" ]; then
    gromox_env_fail "the gromox kit is missing ($GROMOX_ENV_KIT/build.sh, setup.sh; expected ../shared/gromox beside the repository)"
    return 1
  fi
  GROMOX_ENV_KIT=$(cd "$GROMOX_ENV_KIT" && pwd)
  command -v curl >/dev/null 2>&1 || { gromox_env_fail "curl is not installed"; return 1; }

  # 1. build (cache hit: < 1 s; from scratch: 5-11 min on 2 cores plus apt-get)
  local log started=$SECONDS prefix
  log=$(mktemp "${TMPDIR:-/tmp}/gromox-build.XXXXXX.log")
  gromox_env_log "building gromox with $GROMOX_ENV_KIT/build.sh (log: $log)"
  if ! "$GROMOX_ENV_KIT/build.sh" >"$log" 2>&1 </dev/null; then
    gromox_env_log "build.sh failed after $((SECONDS - started)) s; last lines of $log:"
    tail -n 25 "$log" >&2
    gromox_env_fail "gromox build failed (see $log)"
    return 1
  fi
  prefix=$(sed -n 's/^GROMOX_PREFIX=//p' "$log" | tail -n 1)
  [ -n "$prefix" ] || { gromox_env_fail "build.sh printed no GROMOX_PREFIX (see $log)"; return 1; }
  gromox_env_log "build ready in $((SECONDS - started)) s: $prefix"

  # 2. one instance per machine: reuse a running one that answers, else explain
  local holders
  holders=$(gromox_env_runcheck_holders)
  if [ -n "${holders// /}" ]; then
    local last="" env_file=""
    [ -f "$prefix/last-home" ] && last=$(cat "$prefix/last-home")
    [ -n "$last" ] && [ -f "$last/env.sh" ] && env_file="$last/env.sh"
    if [ -n "$env_file" ] && (. "$env_file" && gromox_env_answers "$GROMOX_EWS_URL"); then
      # shellcheck disable=SC1090
      . "$env_file"
      export GROMOX_HOME GROMOX_PREFIX GROMOX_EWS_PORT GROMOX_MYSQL_PORT GROMOX_EXMDB_PORT GROMOX_LDA_PORT GROMOX_TIMER_PORT GROMOX_EWS_URL
      gromox_env_log "a gromox instance is already running (delivery pid(s) ${holders% }, holding /run/gromox/da-runcheck);" \
        "reusing it: $GROMOX_HOME, EWS $GROMOX_EWS_URL (it is left running)"
      return 0
    fi
    gromox_env_fail "another gromox instance is running on this machine (delivery pid(s) ${holders% } hold /run/gromox/da-runcheck) and its EWS does not answer as user1; only one instance can run at a time - stop it with its GROMOX_HOME and ../shared/gromox/stop.sh"
    return 1
  fi

  # 3. a new instance on free ports (the defaults when free) in a new folder
  local ews mysql exmdb lda timer home out
  local gromox_env_taken="" gromox_env_port=""
  gromox_env_pick_port "${GROMOX_EWS_PORT:-18080}" && ews=$gromox_env_port &&
    gromox_env_pick_port "${GROMOX_MYSQL_PORT:-13306}" && mysql=$gromox_env_port &&
    gromox_env_pick_port "${GROMOX_EXMDB_PORT:-15000}" && exmdb=$gromox_env_port &&
    gromox_env_pick_port "${GROMOX_LDA_PORT:-12525}" && lda=$gromox_env_port &&
    gromox_env_pick_port "${GROMOX_TIMER_PORT:-16666}" && timer=$gromox_env_port ||
    { gromox_env_fail "no free ports found"; return 1; }
  home=$(mktemp -d "${TMPDIR:-/tmp}/gromox-home.XXXXXX") || { gromox_env_fail "mktemp failed"; return 1; }
  out="$home.env"
  gromox_env_log "starting gromox in $home (EWS $ews, MariaDB $mysql, exmdb $exmdb, LDA $lda)"
  if ! GROMOX_PREFIX="$prefix" GROMOX_HOME="$home" GROMOX_EWS_PORT=$ews GROMOX_MYSQL_PORT=$mysql GROMOX_EXMDB_PORT=$exmdb \
      GROMOX_LDA_PORT=$lda GROMOX_TIMER_PORT=$timer "$GROMOX_ENV_KIT/setup.sh" >"$out" 2>"$home.setup.log" </dev/null; then
    tail -n 15 "$home.setup.log" >&2
    if grep -q da-runcheck "$home.setup.log" 2>/dev/null; then
      gromox_env_fail "setup.sh failed: another gromox delivery holds /run/gromox/da-runcheck (one instance per machine); logs in $home/log"
    else
      gromox_env_fail "setup.sh failed (see $home.setup.log and $home/log)"
    fi
    return 1
  fi
  # setup.sh's stdout is only `export NAME=value` lines
  # shellcheck disable=SC1090
  . "$out"
  export GROMOX_ENV_STARTED=1
  gromox_env_log "ready in $((SECONDS - started)) s: EWS $GROMOX_EWS_URL (users user1..3@example.test / Passw0rd1..3), logs in $GROMOX_HOME/log"
}

# Stops the instance this script started (by the PIDs setup.sh recorded) and removes its folder; a reused one is left alone.
gromox_env_stop() {
  if [ "${GROMOX_ENV_STARTED:-}" = 1 ] && [ -n "${GROMOX_HOME:-}" ] && [ -d "$GROMOX_HOME/run" ]; then
    GROMOX_HOME="$GROMOX_HOME" "$GROMOX_ENV_KIT/stop.sh" >&2 || gromox_env_log "stop.sh failed for $GROMOX_HOME"
    case "$GROMOX_HOME" in
      */gromox-home.*) rm -rf "$GROMOX_HOME" "$GROMOX_HOME.env" "$GROMOX_HOME.setup.log" ;;
    esac
  fi
  unset GROMOX_ENV_STARTED
  return 0
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced.
  if gromox_env_start; then
    if [ "${GROMOX_ENV_NO_TRAP:-0}" != "1" ] && [ "${GROMOX_ENV_STARTED:-}" = 1 ]; then
      # Chain onto an existing EXIT trap instead of replacing it ("trap -p" prints: trap -- 'command' EXIT).
      gromox_env_trap_command() { printf '%s' "${3-}"; }
      gromox_env_previous_trap=$(eval "gromox_env_trap_command $(trap -p EXIT)")
      # shellcheck disable=SC2064
      trap "${gromox_env_previous_trap:+$gromox_env_previous_trap; }gromox_env_stop" EXIT
      unset gromox_env_previous_trap
    fi
  else
    unset GROMOX_EWS_URL
  fi
else
  # Executed.
  case "${1:-start}" in
    start)
      gromox_env_start || exit 1
      for v in GROMOX_HOME GROMOX_PREFIX GROMOX_EWS_PORT GROMOX_MYSQL_PORT GROMOX_EXMDB_PORT GROMOX_LDA_PORT \
               GROMOX_TIMER_PORT GROMOX_EWS_URL GROMOX_ENV_STARTED; do
        if [ -n "${!v:-}" ]; then printf 'export %s=%q\n' "$v" "${!v}"; fi
      done
      ;;
    stop) gromox_env_stop ;;
    *) echo "usage: $0 [start|stop]  (or source it)" >&2; exit 2 ;;
  esac
fi
