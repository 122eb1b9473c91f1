#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with a RADOS Gateway (S3) for RRBackup's tests.
#
#   scripts/s3-server.sh install              install the Debian packages (radosgw, ceph-mon, ceph-osd, ceph-common)
#   scripts/s3-server.sh start [DIR]          start mon + memstore OSD + radosgw with all state under DIR
#                                             (default: a fresh /dev/shm/rrbackup-s3-XXXXXX); writes DIR/s3.env;
#                                             prints DIR as the last line of stdout
#   scripts/s3-server.sh stop [DIR]           stop every daemon (by pid file) and remove DIR
#   scripts/s3-server.sh stop-gateway [DIR]   stop only radosgw (the OSD keeps the data)
#   scripts/s3-server.sh kill-gateway [DIR]   SIGKILL radosgw (a crash: in-flight requests just break)
#   scripts/s3-server.sh start-gateway [DIR]  start radosgw again and wait until S3 answers
#   scripts/s3-server.sh restart-gateway [DIR]
#   scripts/s3-server.sh status [DIR]         show which daemons run; exit 0 only when S3 answers
#
# DIR defaults to the folder recorded in /tmp/rrbackup-s3-current by the last start. Several clusters
# can run at once on different ports (set all three port variables); pass DIR to address the older ones.
#
# Environment:
#   RRBACKUP_S3_PORT          S3 port on 127.0.0.1 (default 7480)
#   RRBACKUP_S3_MON_PORT      monitor msgr2 port (default 3300); the msgr1 port is RRBACKUP_S3_MON_V1_PORT (default 6789)
#   RRBACKUP_S3_MEMSTORE_MB   RAM cap of the OSD's memstore in MiB (default 4096); writes fail near it
#   RRBACKUP_S3_TIMEOUT       seconds each wait may take before start fails (default 120)
#   RRBACKUP_S3_KEEP_ON_FAILURE=1  keep the state folder (and its logs) when start fails
#
# Source DIR/s3.env to get RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY, RRBACKUP_S3_SECRET_KEY, RRBACKUP_S3_DIR.
# Daemons log to DIR/log/*.log. They are stopped by the PIDs in DIR/run/*.pid, never by name.

set -Eeuo pipefail

readonly CURRENT_FILE=/tmp/rrbackup-s3-current
readonly MARKER=.rrbackup-s3
readonly ACCESS_KEY=rrbackup-test
readonly SECRET_KEY=rrbackup-test-secret
readonly S3_USER=rrbackup-test
readonly RGW_NAME=client.rgw.a

PORT="${RRBACKUP_S3_PORT:-7480}"
MON_PORT="${RRBACKUP_S3_MON_PORT:-3300}"
MON_V1_PORT="${RRBACKUP_S3_MON_V1_PORT:-6789}"
MEMSTORE_MB="${RRBACKUP_S3_MEMSTORE_MB:-4096}"
TIMEOUT="${RRBACKUP_S3_TIMEOUT:-120}"

