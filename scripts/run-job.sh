#!/usr/bin/env bash
# Starts a Container Apps job (the migrate or smoke job of infra/resources.bicep) and waits for its execution.
#
#   scripts/run-job.sh RESOURCE_GROUP JOB_NAME
#
# Exits 0 when the execution succeeded, 1 when it failed or did not finish within JOB_TIMEOUT_SECONDS (default 900).
# Needs the Azure CLI, signed in.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 RESOURCE_GROUP JOB_NAME" >&2
  exit 2
fi
group="$1"
job="$2"
deadline=$((SECONDS + ${JOB_TIMEOUT_SECONDS:-900}))

execution="$(az containerapp job start -g "$group" -n "$job" --query name -o tsv)"
echo "started $job: execution $execution"
while :; do
  status="$(az containerapp job execution show -g "$group" -n "$job" --job-execution-name "$execution" --query properties.status -o tsv)"
  case "$status" in
    Succeeded)
      echo "$job: $execution succeeded"
      exit 0
      ;;
    Failed | Stopped | Degraded)
      echo "$job: $execution $status; its output is in Log Analytics (ContainerAppConsoleLogs_CL, ContainerJobName_s == '$job')" >&2
      exit 1
      ;;
  esac
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$job: $execution still $status after ${JOB_TIMEOUT_SECONDS:-900} s; giving up" >&2
    exit 1
  fi
  sleep 10
done
