#!/usr/bin/env bash
# Removes what deploy put in the cluster: the overlay's objects (InferenceService first, via
# kubectl delete -k), optionally the namespace and the ECR repository. Idempotent: objects
# already gone are skipped. The namespace and the repository (which holds every pushed
# image) are deleted only with --yes.
set -euo pipefail
program=teardown.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

usage() {
  cat <<USAGE
Usage: scripts/teardown.sh [options]

Options (environment variable, default):
  --overlay NAME|DIR     OVERLAY          dev   (manifests/overlays/NAME, or a kustomize dir)
  --delete-namespace NS  also delete namespace NS (needs --yes)
  --delete-ecr-repository NAME
                         also delete the ECR repository and all its images (needs --yes;
                         region from --region / AWS_REGION / AWS_DEFAULT_REGION)
  --region REGION        AWS_REGION
  --timeout DURATION     TEARDOWN_TIMEOUT 5m   how long kubectl waits for deletion
  --yes                  confirm the deletions above
  --dry-run              print the commands, run nothing
  -h, --help

Other environment: KUBECONFIG / kubectl context as usual; AWS_ENDPOINT_URL is passed to aws.
USAGE
}

log() { echo "teardown.sh: $*" >&2; }
die() { log "$*"; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
overlay="${OVERLAY:-dev}"
namespace=""
ecr_repository=""
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
timeout="${TEARDOWN_TIMEOUT:-5m}"
confirmed=false
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --overlay) need_value "$@"; overlay="$2"; shift 2 ;;
    --delete-namespace) need_value "$@"; namespace="$2"; shift 2 ;;
    --delete-ecr-repository) need_value "$@"; ecr_repository="$2"; shift 2 ;;
    --region) need_value "$@"; region="$2"; shift 2 ;;
    --timeout) need_value "$@"; timeout="$2"; shift 2 ;;
    --yes) confirmed=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_flag "$1" --overlay --delete-namespace --delete-ecr-repository --region --timeout --yes --dry-run --help ;;
  esac
done

if [[ "$overlay" != */* ]]; then overlay="$root/manifests/overlays/$overlay"; fi
[[ -d "$overlay" ]] || die "no overlay directory $overlay"
if [[ -n "$namespace$ecr_repository" ]] && ! $confirmed; then
  die "deleting a namespace or an ECR repository cannot be undone: add --yes"
fi

run() {
  if $dry_run; then echo "[dry-run] $*" >&2; else "$@"; fi
}

log "deleting the objects of $overlay"
run kubectl delete -k "$overlay" --ignore-not-found=true --wait=true --timeout="$timeout"

if [[ -n "$namespace" ]]; then
  log "deleting namespace $namespace"
  run kubectl delete namespace "$namespace" --ignore-not-found=true --wait=true --timeout="$timeout"
fi

if [[ -n "$ecr_repository" ]]; then
  [[ -n "$region" ]] || die "no AWS region for the ECR repository: pass --region or set AWS_REGION"
  aws_flags=(--region "$region")
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then aws_flags+=(--endpoint-url "$AWS_ENDPOINT_URL"); fi
  if $dry_run || describe_error="$(aws "${aws_flags[@]}" ecr describe-repositories \
      --repository-names "$ecr_repository" 2>&1 >/dev/null)"; then
    log "deleting ECR repository $ecr_repository and its images"
    run aws "${aws_flags[@]}" ecr delete-repository --repository-name "$ecr_repository" --force --output text --query repository.repositoryName >&2
  elif [[ "$describe_error" == *RepositoryNotFoundException* ]]; then
    log "ECR repository $ecr_repository does not exist"
  else
    die "cannot read ECR repository $ecr_repository: $describe_error"
  fi
fi
log "done"
