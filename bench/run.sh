#!/usr/bin/env bash
# RRBackup's benchmark kit: RRBackup against restic, rclone and the floors of the machine.
#
#   bench/run.sh [options]
#
#   --datasets LIST     comma-separated: tiny, small, many, large (default: small)
#   --runs N            runs of every measurement; medians are printed (default: 3)
#   --work DIR          work folder, removed at the end (default: a new /var/tmp/rrbackup-bench-XXXXXX)
#   --out DIR           where results.tsv and report.txt are kept (default: /tmp/rrbackup-bench-results-DATE)
#   --tools LIST        comma-separated subset of: rrb-local, rrb-crypt, rrb-s3, restic, rclone-local,
#                       rclone-s3, rclone-s3v (default: all)
#   --no-s3             leave out rrb-s3, rclone-s3 and rclone-s3v (no S3 server needed)
#   --concurrency N     S3 transfers at once: RRBackup's [s3] concurrency and rclone's --transfers (default: 8)
#   --history-commits N the history scenario's commits (default: 1000; 0 skips the scenario)
#   --verify MODE       compare restored trees with the source: first (the first run, default), all, none
#   --drop-caches       drop the page cache before every measurement (cold cache; needs root, slows everything)
#   --no-install        do not apt-get install restic, rclone and strace
#   --no-build          do not build RRBackup and the kit (use the existing Release builds)
#   --keep              keep the work folder
#
# Every operation is measured for every tool before the next operation starts, in an order that rotates
# from run to run, so that drift of the (shared, 2-core) machine spreads over all tools alike. Wall times
# come from bash's EPOCHREALTIME around the process, peak RSS from /usr/bin/time -v's "Maximum resident
# set size" (%M). See bench/README.md.

set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/.." && pwd -P)

datasets=small
runs=3
work=
out=
tools_opt=
no_s3=0
concurrency=8
history_commits=1000
verify=first
drop_caches=0
install=1
build=1
keep=0

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'bench: %s\n' "$*" >&2; }

while (($#)); do
    case "$1" in
        --datasets) datasets=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --work) work=${2:?}; shift 2 ;;
        --out) out=${2:?}; shift 2 ;;
        --tools) tools_opt=${2:?}; shift 2 ;;
        --no-s3) no_s3=1; shift ;;
        --concurrency) concurrency=${2:?}; shift 2 ;;
        --history-commits) history_commits=${2:?}; shift 2 ;;
        --verify) verify=${2:?}; shift 2 ;;
        --drop-caches) drop_caches=1; shift ;;
        --no-install) install=0; shift ;;
        --no-build) build=0; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"
[[ $concurrency =~ ^[1-9][0-9]*$ ]] || die "--concurrency wants a positive number"
[[ $history_commits =~ ^[0-9]+$ ]] || die "--history-commits wants a number"
[[ $verify =~ ^(first|all|none)$ ]] || die "--verify is first, all or none"
IFS=, read -r -a dataset_list <<<"$datasets"
for ds in "${dataset_list[@]}"; do
    [[ $ds =~ ^(tiny|small|many|large)$ ]] || die "unknown dataset $ds (tiny, small, many, large)"
done

all_tools=(rrb-local rrb-crypt rrb-s3 restic rclone-local rclone-s3 rclone-s3v)
if [[ -n $tools_opt ]]; then
    IFS=, read -r -a tools <<<"$tools_opt"
    for t in "${tools[@]}"; do
        [[ " ${all_tools[*]} " == *" $t "* ]] || die "unknown tool $t (${all_tools[*]})"
    done
else
    tools=("${all_tools[@]}")
fi
if ((no_s3)); then
    tools=($(printf '%s\n' "${tools[@]}" | grep -v -- '-s3v\?$' || true))
