#!/usr/bin/env bash
# Runs every test: builds the solution, starts a throwaway Ceph RGW (the real S3 server the S3 tests
# use) when it can, runs all test projects, stops what it started, and ends with one line
# "N passed, N failed[, N skipped]". Exit status is non-zero on any failure.
#
# In CI (CI=true) the S3 server is installed and started, and the S3 tests must run.
# Elsewhere, when the server cannot be installed (not root) the S3 tests skip with a message.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/TestResults/run-$(date +%s)-$$"
mkdir -p "$results"
s3_dir=""

cleanup() {
  if [ -n "$s3_dir" ]; then
    scripts/s3-server.sh stop "$s3_dir" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -f .config/dotnet-tools.json ]; then
  dotnet tool restore >/dev/null
fi

if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
  scripts/s3-server.sh install
  s3_dir=$(scripts/s3-server.sh start | tail -n 1)
  set -a
  # shellcheck disable=SC1091
  . "$s3_dir/s3.env"
  set +a
  echo "S3 server (Ceph RGW) running at $RRBACKUP_S3_ENDPOINT"
else
  echo "Not root: the S3 server is not started and the S3 tests will skip (run as root, or start it with scripts/s3-server.sh start)."
fi

dotnet build RRBackup.Tasks.sln -c Release --nologo -v:q
set +e
# One test project at a time (-m:1): the S3 outage tests stop the shared gateway for a few seconds,
# which must not hit another project's S3 tests running alongside.
dotnet test RRBackup.Tasks.sln -c Release --no-build --nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
set -e

sum() { grep -ho "$1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
total=$(sum total)
passed=$(sum passed)
failed=$(sum failed)
skipped=$((total - passed - failed))
if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
