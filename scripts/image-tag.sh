#!/usr/bin/env bash
# Prints the image tags of the source tree at --context (default: the repository root):
#   line 1: the git short sha, with "-dirty" when the tree has uncommitted changes
#   line 2: the version (v1.2.3 -> 1.2.3) when HEAD carries a v* tag and the tree is clean
# Used by build.sh and push-ecr.sh so that both agree on the tag.
set -euo pipefail
program=image-tag.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/image-tag.sh [--context DIR]

Prints the image tag(s) for the git tree in DIR (default: repository root):
  <sha12>[-dirty]     always
  <version>           when HEAD is tagged v<version> and the tree is clean
USAGE
}

context="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --context) need_value "$@"; context="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_flag "$1" --context --help ;;
  esac
done

if ! git -C "$context" rev-parse --git-dir >/dev/null 2>&1; then
  echo "image-tag.sh: $context is not a git work tree; pass --tag to build.sh instead" >&2
  exit 1
fi
sha="$(git -C "$context" rev-parse --short=12 HEAD)"
dirty=""
# Untracked files count: they would be copied into the image too.
if [[ -n "$(git -C "$context" status --porcelain 2>/dev/null)" ]]; then dirty="-dirty"; fi
echo "${sha}${dirty}"
if [[ -z "$dirty" ]]; then
  if version_tag="$(git -C "$context" describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null)"; then
    echo "${version_tag#v}"
  fi
fi