fi
((${#tools[@]})) || die "no tool left to measure"
uses_s3=0
[[ " ${tools[*]} " == *"-s3 "* || " ${tools[*]} " == *"-s3v "* ]] && uses_s3=1

# Rough bytes on disk of one copy of each dataset (many: 200,000 files of at most one 4 KiB block).
declare -A estimate=([tiny]=$((20 << 20)) [small]=$((750 << 20)) [many]=$((1100 << 20)) [large]=$((1100 << 20)))

# --- set-up --------------------------------------------------------------------------------------------

install_tools() {
    local missing=()
    command -v restic >/dev/null || missing+=(restic)
    command -v rclone >/dev/null || missing+=(rclone)
    command -v strace >/dev/null || missing+=(strace)
    [[ -x /usr/bin/time ]] || missing+=(time)
    ((${#missing[@]})) || return 0
    ((install)) || die "missing ${missing[*]} (and --no-install was given)"
    [[ $(id -u) == 0 ]] || die "installing ${missing[*]} needs root"
    export DEBIAN_FRONTEND=noninteractive
    # Update the package lists once, only when apt does not know a package yet.
    if apt-cache policy "${missing[@]}" | grep -q 'Candidate: (none)' || ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        log "apt-get update"
        apt-get update -q >/dev/null
    fi
    apt-cache policy "${missing[@]}" | grep -E '^[a-z]|Candidate' >&2
    log "apt-get install ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

case $(uname -m) in
    x86_64) rid=linux-x64 ;;
    aarch64) rid=linux-arm64 ;;
    *) die "no .NET runtime identifier known for $(uname -m)" ;;
esac
# RRBackup as published for this machine: with ReadyToRun code, as docs/cli.md recommends.
rrb_dll=$repo/src/RRBackup.Cli/bin/Release/net10.0/$rid/publish/rrbackup.dll
gen_dll=$here/DatasetGenerator/bin/Release/net10.0/gen-dataset.dll
history_dll=$here/History/bin/Release/net10.0/bench-history.dll

build_all() {
    ((build)) || return 0
    log "dotnet publish -c Release -r $rid --self-contained false src/RRBackup.Cli"
    dotnet publish -c Release -r "$rid" --self-contained false --nologo -v q "$repo/src/RRBackup.Cli" >"$work/logs/build.log" 2>&1 \
        || { tail -n 30 "$work/logs/build.log" >&2; die "publish of src/RRBackup.Cli failed"; }
    local p
    for p in "$here/DatasetGenerator" "$here/History"; do
        log "dotnet build -c Release ${p#"$repo"/}"
        dotnet build -c Release --nologo -v q "$p" >"$work/logs/build.log" 2>&1 \
            || { tail -n 30 "$work/logs/build.log" >&2; die "build of $p failed"; }
    done
}

s3_started_dir=
start_s3() {
    ((uses_s3)) || return 0
    if [[ -z ${RRBACKUP_S3_ENDPOINT:-} ]]; then
        local dir=
        if "$repo/scripts/s3-server.sh" status >/dev/null 2>&1; then
            dir=$(</tmp/rrbackup-s3-current)
            log "using the running S3 server in $dir"
        else
            "$repo/scripts/s3-server.sh" install
            dir=$(RRBACKUP_S3_MEMSTORE_MB=${RRBACKUP_S3_MEMSTORE_MB:-6144} "$repo/scripts/s3-server.sh" start | tail -n 1)
            s3_started_dir=$dir
            log "started an S3 server in $dir"
        fi
        set -a
        # shellcheck disable=SC1091
        . "$dir/s3.env"
        set +a
    fi
    [[ -n ${RRBACKUP_S3_ACCESS_KEY:-} && -n ${RRBACKUP_S3_SECRET_KEY:-} ]] || die "RRBACKUP_S3_ACCESS_KEY and RRBACKUP_S3_SECRET_KEY are not set"
    export RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Ceph RCLONE_CONFIG_S3_ENV_AUTH=false
    export RCLONE_CONFIG_S3_ENDPOINT=$RRBACKUP_S3_ENDPOINT
    export RCLONE_CONFIG_S3_ACCESS_KEY_ID=$RRBACKUP_S3_ACCESS_KEY RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=$RRBACKUP_S3_SECRET_KEY
}

buckets=()
# bucket_create BUCKET [--versioned]
bucket_create() {
    local rc=0
    python3 "$here/s3util.py" create "$@" || rc=$?
    if ((rc == 3)); then
        AWS_ACCESS_KEY_ID=$RRBACKUP_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$RRBACKUP_S3_SECRET_KEY AWS_DEFAULT_REGION=us-east-1 \
            aws --endpoint-url "$RRBACKUP_S3_ENDPOINT" s3api create-bucket --bucket "$1" >/dev/null
        [[ ${2:-} != --versioned ]] || AWS_ACCESS_KEY_ID=$RRBACKUP_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$RRBACKUP_S3_SECRET_KEY AWS_DEFAULT_REGION=us-east-1 \
            aws --endpoint-url "$RRBACKUP_S3_ENDPOINT" s3api put-bucket-versioning --bucket "$1" --versioning-configuration Status=Enabled
    elif ((rc)); then
        die "cannot create bucket $1"
    fi
    buckets+=("$1")
}

bucket_delete() {
    local rc=0
    # On the project's own server, radosgw-admin frees the data at once: deleted through S3 it waits for
    # RGW's garbage collector (hours), and the memstore OSD fills up over a few runs of "large".
    if [[ -n ${RRBACKUP_S3_DIR:-} && -f $RRBACKUP_S3_DIR/ceph.conf ]]; then
        radosgw-admin --conf "$RRBACKUP_S3_DIR/ceph.conf" bucket rm --bucket="$1" --purge-objects --bypass-gc >/dev/null 2>&1 || rc=$?
    else
        rc=3
    fi
    if ((rc)); then
        rc=0
        python3 "$here/s3util.py" delete "$1" || rc=$?
    fi
    ((rc == 0)) || log "warning: could not delete bucket $1"
    local b kept=()
    for b in "${buckets[@]}"; do [[ $b == "$1" ]] || kept+=("$b"); done
    buckets=("${kept[@]}")
}

cleanup() {
    local rc=$?
    set +e
    for b in "${buckets[@]}"; do bucket_delete "$b"; done
    if [[ -n $s3_started_dir ]]; then
        "$repo/scripts/s3-server.sh" stop "$s3_started_dir" >/dev/null 2>&1
    fi
    if [[ -n $work && -d $work ]]; then
        if ((keep)); then log "work folder kept: $work"; else rm -rf -- "$work"; fi
    fi
    exit $rc
}

# --- measuring -----------------------------------------------------------------------------------------

results=
# measure DATASET OP TOOL RUN BYTES FILES -- COMMAND...: time one process and append a line to results.tsv.
measure() {
    local ds=$1 op=$2 tool=$3 run=$4 nbytes=$5 files=$6
    shift 7
    sync
    if ((drop_caches)); then echo 3 >/proc/sys/vm/drop_caches || true; fi
    local logf="$work/logs/$ds-$op-$tool-$run" rc=0 t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$logf.rss" "$@" </dev/null >"$logf.out" 2>"$logf.err" || rc=$?
    t1=$EPOCHREALTIME
    local seconds rss
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    rss=$(tail -n 1 "$logf.rss" 2>/dev/null | tr -dc '0-9')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ds" "$op" "$tool" "$run" "$seconds" "${rss:-0}" "$nbytes" "$files" "$rc" >>"$results"
    if ((rc)); then
        log "FAILED ($rc): $ds $op $tool run $run: $*"
        tail -n 5 "$logf.err" | sed 's/^/bench:   /' >&2
    else
        printf 'bench: %-6s %-9s %-13s run %d: %8.3f s  %6d MB RSS\n' "$ds" "$op" "$tool" "$run" "$seconds" "$((${rss:-0} / 1024))" >&2
    fi
    return 0
}

# rotate RUN ITEMS...: the items, starting at item RUN mod count.
rotate() {
    local r=$1
    shift
    local items=("$@") n=$# i
    for ((i = 0; i < n; i++)); do printf '%s\n' "${items[$(((i + r) % n))]}"; done
}

tree_stats() { find "$1" -type f -printf '%s\n' | awk '{ b += $1; n++ } END { printf "%d %d\n", b, n }'; }

rrb() { dotnet "$rrb_dll" "$@"; }

# cmd_for TOOL OP: sets CMD to the command that does OP with TOOL.
cmd_for() {
    local tool=$1 op=$2 repo_dir="$work/repo/$1" target="$work/restore/$1"
    case "$tool:$op" in
        rrb-*:init | rrb-*:nochange | rrb-*:incr) CMD=(dotnet "$rrb_dll" --config "$work/cfg/$tool.ini") ;;
        rrb-*:restore) CMD=(dotnet "$rrb_dll" --config "$work/cfg/$tool.ini" download latest "$target") ;;
        rrb-*:single) CMD=(dotnet "$rrb_dll" --config "$work/cfg/$tool.ini" download latest "$target" --include "/$single") ;;
        restic:init | restic:nochange | restic:incr) CMD=(restic -r "$repo_dir" backup -q "$src") ;;
        restic:restore) CMD=(restic -r "$repo_dir" restore latest -q --target "$target") ;;
        restic:single) CMD=(restic -r "$repo_dir" restore latest -q --target "$target" --include "$src/$single") ;;
        rclone-local:init | rclone-local:nochange | rclone-local:incr) CMD=(rclone copy -q --transfers "$concurrency" "$src" "$repo_dir") ;;
        rclone-local:restore) CMD=(rclone copy -q --transfers "$concurrency" "$repo_dir" "$target") ;;
        rclone-local:single) CMD=(rclone copyto -q "$repo_dir/$single" "$target/$single") ;;
        # rclone's AWS SDK cannot apply AWS_CA_BUNDLE to its own HTTP transport, and fails at start-up
        # when it is set (it is not needed for the http:// endpoint of the local server).
        rclone-s3:init | rclone-s3:nochange | rclone-s3:incr) CMD=(env -u AWS_CA_BUNDLE rclone copy -q --transfers "$concurrency" "$src" "s3:$rclone_bucket/data") ;;
        rclone-s3:restore) CMD=(env -u AWS_CA_BUNDLE rclone copy -q --transfers "$concurrency" "s3:$rclone_bucket/data" "$target") ;;
        rclone-s3:single) CMD=(env -u AWS_CA_BUNDLE rclone copyto -q "s3:$rclone_bucket/data/$single" "$target/$single") ;;
        # The same into a versioned bucket, the kind RRBackup needs: every PUT then costs the server more.
        rclone-s3v:init | rclone-s3v:nochange | rclone-s3v:incr) CMD=(env -u AWS_CA_BUNDLE rclone copy -q --transfers "$concurrency" "$src" "s3:$rclone_v_bucket/data") ;;
        rclone-s3v:restore) CMD=(env -u AWS_CA_BUNDLE rclone copy -q --transfers "$concurrency" "s3:$rclone_v_bucket/data" "$target") ;;
        rclone-s3v:single) CMD=(env -u AWS_CA_BUNDLE rclone copyto -q "s3:$rclone_v_bucket/data/$single" "$target/$single") ;;
        floor-stat:*) CMD=(find "$src" -type f -printf '%s %T@\n') ;;
        floor-read:*) CMD=(bash -c 'tar cf - -C "$1" . | cat >/dev/null' tar "$src") ;;
        floor-cp:*) CMD=(bash -c 'cp -a "$1" "$2" && sync' cp "$src" "$target") ;;
        floor-cp1:*) CMD=(bash -c 'mkdir -p "$(dirname "$2")" && cp -a "$1" "$2" && sync' cp "$src/$single" "$target/$single") ;;
        *) die "no command for $tool $op" ;;
    esac
}

