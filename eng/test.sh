#!/usr/bin/env bash
# Runs every XBot test. On a fresh machine it first installs what the tests need and the machine lacks:
# redis-server, the PostgreSQL server binaries and Chromium (Debian/Ubuntu, through apt-get). Playwright drives
# that Chromium; it never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the tests need ${missing[*]}; install them with your package manager and run this again." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: installing ${missing[*]} needs root; run as root or install them first." >&2; exit 1; }
    sudo="sudo"
  fi
  echo "Installing ${missing[*]}..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The package's own cluster is not used; the AppHost runs its own. Leave nothing listening.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v service >/dev/null 2>&1; then $sudo service postgresql stop >/dev/null 2>&1 || true; fi
  if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v service >/dev/null 2>&1; then $sudo service redis-server stop >/dev/null 2>&1 || true; fi
fi

dotnet tool restore
dotnet build XBot.sln -c Release -warnaserror
results="$(mktemp -d)"
set +e
dotnet test XBot.sln -c Release --no-build --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results"
status=$?
set -e

# The plain summary line CI reads, taken from the test results.
trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  # CI keeps only the end of the output, so the failed tests and their first lines come last, just above the summary.
  if [ "${failed:-0}" != "0" ] && command -v python3 >/dev/null 2>&1; then
    python3 eng/trx-failures.py "$trx" || true
  fi
  echo "${passed:-0} passed, ${failed:-0} failed"
fi
exit $status
