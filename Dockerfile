# syntax=docker/dockerfile:1
# The podcast-pipeline KServe predictor. Two stages: build (all dependencies; the esbuild
# bundle with its JSON-schema validators compiled and a V8 code cache warmed) and
# a runtime that holds the bundle and nothing else: it needs no node_modules, so none is
# copied. Two runtimes, one per base; the default (the last stage) is Debian slim:
#   runtime             node:24-bookworm-slim, npm removed, user node (1000)
#   runtime-distroless  gcr.io/distroless/nodejs24-debian12:nonroot: no shell, no package
#                       manager, user nonroot (65532); build with --target runtime-distroless
# Build: scripts/build.sh (docker, podman or buildah). Bases are pinned by version tag; CI
# may pin them further by digest: --build-arg NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:...
ARG NODE_IMAGE=docker.io/library/node:24.21.0-bookworm-slim
ARG DISTROLESS_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies include the `node` package that pins Node 24 for npm scripts, esbuild and
# tsx; they stay in this stage.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY predictor ./predictor
COPY scripts ./scripts
# The bundle only: esbuild reads the TypeScript sources itself, so no tsc output is needed
# here (type checking is CI's lint step). Its build starts the server twice on loopback (an
# in-process default start that records the schemas to precompile, then one start to warm
# the V8 code cache). Source maps stay in this stage: nothing at run time reads them.
RUN node scripts/bundle.mjs && find dist/bundle -name '*.map' -delete

FROM ${DISTROLESS_IMAGE} AS runtime-distroless
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="podcast-pipeline" \
      org.opencontainers.image.description="KServe custom predictor (Open Inference Protocol v2) serving a multi-agent podcast analysis pipeline on Gemini" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/example-org/multi-agent-pipeline" \
      org.opencontainers.image.base.name="gcr.io/distroless/nodejs24-debian12:nonroot"
ENV NODE_ENV=production \
    PORT=8080 \
    HOME=/tmp
WORKDIR /app
# Owned by root and not writable by nonroot: the app cannot modify its own code (nor the
# code cache, which it only reads).
COPY --from=build /app/dist/bundle ./dist/bundle
USER 65532:65532
EXPOSE 8080
STOPSIGNAL SIGTERM
# No shell here: exec form only. The base's entrypoint is /nodejs/bin/node, named again so
# the command does not depend on it.
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["dist/bundle/main.mjs"]

FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="podcast-pipeline" \
      org.opencontainers.image.description="KServe custom predictor (Open Inference Protocol v2) serving a multi-agent podcast analysis pipeline on Gemini" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/example-org/multi-agent-pipeline" \
      org.opencontainers.image.base.name="docker.io/library/node:24.21.0-bookworm-slim"
# npm, npx, corepack and yarn are not needed to run `node`: removing them drops them from
# what a container can run and from vulnerability scans (the base layer still holds them).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg
# HOME under /tmp: the root filesystem is read-only at run time and /tmp is the one
# writable (emptyDir) path.
ENV NODE_ENV=production \
    PORT=8080 \
    HOME=/tmp
WORKDIR /app
# Owned by root and not writable by the node user: the app cannot modify its own code (nor
# the code cache, which it only reads).
COPY --from=build /app/dist/bundle ./dist/bundle
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
# node directly, never npm: npm does not forward SIGTERM, so the predictor would not drain.
# main.mjs runs server.cjs with the V8 code cache warmed at build time.
CMD ["node", "dist/bundle/main.mjs"]