# restored_root TOOL: where TOOL puts the source's root inside its restore target.
restored_root() {
    case "$1" in
        restic) printf '%s\n' "$work/restore/$1$src" ;;
        *) printf '%s\n' "$work/restore/$1" ;;
    esac
}

verify_restore() {
    local tool=$1 op=$2 ds=$3 root diffs
    root=$(restored_root "$tool")
    if [[ $op == single ]]; then
        cmp -s "$src/$single" "$root/$single" || { log "VERIFY FAILED: $ds single-file restore of $tool differs from the source"; echo "$ds $tool single" >>"$work/verify-failures"; }
        return 0
    fi
    # rclone copy never deletes, so its copy keeps the files the mutation deleted or renamed: only
    # differences in the source's own files count for it.
    diffs=$(diff -r "$src" "$root" 2>&1 | grep -v "^Only in $root" || true)
    if [[ -n $diffs ]]; then
        log "VERIFY FAILED: $ds full restore of $tool differs from the source:"
        head -n 5 <<<"$diffs" | sed 's/^/bench:   /' >&2
        echo "$ds $tool restore" >>"$work/verify-failures"
    fi
}

write_configs() {
    mkdir -p "$work/cfg"
    local t
    for t in "${tools[@]}"; do
        case "$t" in
            rrb-local | rrb-crypt)
                {
                    printf '[main]\nbase_path: %s\nlocal_manifest_file: %s\n' "$src" "$work/cache/$t/manifest.json"
                    [[ $t == rrb-crypt ]] && printf 'crypt_password: rrbackup-bench-password\n'
                    printf '\n[local]\npath: %s\n' "$work/repo/$t"
                } >"$work/cfg/$t.ini"
                ;;
            rrb-s3)
                printf '[main]\nbase_path: %s\nlocal_manifest_file: %s\n\n[s3]\nbucket: %s\nendpoint: %s\naccess_key: %s\nsecret_key: %s\npath_style: True\nchecksums: when_required\nconcurrency: %s\n' \
                    "$src" "$work/cache/$t/manifest.json" "$rrb_bucket" "$RRBACKUP_S3_ENDPOINT" "$RRBACKUP_S3_ACCESS_KEY" \
                    "$RRBACKUP_S3_SECRET_KEY" "$concurrency" >"$work/cfg/$t.ini"
                ;;
        esac
    done
}

