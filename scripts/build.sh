#!/usr/bin/env bash
# Builds the predictor image with docker, podman or buildah, tagged with the git sha
# (plus -dirty for an uncommitted tree) and, on a v* tag, the version. Idempotent: the
# same tree builds the same tags, and layer caches make a rebuild cheap.
set -euo pipefail
program=build.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

usage() {
  cat <<USAGE
Usage: scripts/build.sh [options] [-- extra build flags]

Options (environment variable, default):
  --cli NAME        CONTAINER_CLI   docker     docker | podman | buildah
  --image NAME      IMAGE_NAME      podcast-pipeline
  --tag TAG         IMAGE_TAG       from scripts/image-tag.sh (git sha[-dirty], version)
  --context DIR     BUILD_CONTEXT   repository root
  --file PATH       DOCKERFILE      <context>/Dockerfile
  --platform P      PLATFORM        (builder default)  e.g. linux/amd64
  --dry-run                          print the build command, run nothing
  -h, --help

Other environment:
  CONTAINER_GLOBAL_FLAGS   flags placed before the subcommand (e.g. buildah --root DIR)
  BUILD_FLAGS              extra flags for the build subcommand (e.g. --pull=never)

Prints the built image references, one per line, on stdout.
USAGE
}

cli="${CONTAINER_CLI:-docker}"
image="${IMAGE_NAME:-podcast-pipeline}"
tag="${IMAGE_TAG:-}"
context="${BUILD_CONTEXT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
dockerfile="${DOCKERFILE:-}"
platform="${PLATFORM:-}"
dry_run=false
extra_flags=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cli) need_value "$@"; cli="$2"; shift 2 ;;
    --image) need_value "$@"; image="$2"; shift 2 ;;
    --tag) need_value "$@"; tag="$2"; shift 2 ;;
    --context) need_value "$@"; context="$2"; shift 2 ;;
    --file) need_value "$@"; dockerfile="$2"; shift 2 ;;
    --platform) need_value "$@"; platform="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra_flags+=("$@"); break ;;
    *) unknown_flag "$1" --cli --image --tag --context --file --platform --dry-run --help ;;
  esac
done

case "$cli" in
  docker|podman|buildah) ;;
  *) echo "build.sh: CONTAINER_CLI must be docker, podman or buildah, not '$cli'" >&2; exit 2 ;;
esac
if ! $dry_run && ! command -v "$cli" >/dev/null 2>&1; then
  echo "build.sh: '$cli' is not on PATH (set CONTAINER_CLI or --cli)" >&2
  exit 1
fi
dockerfile="${dockerfile:-$context/Dockerfile}"

tags=()
if [[ -n "$tag" ]]; then
  tags=("$tag")
else
  mapfile -t tags < <("$(dirname "${BASH_SOURCE[0]}")/image-tag.sh" --context "$context")
fi

revision="$(git -C "$context" rev-parse HEAD 2>/dev/null || echo unknown)"
# The commit time, not the clock: the same commit gets the same label.
created="$(git -C "$context" log -1 --format=%cI 2>/dev/null || echo 1970-01-01T00:00:00Z)"
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$context/package.json" 2>/dev/null | head -n 1)"
version="${version:-0.0.0-dev}"

read -r -a global_flags <<<"${CONTAINER_GLOBAL_FLAGS:-}"
read -r -a build_flags <<<"${BUILD_FLAGS:-}"
subcommand=(build)
command=("$cli" "${global_flags[@]}" "${subcommand[@]}" --file "$dockerfile")
for t in "${tags[@]}"; do command+=(--tag "$image:$t"); done
command+=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "CREATED=$created")
if [[ -n "$platform" ]]; then command+=(--platform "$platform"); fi
command+=("${build_flags[@]}" "${extra_flags[@]}" "$context")

if $dry_run; then
  echo "[dry-run] ${command[*]}" >&2
else
  echo "build.sh: ${command[*]}" >&2
  "${command[@]}" >&2
fi
for t in "${tags[@]}"; do echo "$image:$t"; done
