#!/usr/bin/env bash
# Smoke test of a running XBot api (runbooks §12): its health, an authenticated admin call, and that an admin call
# without the key is refused.
#
#   scripts/smoke-test.sh BASE_URL [KEY]
#
# BASE_URL is the api's base address (http://localhost:5181 locally). KEY is the admin key (Admin__ApiKey); without
# the argument, the Admin__ApiKey environment variable is used, and without either the authenticated check is skipped.
# The key is passed to curl on its standard input, never on a command line. Exits 0 when every check passes, 1 when
# any fails, 2 on wrong usage. SMOKE_TIMEOUT_SECONDS (default 10) bounds each request.
set -uo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
  echo "usage: $0 BASE_URL [KEY]   e.g. $0 http://localhost:5181 \"\$Admin__ApiKey\"" >&2
  exit 2
fi
base="${1%/}"
key="${2:-${Admin__ApiKey:-}}"
timeout="${SMOKE_TIMEOUT_SECONDS:-10}"
failures=0
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

# request PATH [HEADER]: prints the HTTP status (000 when nothing answered); the body goes to $body.
request() {
  printf '%s\n' "${2:-X-Smoke-Test: 1}" |
    curl --silent --show-error --max-time "$timeout" --output "$body" --write-out '%{http_code} %{content_type}' \
      --header @- "$base$1" 2>"$body.err" || true
}

# check DESCRIPTION EXPECTED_STATUS ACTUAL_STATUS
check() {
  if [ "$3" = "$2" ]; then
    echo "ok    $1: $3"
  else
    local detail=""
    if [ "$3" = "000" ]; then detail=" (no answer: $(head -c 300 "$body.err" 2>/dev/null))"; fi
    echo "FAIL  $1: got $3, expected $2$detail" >&2
    failures=$((failures + 1))
  fi
}

read -r status _ <<<"$(request /health)"
check "GET $base/health" 200 "${status:-000}"

read -r status _ <<<"$(request /api/status)"
check "GET $base/api/status without a key is refused" 401 "${status:-000}"

read -r status _ <<<"$(request /api/status 'Authorization: Bearer not-the-admin-key')"
check "GET $base/api/status with a wrong key is refused" 401 "${status:-000}"

if [ -n "$key" ]; then
  read -r status type <<<"$(request /api/status "Authorization: Bearer $key")"
  check "GET $base/api/status with the admin key" 200 "${status:-000}"
  # The runbooks' health one-liner: "[<time>] xBOT Health: <STATUS> | Redis:... | DB:... | ...".
  if [ "${status:-}" = 200 ] && ! grep -Eq '^\[[^]]+\] xBOT Health: [A-Z]+ \|' "$body"; then
    echo "FAIL  GET $base/api/status with the admin key: expected the health one-liner, got '$(head -c 120 "$body")' (${type:-no content type})" >&2
    failures=$((failures + 1))
  fi
else
  echo "skip  GET $base/api/status with the admin key: no KEY argument and no Admin__ApiKey variable"
fi

rm -f "$body.err"
if [ "$failures" -gt 0 ]; then
  echo "smoke test FAILED: $failures check(s) failed against $base" >&2
  exit 1
fi
echo "smoke test passed against $base"