# fresh_targets: empty stores, caches and buckets for every tool.
fresh_targets() {
    local run=$1 t
    rm -rf "$work/repo" "$work/cache" "$work/restore"
    mkdir -p "$work/repo" "$work/cache" "$work/restore"
    rrb_bucket= rclone_bucket= rclone_v_bucket=
    for t in "${tools[@]}"; do
        case "$t" in
            restic) restic -r "$work/repo/restic" init -q >/dev/null ;;
            rrb-s3) rrb_bucket="rrbench-$$-$run-rrb"; bucket_create "$rrb_bucket" ;;
            rclone-s3) rclone_bucket="rrbench-$$-$run-rclone"; bucket_create "$rclone_bucket" ;;
            rclone-s3v) rclone_v_bucket="rrbench-$$-$run-rclonev"; bucket_create "$rclone_v_bucket" --versioned ;;
        esac
    done
    write_configs
}

drop_targets() {
    local b
    for b in "${buckets[@]}"; do bucket_delete "$b"; done
    rm -rf "$work/repo" "$work/cache" "$work/restore"
}

# phase DATASET OP RUN FLOORS...: OP for every tool and the given floors, in rotated order.
phase() {
    local ds=$1 op=$2 run=$3
    shift 3
    local stats nbytes files t
    if [[ $op == single ]]; then
        nbytes=$(stat -c %s "$src/$single") files=1
    else
        read -r nbytes files < <(tree_stats "$src")
    fi
    while read -r t; do
        rm -rf "$work/restore/$t"
        cmd_for "$t" "$op"
        measure "$ds" "$op" "$t" "$run" "$nbytes" "$files" -- "${CMD[@]}"
        if [[ $op == restore || $op == single ]] && [[ $t != floor-* ]]; then
            if [[ $verify == all || ($verify == first && $run == 1) ]]; then verify_restore "$t" "$op" "$ds"; fi
        fi
        rm -rf "$work/restore/$t"
    done < <(rotate "$run" "${tools[@]}" "$@")
}

