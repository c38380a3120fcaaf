# syntax=docker/dockerfile:1
# The podcast-pipeline KServe predictor. Three stages: build (all dependencies, tsc),
# prod-deps (production dependencies only) and runtime (the bundle + prod node_modules, no npm).
# Build: scripts/build.sh (docker, podman or buildah). The base is pinned by version tag;
# CI may pin it further by digest: --build-arg NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:...
ARG NODE_IMAGE=docker.io/library/node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies include the `node` package that pins Node 24 for npm scripts; it stays
# in this stage.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY predictor ./predictor
COPY scripts ./scripts
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: no production dependency needs one, and none may run in this image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

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
# npm, npx, corepack and yarn are not needed to run `node`: removing them drops their
# bundled dependencies from the image (and from vulnerability scans).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg
# HOME and the npm cache under /tmp: the root filesystem is read-only at run time and
# /tmp is the one writable (emptyDir) path.
ENV NODE_ENV=production \
    PORT=8080 \
    HOME=/tmp
WORKDIR /app
# Owned by root and not writable by the node user: the app cannot modify its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/bundle ./dist/bundle
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
# node directly, never npm: npm does not forward SIGTERM, so the predictor would not drain.
# The esbuild bundle (scripts/bundle.mjs) starts in about two thirds of the time of the
# module tree (docs/benchmarks.md); node_modules stays for anything loaded dynamically.
CMD ["node", "dist/bundle/main.mjs"]
