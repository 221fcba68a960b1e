#!/usr/bin/env bash
# Windows authentication test environment: a throwaway MIT Kerberos realm on 127.0.0.1 plus an NTLM user
# file for gss-ntlmssp, all in one temporary folder. Nothing global is touched except the Debian packages.
#
# Sourced by .ci/run:
#     source .ci/windows-auth-env.sh      # installs packages if missing, starts the KDC, exports the environment,
#                                         # and chains winauth_env_stop onto the shell's EXIT trap
#     ...run the tests...
#     winauth_env_stop                    # optional: the EXIT trap does it too (kills the KDC by PID, removes the folder)
# Set WINAUTH_NO_TRAP=1 before sourcing to manage the stop yourself.
#
# By hand (prints the exports for eval; stop it again with the same variables in the environment):
#     eval "$(bash .ci/windows-auth-env.sh)"
#     bash .ci/windows-auth-env.sh stop
#
# Exported: KRB5_CONFIG KRB5_KDC_PROFILE KRB5_KTNAME KRB5CCNAME KRB5RCACHEDIR NTLM_USER_FILE (read by GSSAPI,
# so they must be set before the test process starts) and EXCHANGE_WINAUTH_* (read by the tests).
# Debugging: KRB5_TRACE=<file> and GSSNTLMSSP_DEBUG=<file> when running the tests.

WINAUTH_REALM="${WINAUTH_REALM:-EXCHANGE.TEST}"
WINAUTH_NTLM_DOMAIN="${WINAUTH_NTLM_DOMAIN:-EXCHANGE}"
WINAUTH_OFFLINE_REALM="${WINAUTH_OFFLINE_REALM:-OFFLINE.TEST}"
WINAUTH_PACKAGES="krb5-kdc krb5-admin-server krb5-user gss-ntlmssp"

winauth_log() { echo "windows-auth-env: $*" >&2; }

# True when nothing accepts TCP connections on 127.0.0.1:$1.
winauth_port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

winauth_pick_port() {
  local port tries=0
  while [ $tries -lt 50 ]; do
    port=$((20000 + RANDOM % 40000))
    if winauth_port_is_free "$port"; then echo "$port"; return 0; fi
    tries=$((tries + 1))
  done
  return 1
}

winauth_have_packages() {
  command -v krb5kdc >/dev/null 2>&1 && command -v kdb5_util >/dev/null 2>&1 &&
    command -v kadmin.local >/dev/null 2>&1 && command -v kinit >/dev/null 2>&1 &&
    dpkg -s gss-ntlmssp >/dev/null 2>&1
}

winauth_install_packages() {
  if winauth_have_packages; then return 0; fi
  if [ "$(id -u)" != "0" ]; then
    winauth_log "packages missing ($WINAUTH_PACKAGES) and not root: install them first"
    return 1
  fi
  winauth_log "installing $WINAUTH_PACKAGES"
  # krb5-admin-server's install script tries to start its service: a policy-rc.d answering 101 stops that.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  local rc=0
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $WINAUTH_PACKAGES >/dev/null 2>&1 || rc=$?
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ $rc != 0 ] || ! winauth_have_packages; then
    winauth_log "apt-get install $WINAUTH_PACKAGES failed (exit $rc)"
    return 1
  fi
}

winauth_write_config() { # dir port offline_port
  local dir=$1 port=$2 offline_port=$3
  cat > "$dir/krb5.conf" <<EOF
[libdefaults]
    default_realm = $WINAUTH_REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    default_ccache_name = FILE:$dir/ccache
    default_keytab_name = FILE:$dir/http.keytab
    kdc_timeout = 2000
    max_retries = 1

[realms]
    $WINAUTH_REALM = {
        kdc = 127.0.0.1:$port
    }
    # A realm whose KDC does not answer (nothing listens there): the "KDC down" case.
    $WINAUTH_OFFLINE_REALM = {
        kdc = 127.0.0.1:$offline_port
    }

[domain_realm]
    localhost = $WINAUTH_REALM
EOF
  cat > "$dir/kdc.conf" <<EOF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port

[realms]
    $WINAUTH_REALM = {
        database_name = $dir/principal
        key_stash_file = $dir/stash
        acl_file = $dir/kadm5.acl
        kdc_listen = 127.0.0.1:$port
        kdc_tcp_listen = 127.0.0.1:$port
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
        max_life = 10h
    }

[logging]
    kdc = FILE:$dir/kdc.log
    admin_server = FILE:$dir/kadmin.log
    default = FILE:$dir/krb5lib.log
EOF
  : > "$dir/kadm5.acl"
}