bench_dataset() {
    local ds=$1 run
    local data="$work/data/$ds"
    log "generating dataset $ds"
    dotnet "$gen_dll" generate "$ds" "$data" >&2
    for ((run = 1; run <= runs; run++)); do
        log "--- $ds, run $run of $runs"
        rm -rf "$src"
        cp -a "$data" "$src"
        fresh_targets "$run"
        phase "$ds" init "$run" floor-stat floor-read floor-cp
        phase "$ds" nochange "$run" floor-stat
        dotnet "$gen_dll" mutate "$src" >&2
        phase "$ds" incr "$run" floor-stat floor-read
        # The file of the single-file restore: the middle one of the mutated tree, by name.
        single=$(cd "$src" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')
        phase "$ds" restore "$run" floor-cp
        phase "$ds" single "$run" floor-cp1
        drop_targets
    done
    rm -rf "$src" "$data"
}

# The history scenario: commits in process (bench/History), then the CLI on a fresh cache, timed and
# (once, under strace) with the store files it opens counted.
bench_history() {
    ((history_commits > 0)) || return 0
    local dir="$work/history" run cfg
    log "--- history: $history_commits commits"
    rm -rf "$dir"
    dotnet "$history_dll" "$dir" --commits "$history_commits" </dev/null | tee -a "$work/history.txt" >&2
    cfg="$dir/history.ini"
    for ((run = 1; run <= runs; run++)); do
        rm -rf "$dir/cache"
        measure history list_versions rrbackup "$run" 0 0 -- dotnet "$rrb_dll" --config "$cfg" list_versions
        rm -rf "$dir/cache" "$dir/restored-cli"
        measure history download rrbackup "$run" 0 0 -- dotnet "$rrb_dll" --config "$cfg" download latest "$dir/restored-cli"
    done
    local what trace reads lists
    for what in list_versions download; do
        rm -rf "$dir/cache" "$dir/restored-cli"
        trace="$work/logs/history-$what.strace"
        if [[ $what == list_versions ]]; then
            strace -f -e trace=openat -o "$trace" dotnet "$rrb_dll" --config "$cfg" list_versions >/dev/null
        else
            strace -f -e trace=openat -o "$trace" dotnet "$rrb_dll" --config "$cfg" download latest "$dir/restored-cli" >/dev/null
        fi
        # Successful opens under STORE/keys: folders (O_DIRECTORY) are listings, files are object reads.
        reads=$(grep -F "\"$dir/store/keys/" "$trace" | grep -v O_DIRECTORY | grep -v -e ' = -1 ' -e 'resumed>' | grep -c -v '/keys/files/' || true)
        lists=$(grep -F "\"$dir/store/keys/" "$trace" | grep O_DIRECTORY | grep -v -e ' = -1 ' -e 'resumed>' | grep -c . || true)
        local filereads
        filereads=$(grep -F "\"$dir/store/keys/files/" "$trace" | grep -v O_DIRECTORY | grep -v -e ' = -1 ' -e 'resumed>' | grep -c . || true)
        echo "history: CLI $what on a fresh cache (strace openat): $reads metadata object reads, $lists folder listings, $filereads file object reads" \
            | tee -a "$work/history.txt" >&2
    done
}

# --- main ----------------------------------------------------------------------------------------------

if [[ -z $work ]]; then
    work=$(mktemp -d /var/tmp/rrbackup-bench-XXXXXX)
else
    mkdir -p "$work"
    [[ -z $(ls -A "$work") ]] || die "$work is not empty"
    work=$(cd "$work" && pwd -P)
fi
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/logs"
out=${out:-/tmp/rrbackup-bench-results-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
results="$work/results.tsv"
printf 'dataset\top\ttool\trun\tseconds\trss_kb\tbytes\tfiles\trc\n' >"$results"
src="$work/src"

need=0
for ds in "${dataset_list[@]}"; do
    ((estimate[$ds] > need)) && need=${estimate[$ds]}
done
# The dataset, the source copy, a floor copy, one restore, and the stores of six tools at once.
need=$((need * 9 + (512 << 20)))
avail=$(df --output=avail -B1 "$work" | tail -n 1 | tr -dc '0-9')
((avail > need)) || die "$work has $((avail >> 20)) MiB free; the datasets need about $((need >> 20)) MiB"
log "work folder $work ($((avail >> 30)) GiB free, about $((need >> 20)) MiB needed)"

if ((drop_caches)) && ! { sync && echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    die "--drop-caches: cannot write /proc/sys/vm/drop_caches (not root, or not allowed in this container)"
fi
install_tools
build_all
start_s3
export RESTIC_PASSWORD=rrbackup-bench-password RESTIC_CACHE_DIR="$work/restic-cache" RCLONE_CONFIG="$work/rclone.conf"
: >"$RCLONE_CONFIG"

{
    echo "RRBackup benchmark, $(date -u '+%Y-%m-%d %H:%M:%SZ') on $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
    echo "rrbackup $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') (Release; plus any uncommitted changes), $(restic version | head -n 1), $(rclone version | head -n 1)"
    echo "datasets: ${dataset_list[*]}; runs: $runs; tools: ${tools[*]}; S3 concurrency/transfers: $concurrency; cache: $( ((drop_caches)) && echo cold || echo warm)"
} | tee "$out/report.txt" >&2

for ds in "${dataset_list[@]}"; do
    bench_dataset "$ds"
done
bench_history

cp "$results" "$out/results.tsv"
{
    python3 "$here/report.py" "$results"
    if [[ -f $work/history.txt ]]; then
        echo
        echo "=== history scenario ($history_commits commits, local store)"
        cat "$work/history.txt"
    fi
    if [[ -f $work/verify-failures ]]; then
        echo
        echo "restores that did not match the source:"
        cat "$work/verify-failures"
    fi
} | tee -a "$out/report.txt"
log "results in $out (report.txt, results.tsv)"