log() { printf '[s3-server] %s\n' "$*" >&2; }
die() { printf '[s3-server] error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# --- install ---------------------------------------------------------------------------------------

cmd_install() {
    if command -v radosgw >/dev/null 2>&1 && command -v ceph-mon >/dev/null 2>&1 \
        && command -v ceph-osd >/dev/null 2>&1 && command -v ceph >/dev/null 2>&1; then
        log "Ceph is already installed ($(radosgw --version 2>/dev/null | head -n1))"
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || die "install needs root (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    local packages=(radosgw ceph-mon ceph-osd ceph-common)
    local out
    out=$(mktemp /tmp/rrbackup-s3-apt.XXXXXX)
    # Update the package lists only when apt does not know the packages yet.
    if ! apt-cache show "${packages[@]}" >/dev/null 2>&1; then
        log "apt-get update"
        if ! apt-get update -q >"$out" 2>&1; then
            cat "$out" >&2; rm -f "$out"; die "apt-get update failed"
        fi
    fi
    log "apt-get install ${packages[*]} (about a minute)"
    # No systemd here: apt prints 'Failed to connect to bus' and 'policy-rc.d denied execution'; harmless.
    if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >"$out" 2>&1; then
        tail -n 40 "$out" >&2; rm -f "$out"; die "apt-get install failed"
    fi
    grep -E '^(E:|W:)' "$out" | grep -v -e 'Failed to connect to bus' -e 'policy-rc.d' >&2 || true
    rm -f "$out"
    command -v radosgw >/dev/null 2>&1 || die "radosgw is still not on PATH after the install"
    log "installed $(radosgw --version 2>/dev/null | head -n1)"
}

# --- helpers ---------------------------------------------------------------------------------------

require_ceph() {
    local exe
    for exe in radosgw ceph-mon ceph-osd ceph ceph-authtool monmaptool radosgw-admin; do
        command -v "$exe" >/dev/null 2>&1 || die "$exe is not installed; run: $0 install"
    done
}

# The state folder of a running (or half-started) cluster: the argument, else the recorded one.
resolve_dir() {
    local dir="${1:-}"
    if [[ -z $dir ]]; then
        [[ -f $CURRENT_FILE ]] || die "no DIR given and $CURRENT_FILE does not exist (nothing started?)"
        dir=$(<"$CURRENT_FILE")
    fi
    [[ -d $dir ]] || die "$dir does not exist"
    dir=$(cd "$dir" && pwd -P)
    [[ -f $dir/$MARKER ]] || die "$dir is not a folder made by $0 (no $MARKER in it)"
    printf '%s\n' "$dir"
}

port_in_use() {
    # Anything listening on 127.0.0.1:PORT or on the wildcard address.
    ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q .
}

s3_answers() {
    # radosgw answers an anonymous GET / with 200 (an empty bucket list).
    curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null | grep -q '^[2-4][0-9][0-9]$'
}

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    local state
    state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

pid_of() {
    # pid_of DIR NAME: the PID in DIR/run/NAME.pid if that process is alive, else nothing.
    local file="$1/run/$2.pid" pid
    [[ -f $file ]] || return 1
    pid=$(tr -dc '0-9' <"$file")
    [[ -n $pid ]] && alive "$pid" || return 1
    printf '%s\n' "$pid"
}

# stop_daemon DIR NAME EXE [SIGNAL]: send SIGNAL (default TERM) to the PID from the pid file, wait,
# SIGKILL after 30 s.
stop_daemon() {
    local dir="$1" name="$2" exe="$3" signal="${4:-TERM}" pid i
    pid=$(pid_of "$dir" "$name") || { rm -f "$dir/run/$name.pid"; return 0; }
    # Guard against a recycled PID: the process must be the expected daemon using this folder.
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$exe"; then
        log "pid $pid in $dir/run/$name.pid is not $exe any more; not touching it"
        rm -f "$dir/run/$name.pid"
        return 0
    fi
    kill -"$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        log "$name (pid $pid) did not exit in 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            alive "$pid" || break
            sleep 0.1
        done
    fi
    rm -f "$dir/run/$name.pid"
}

# wait_for DESCRIPTION LOGFILE COMMAND...: poll COMMAND until it succeeds; after TIMEOUT seconds fail
# with the tail of LOGFILE.
wait_for() {
    local what="$1" logfile="$2"
    shift 2
    local deadline=$((SECONDS + TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "timed out after ${TIMEOUT} s waiting for $what; last lines of $logfile:"
            tail -n 30 "$logfile" >&2 2>/dev/null || true
            return 1
        fi
        sleep 0.5
    done
}

ceph_cli() { ceph --conf "$DIR/ceph.conf" --connect-timeout 10 "$@"; }

osd_is_up() { ceph_cli osd dump 2>/dev/null | grep -qE '^osd\.0 up'; }

write_env() {
    local endpoint="http://127.0.0.1:$PORT"
    cat >"$DIR/s3.env.tmp" <<EOF
RRBACKUP_S3_ENDPOINT=$endpoint
RRBACKUP_S3_ACCESS_KEY=$ACCESS_KEY
RRBACKUP_S3_SECRET_KEY=$SECRET_KEY
RRBACKUP_S3_DIR=$DIR
EOF
    mv -f "$DIR/s3.env.tmp" "$DIR/s3.env"
}

# The gateway's port, from the config written at start (restart must reuse it).
configured_port() {
    sed -n 's/^[[:space:]]*rgw frontends = beast endpoint=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1/ceph.conf" | head -n1
}

# --- start / stop ----------------------------------------------------------------------------------

start_gateway_in() {
    DIR="$1"
    PORT=$(configured_port "$DIR")
    [[ -n $PORT ]] || die "cannot read the gateway port from $DIR/ceph.conf"
    if pid_of "$DIR" "$RGW_NAME" >/dev/null; then
        log "radosgw is already running (pid $(pid_of "$DIR" "$RGW_NAME"))"
    else
        port_in_use "$PORT" && die "port $PORT is already in use; cannot start radosgw"
        radosgw --conf "$DIR/ceph.conf" -n "$RGW_NAME" </dev/null >>"$DIR/log/radosgw.out" 2>&1 \
            || { tail -n 30 "$DIR/log/$RGW_NAME.log" >&2 2>/dev/null || true; die "radosgw failed to start"; }
    fi
    wait_for "S3 on 127.0.0.1:$PORT" "$DIR/log/$RGW_NAME.log" s3_answers "$PORT" \
        || die "radosgw did not answer on 127.0.0.1:$PORT"
}

cmd_start() {
    require_ceph
    local given="${1:-}" created_dir=0
    local started=$SECONDS

    for p in "$PORT" "$MON_PORT" "$MON_V1_PORT"; do
        [[ $p =~ ^[0-9]+$ ]] || die "not a port number: $p"
        port_in_use "$p" && die "port $p is already in use (another cluster running? try: $0 stop)"
    done

    if [[ -n $given ]]; then
        mkdir -p "$given"
        [[ -z $(ls -A "$given") ]] || die "$given is not empty"
        DIR=$(cd "$given" && pwd -P)
    else
        DIR=$(mktemp -d /dev/shm/rrbackup-s3-XXXXXX)
        created_dir=1
    fi
    touch "$DIR/$MARKER"
    mkdir -p "$DIR"/{run,log,mon,osd,rgw,crash,tmp}

    # Anything failing from here on (set -e, die, a timeout, Ctrl-C) stops what was started.
    START_OK=0
    START_CREATED_DIR=$created_dir
    trap 'on_start_exit' EXIT
    trap 'exit 130' INT TERM

    local fsid osd_uuid
    fsid=$(</proc/sys/kernel/random/uuid)
    osd_uuid=$(</proc/sys/kernel/random/uuid)

    cat >"$DIR/ceph.conf" <<EOF
# Written by scripts/s3-server.sh: a throwaway single-node cluster for tests.
[global]
fsid = $fsid
mon initial members = a
mon host = [v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# Without these radosgw 16 loops on 'get_initial_auth_request returned -13'.
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
# One OSD: one replica, few PGs.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon max pg per osd = 1000
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail crit = 1
client mount timeout = 60
run dir = $DIR/run
admin socket = $DIR/run/\$cluster-\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
keyring = $DIR/keyring
log to stderr = false
err to stderr = false

[mon]
mon data = $DIR/mon/\$cluster-\$id

[osd]
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = $((MEMSTORE_MB * 1024 * 1024))

[$RGW_NAME]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DIR/rgw
rgw thread pool size = 64
EOF

    # Monitor.
    log "starting the monitor"
    ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >>"$DIR/log/setup.out" 2>&1
    monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]" \
        "$DIR/monmap" >>"$DIR/log/setup.out" 2>&1
    mkdir -p "$DIR/mon/ceph-a"
    ceph-mon --conf "$DIR/ceph.conf" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring" \
        >>"$DIR/log/setup.out" 2>&1
    ceph-mon --conf "$DIR/ceph.conf" -i a </dev/null >>"$DIR/log/mon.out" 2>&1
    wait_for "the monitor" "$DIR/log/mon.a.log" ceph_cli mon stat

    # OSD. memstore keeps objects in the OSD's memory: they survive gateway restarts, not OSD restarts.
    log "starting the OSD"
    ceph_cli osd new "$osd_uuid" 0 >>"$DIR/log/setup.out" 2>&1
    mkdir -p "$DIR/osd/ceph-0"
    ceph-osd --conf "$DIR/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$DIR/log/setup.out" 2>&1
    ceph-osd --conf "$DIR/ceph.conf" -i 0 </dev/null >>"$DIR/log/osd.out" 2>&1
    wait_for "osd.0 up" "$DIR/log/osd.0.log" osd_is_up

    # Gateway.
    log "starting radosgw on 127.0.0.1:$PORT"
    start_gateway_in "$DIR"

    log "creating the S3 user $S3_USER"
    radosgw-admin --conf "$DIR/ceph.conf" user create --uid "$S3_USER" --display-name "RRBackup tests" \
        --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >>"$DIR/log/setup.out" 2>&1

    write_env
    printf '%s\n' "$DIR" >"$CURRENT_FILE"
    START_OK=1
    trap - EXIT INT TERM
    log "ready in $((SECONDS - started)) s: http://127.0.0.1:$PORT (source $DIR/s3.env)"
    printf '%s\n' "$DIR"
}

on_start_exit() {
    local rc=$?
    [[ ${START_OK:-0} == 1 ]] && return 0
    start_failed "$START_CREATED_DIR"
    exit $((rc == 0 ? 1 : rc))
}

start_failed() {
    local created_dir="$1"
    trap - EXIT INT TERM
    log "start failed; stopping what was started (logs: $DIR/log)"
    for f in setup.out; do
        [[ -s $DIR/log/$f ]] && { log "last lines of $DIR/log/$f:"; tail -n 15 "$DIR/log/$f" >&2; }
    done
    stop_all_daemons "$DIR"
    if [[ $created_dir == 1 && -z ${RRBACKUP_S3_KEEP_ON_FAILURE:-} ]]; then
        rm -rf -- "$DIR"
    else
        log "state kept in $DIR"
    fi
}

stop_all_daemons() {
    local dir="$1"
    stop_daemon "$dir" "$RGW_NAME" radosgw
    stop_daemon "$dir" osd.0 ceph-osd
    stop_daemon "$dir" mon.a ceph-mon
}

cmd_stop() {
    local dir
    dir=$(resolve_dir "${1:-}")
    stop_all_daemons "$dir"
    rm -rf -- "$dir"
    if [[ -f $CURRENT_FILE && $(<"$CURRENT_FILE") == "$dir" ]]; then
        rm -f "$CURRENT_FILE"
    fi
    log "stopped and removed $dir"
}

cmd_stop_gateway() {
    local dir
    dir=$(resolve_dir "${1:-}")
    stop_daemon "$dir" "$RGW_NAME" radosgw
    log "radosgw stopped"
}

cmd_kill_gateway() {
    local dir
    dir=$(resolve_dir "${1:-}")
    stop_daemon "$dir" "$RGW_NAME" radosgw KILL
    log "radosgw killed"
}

cmd_start_gateway() {
    require_ceph
    local dir
    dir=$(resolve_dir "${1:-}")
    start_gateway_in "$dir"
    log "radosgw answers on 127.0.0.1:$PORT"
}

cmd_restart_gateway() {
    cmd_stop_gateway "${1:-}"
    cmd_start_gateway "${1:-}"
}

cmd_status() {
    local dir name rc=0
    dir=$(resolve_dir "${1:-}")
    for name in mon.a osd.0 "$RGW_NAME"; do
        if pid_of "$dir" "$name" >/dev/null; then
            echo "$name: running (pid $(pid_of "$dir" "$name"))"
        else
            echo "$name: stopped"
            rc=1
        fi
    done
    local port
    port=$(configured_port "$dir")
    if s3_answers "$port"; then echo "s3: http://127.0.0.1:$port answers"; else echo "s3: http://127.0.0.1:$port does not answer"; rc=1; fi
    return $rc
}

case "${1:-}" in
    install) shift; cmd_install "$@" ;;
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    stop-gateway) shift; cmd_stop_gateway "$@" ;;
    kill-gateway) shift; cmd_kill_gateway "$@" ;;
    start-gateway) shift; cmd_start_gateway "$@" ;;
    restart-gateway) shift; cmd_restart_gateway "$@" ;;
    status) shift; cmd_status "$@" ;;
    *) usage ;;
esac