winauth_env_start() {
  if [ -n "${EXCHANGE_WINAUTH_KDC_PIDFILE:-}" ] && [ -s "$EXCHANGE_WINAUTH_KDC_PIDFILE" ] &&
     kill -0 "$(cat "$EXCHANGE_WINAUTH_KDC_PIDFILE")" 2>/dev/null; then
    winauth_log "already running (KDC pid $(cat "$EXCHANGE_WINAUTH_KDC_PIDFILE"), $EXCHANGE_WINAUTH_DIR)"
    return 0
  fi
  winauth_install_packages || return 1

  local dir user password port offline_port attempt started=0
  dir=$(mktemp -d "${TMPDIR:-/tmp}/exchange-winauth.XXXXXX") || return 1
  chmod 700 "$dir"
  user=alice
  password="Pw-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)"

  export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf"
  for attempt in 1 2 3 4 5; do
    port=$(winauth_pick_port) && offline_port=$(winauth_pick_port) || { winauth_log "no free port"; return 1; }
    [ "$port" = "$offline_port" ] && continue
    winauth_write_config "$dir" "$port" "$offline_port"
    if [ ! -e "$dir/principal" ]; then
      local master
      master=$(head -c 24 /dev/urandom | base64)
      kdb5_util create -s -r "$WINAUTH_REALM" -P "$master" >"$dir/setup.log" 2>&1 || { winauth_log "kdb5_util failed: $(cat "$dir/setup.log")"; return 1; }
      kadmin.local -r "$WINAUTH_REALM" -q "addprinc -pw $password $user" >>"$dir/setup.log" 2>&1 &&
        kadmin.local -r "$WINAUTH_REALM" -q "addprinc -randkey HTTP/localhost" >>"$dir/setup.log" 2>&1 &&
        kadmin.local -r "$WINAUTH_REALM" -q "ktadd -k $dir/http.keytab HTTP/localhost" >>"$dir/setup.log" 2>&1 ||
        { winauth_log "kadmin.local failed: $(cat "$dir/setup.log")"; return 1; }
    fi
    rm -f "$dir/kdc.pid"
    krb5kdc -r "$WINAUTH_REALM" -P "$dir/kdc.pid" >>"$dir/setup.log" 2>&1
    local waited=0
    while [ $waited -lt 50 ]; do
      if [ -s "$dir/kdc.pid" ] && ! winauth_port_is_free "$port"; then started=1; break; fi
      sleep 0.1; waited=$((waited + 1))
    done
    [ $started = 1 ] && break
    [ -s "$dir/kdc.pid" ] && kill "$(cat "$dir/kdc.pid")" 2>/dev/null
    winauth_log "KDC did not start on port $port (attempt $attempt)"
  done
  if [ $started != 1 ]; then winauth_log "KDC failed to start; see $dir/kdc.log"; return 1; fi

  # gss-ntlmssp's user file: DOMAIN:USER:PASSWORD, domain compared case-sensitively. The same account is
  # known under the NetBIOS-style domain and the realm, as Active Directory does.
  cat > "$dir/ntlm_users" <<EOF
# throwaway accounts for the Exchange.Sending Windows authentication tests
$WINAUTH_NTLM_DOMAIN:$user:$password
$WINAUTH_REALM:$user:$password
EOF
  chmod 600 "$dir/ntlm_users"

  export KRB5_KTNAME="FILE:$dir/http.keytab" KRB5CCNAME="FILE:$dir/ccache" KRB5RCACHEDIR="$dir"
  export NTLM_USER_FILE="$dir/ntlm_users"
  export EXCHANGE_WINAUTH_DIR="$dir" EXCHANGE_WINAUTH_KDC_PIDFILE="$dir/kdc.pid" EXCHANGE_WINAUTH_KDC_PORT="$port"
  export EXCHANGE_WINAUTH_REALM="$WINAUTH_REALM" EXCHANGE_WINAUTH_NTLM_DOMAIN="$WINAUTH_NTLM_DOMAIN"
  export EXCHANGE_WINAUTH_OFFLINE_REALM="$WINAUTH_OFFLINE_REALM"
  export EXCHANGE_WINAUTH_USER="$user" EXCHANGE_WINAUTH_PASSWORD="$password"
  winauth_log "realm $WINAUTH_REALM, KDC 127.0.0.1:$port (pid $(cat "$dir/kdc.pid")), folder $dir"
}

winauth_env_stop() {
  local pidfile="${EXCHANGE_WINAUTH_KDC_PIDFILE:-}" dir="${EXCHANGE_WINAUTH_DIR:-}" pid
  if [ -n "$pidfile" ] && [ -s "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      local waited=0
      while kill -0 "$pid" 2>/dev/null && [ $waited -lt 30 ]; do sleep 0.1; waited=$((waited + 1)); done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    fi
  fi
  case "$dir" in
    */exchange-winauth.*) rm -rf "$dir" ;;
  esac
  unset EXCHANGE_WINAUTH_KDC_PIDFILE EXCHANGE_WINAUTH_DIR
  return 0
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced.
  if winauth_env_start; then
    if [ "${WINAUTH_NO_TRAP:-0}" != "1" ]; then
      # Chain onto an existing EXIT trap instead of replacing it ("trap -p" prints: trap -- 'command' EXIT).
      winauth_trap_command() { printf '%s' "${3-}"; }
      winauth_previous_trap=$(eval "winauth_trap_command $(trap -p EXIT)")
      # shellcheck disable=SC2064
      trap "${winauth_previous_trap:+$winauth_previous_trap; }winauth_env_stop" EXIT
      unset winauth_previous_trap
    fi
  else
    winauth_log "environment NOT ready: Windows-auth tests will fail under CI=true"
  fi
else
  # Executed.
  case "${1:-start}" in
    start)
      winauth_env_start >&2 || exit 1
      for v in KRB5_CONFIG KRB5_KDC_PROFILE KRB5_KTNAME KRB5CCNAME KRB5RCACHEDIR NTLM_USER_FILE \
               EXCHANGE_WINAUTH_DIR EXCHANGE_WINAUTH_KDC_PIDFILE EXCHANGE_WINAUTH_KDC_PORT EXCHANGE_WINAUTH_REALM \
               EXCHANGE_WINAUTH_NTLM_DOMAIN EXCHANGE_WINAUTH_OFFLINE_REALM EXCHANGE_WINAUTH_USER EXCHANGE_WINAUTH_PASSWORD; do
        printf 'export %s=%q\n' "$v" "${!v}"
      done
      ;;
    stop) winauth_env_stop ;;
    *) echo "usage: $0 [start|stop]  (or source it)" >&2; exit 2 ;;
  esac
fi
