#!/usr/bin/env bash
# Pushes a locally built image to Amazon ECR: finds the account with `aws sts`, creates
# the repository when missing (scan on push, immutable tags, lifecycle policy), logs the
# container CLI in with a short-lived ECR token, tags, pushes and prints the immutable
# reference <registry>/<repository>@sha256:<digest> on stdout, alone, so that it composes:
#   npm run deploy -- --overlay prod-us-east-1 --image "$(scripts/push-ecr.sh)"
# Idempotent: an existing repository is reused, and a tag already in ECR is not pushed
# again (tags are immutable). The ECR password only ever travels through a pipe.
set -euo pipefail
program=push-ecr.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

usage() {
  cat <<USAGE
Usage: scripts/push-ecr.sh [options]

Options (environment variable, default):
  --image REF          IMAGE             podcast-pipeline:<git sha[-dirty]> (scripts/image-tag.sh)
  --repository NAME    ECR_REPOSITORY    podcast-pipeline
  --tag TAG            IMAGE_TAG         the tag of --image
  --region REGION      AWS_REGION, AWS_DEFAULT_REGION, then \`aws configure get region\`
  --cli NAME           CONTAINER_CLI     docker   (docker | podman | buildah)
  --digest-file PATH   also write <registry>/<repository>@<digest> to PATH
  --keep-images N      ECR_KEEP_IMAGES   100      lifecycle: expire images beyond the newest N
  --allow-dirty        push a -dirty tag (refused by default: immutable tags are forever)
  --dry-run            run the read-only AWS calls, print the changing ones, change nothing
  -h, --help

Other environment:
  AWS_ENDPOINT_URL        AWS API endpoint (e.g. a local moto_server), passed to every aws call
  ECR_REGISTRY            push to this registry host instead of <account>.dkr.ecr.<region>.amazonaws.com
  REGISTRY_TLS_VERIFY     true; false lets podman/buildah use a plain-HTTP registry
  CONTAINER_GLOBAL_FLAGS  flags placed before each CLI subcommand (e.g. buildah --root DIR)

Prints <registry>/<repository>@sha256:<digest> on stdout, nothing else (progress goes to
stderr), so that it composes: npm run deploy -- --image "\$(scripts/push-ecr.sh)".
Exit status: 0 pushed (or already there), 1 failed, 2 usage error.
USAGE
}

log() { echo "push-ecr.sh: $*" >&2; }
die() { log "$*"; exit 1; }

image="${IMAGE:-}"
repository="${ECR_REPOSITORY:-podcast-pipeline}"
tag="${IMAGE_TAG:-}"
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
cli="${CONTAINER_CLI:-docker}"
digest_file=""
keep_images="${ECR_KEEP_IMAGES:-100}"
allow_dirty=false
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --image) need_value "$@"; image="$2"; shift 2 ;;
    --repository) need_value "$@"; repository="$2"; shift 2 ;;
    --tag) need_value "$@"; tag="$2"; shift 2 ;;
    --region) need_value "$@"; region="$2"; shift 2 ;;
    --cli) need_value "$@"; cli="$2"; shift 2 ;;
    --digest-file) need_value "$@"; digest_file="$2"; shift 2 ;;
    --keep-images) need_value "$@"; keep_images="$2"; shift 2 ;;
    --allow-dirty) allow_dirty=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_flag "$1" --image --repository --tag --region --cli --digest-file --keep-images --allow-dirty --dry-run --help ;;
  esac
done

case "$cli" in
  docker|podman|buildah) ;;
  *) die "CONTAINER_CLI must be docker, podman or buildah, not '$cli'" ;;
esac
[[ "$keep_images" =~ ^[1-9][0-9]*$ ]] || usage_error "--keep-images must be a positive integer, not '$keep_images'"
command -v aws >/dev/null 2>&1 || die "the aws CLI is not on PATH"
$dry_run || command -v "$cli" >/dev/null 2>&1 || die "'$cli' is not on PATH (set CONTAINER_CLI or --cli)"

if [[ -z "$image" ]]; then
  image="podcast-pipeline:$("$(dirname "${BASH_SOURCE[0]}")/image-tag.sh" | head -n 1)"
fi
if [[ -z "$tag" ]]; then
  [[ "$image" == *:* && "${image##*:}" != */* ]] || die "--image $image has no tag; pass --tag"
  tag="${image##*:}"
fi
if [[ "$tag" == *-dirty ]] && ! $allow_dirty; then
  die "refusing to push the uncommitted tree's tag '$tag' to an immutable repository (commit, or pass --allow-dirty)"
fi

aws_flags=()
if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
  aws_flags+=(--endpoint-url "$AWS_ENDPOINT_URL")
  log "AWS endpoint: $AWS_ENDPOINT_URL"
fi
if [[ -z "$region" ]]; then region="$(aws configure get region 2>/dev/null || true)"; fi
[[ -n "$region" ]] || die "no AWS region: pass --region or set AWS_REGION"
aws_flags+=(--region "$region")

read -r -a global_flags <<<"${CONTAINER_GLOBAL_FLAGS:-}"
tls_flags=()
if [[ "${REGISTRY_TLS_VERIFY:-true}" == "false" && "$cli" != "docker" ]]; then tls_flags=(--tls-verify=false); fi

# Runs a command that changes something, or only prints it in a dry run.
change() {
  if $dry_run; then echo "[dry-run] $*" >&2; else "$@"; fi
}

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

# 1. Who and where: the account of the current credentials.
if ! account="$(aws "${aws_flags[@]}" sts get-caller-identity --query Account --output text 2>"$work_dir/sts.err")"; then
  die "not logged in to AWS (aws sts get-caller-identity failed: $(tail -n 1 "$work_dir/sts.err")). Configure credentials (aws sso login, AWS_PROFILE, or the CI role) and retry."
fi
registry="${ECR_REGISTRY:-$account.dkr.ecr.$region.amazonaws.com}"
log "account $account, region $region, registry $registry, repository $repository"

# 2. The repository: reuse it, or create it with scanning and immutable tags.
if describe_error="$(aws "${aws_flags[@]}" ecr describe-repositories --repository-names "$repository" \
    --query 'repositories[0].repositoryUri' --output text 2>&1 >/dev/null)"; then
  log "repository $repository exists"
elif [[ "$describe_error" == *RepositoryNotFoundException* ]]; then
  log "creating repository $repository (scan on push, immutable tags)"
  change aws "${aws_flags[@]}" ecr create-repository --repository-name "$repository" \
    --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE \
    --encryption-configuration encryptionType=AES256 --output text --query repository.repositoryUri >&2
else
  die "cannot read repository $repository: $describe_error"
fi

# 3. Lifecycle: drop untagged images after 7 days, keep the newest N images. put-* replaces
# the policy, so running it every time is idempotent.
lifecycle_policy="$(cat <<JSON
{"rules":[{"rulePriority":1,"description":"expire untagged images after 7 days","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}},{"rulePriority":2,"description":"keep the newest $keep_images images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":$keep_images},"action":{"type":"expire"}}]}
JSON
)"
change aws "${aws_flags[@]}" ecr put-lifecycle-policy --repository-name "$repository" \
  --lifecycle-policy-text "$lifecycle_policy" --output text --query repositoryName >&2

target="$registry/$repository:$tag"

# 4. Already there? Immutable tags cannot be pushed twice; report the existing digest.
if existing_digest="$(aws "${aws_flags[@]}" ecr describe-images --repository-name "$repository" \
    --image-ids "imageTag=$tag" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null)" \
    && [[ "$existing_digest" == sha256:* ]]; then
  log "$target is already in ECR; not pushing again"
  echo "$registry/$repository@$existing_digest"
  if [[ -n "$digest_file" ]] && ! $dry_run; then echo "$registry/$repository@$existing_digest" >"$digest_file"; fi
  exit 0
fi

# 5. Log in: the token goes from aws straight into the CLI's stdin, never into a variable,
# an argument or the terminal.
login_command=("$cli" "${global_flags[@]}" login --username AWS --password-stdin "${tls_flags[@]}" "$registry")
if $dry_run; then
  echo "[dry-run] aws ${aws_flags[*]} ecr get-login-password | ${login_command[*]}" >&2
elif ! aws "${aws_flags[@]}" ecr get-login-password | "${login_command[@]}" >&2; then
  die "login to $registry failed (expired credentials, or no ecr:GetAuthorizationToken permission)"
fi

# 6. Tag and push.
change "$cli" "${global_flags[@]}" tag "$image" "$target" >&2
push_log="$work_dir/push.log"
digest_tmp="$work_dir/digest"
push_command=("$cli" "${global_flags[@]}" push)
if [[ "$cli" != "docker" ]]; then push_command+=("${tls_flags[@]}" --digestfile "$digest_tmp"); fi
push_command+=("$target")
if $dry_run; then
  echo "[dry-run] ${push_command[*]}" >&2
  # No digest without a push: the tag reference, which deploy refuses for production overlays.
  echo "$target"
  exit 0
fi
if ! "${push_command[@]}" >"$push_log" 2>&1; then
  cat "$push_log" >&2
  if grep -qiE 'denied|unauthorized|forbidden' "$push_log"; then
    die "push of $target denied: the role needs ecr:BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage on $repository (or the tag exists: tags are immutable)"
  fi
  die "push of $target failed"
fi
cat "$push_log" >&2

# 7. The digest: from the digest file (podman/buildah) or docker's "digest: sha256:..." line.
digest="$(cat "$digest_tmp" 2>/dev/null || true)"
if [[ -z "$digest" ]]; then
  digest="$(grep -oE 'digest: sha256:[0-9a-f]{64}' "$push_log" | tail -n 1 | cut -d' ' -f2 || true)"
fi
[[ "$digest" == sha256:* ]] || die "pushed $target but could not read its digest"
log "pushed $target ($digest)"
echo "$registry/$repository@$digest"
if [[ -n "$digest_file" ]]; then echo "$registry/$repository@$digest" >"$digest_file"; fi
