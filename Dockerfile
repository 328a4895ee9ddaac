# syntax=docker/dockerfile:1.7
# One image recipe for every service:  docker build --build-arg SERVICE=matcher -t rapport/matcher .
# The `workspace` target is the whole workspace with production dependencies, for one-shot jobs
# such as `node packages/cli/src/main.ts setup` (migrations and topics).
#
# Sources run as TypeScript through Node's type stripping, which Node refuses under node_modules/.
# So workspace packages must stay where they are (packages/*) behind pnpm's symlinks, and
# `pnpm deploy`, which copies them into node_modules/, is not used: a filtered install is.

ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS base
# The version pinned by package.json's packageManager. npm, not corepack: corepack's signature
# check fails on hosts like ours (see /work/shared/INFRA.md).
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
ENV PNPM_HOME=/pnpm \
    CI=true
WORKDIR /app

# Dependencies first, from the lockfile alone, so source edits reuse this layer.
FROM base AS fetch
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
# pnpm-workspace.yaml names patches of dependencies (kafkajs' negative timer and native CRC-32C, see patches/).
COPY patches ./patches
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --prod --store-dir /pnpm/store

FROM fetch AS workspace
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --prod --store-dir /pnpm/store
USER node
CMD ["node", "packages/cli/src/main.ts", "--help"]

FROM fetch AS build
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<a folder of services/>" >&2; exit 1)
COPY . .
# `<pkg>...` installs the service and the workspace packages it depends on, nothing else.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    test -f "services/${SERVICE}/package.json" \
    && pnpm install --offline --frozen-lockfile --prod --store-dir /pnpm/store --filter "./services/${SERVICE}..." \
    && find services -mindepth 1 -maxdepth 1 -type d ! -name "${SERVICE}" -exec rm -rf {} +

FROM node:${NODE_VERSION}-bookworm-slim AS service
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=3000
# COPY keeps pnpm's symlinks, so @rapport/* resolve to /app/packages/*/src (outside node_modules).
COPY --from=build --chown=root:root /app /app
WORKDIR /app/services/${SERVICE}
USER node
EXPOSE 3000
# Liveness only: readiness (/readyz) is for the orchestrator's routing, not for restarts.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 (the shell execs it): runService traps SIGTERM/SIGINT itself and exits after an ordered
# shutdown. node-options, if the service has one, holds its Node flags (as ./dev.sh up reads them).
CMD ["sh", "-c", "exec node $(sed 's/#.*//' node-options 2>/dev/null) src/server.ts"]
