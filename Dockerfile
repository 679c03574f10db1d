# syntax=docker/dockerfile:1
#
# The Banqup Store wizard as a container: the standalone server that `npm run build` makes
# (.next/standalone: server.js and only the node_modules it needs), run as a non-root user.
#
#   docker build --secret id=actions_key,env=NEXT_SERVER_ACTIONS_ENCRYPTION_KEY -t banqup-store-wizard .
#   docker run -p 3000:3000 -v wizard-data:/data -e AUTH_MODE=... banqup-store-wizard
#
# AUTH_MODE is deliberately not set here: the container listens beyond loopback, where the app
# refuses to start without a sign-in (AUTH_MODE=proxy behind your authenticating proxy, or
# AUTH_MODE=oidc). See compose.yaml and the README, "Host it for your team".

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies (all of them: the build needs TypeScript, Tailwind) ----------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# NEXT_DEPLOYMENT_ID: a release tag or commit, if you have one; by default a digest of the sources.
ARG NEXT_DEPLOYMENT_ID=
# NEXT_SERVER_ACTIONS_ENCRYPTION_KEY names the server actions at build time; with DATABASE_URL
# the app refuses to start unless it runs with the key it was built with, so that replicas and
# later builds of the same code agree. Given as a build secret to keep it out of the image's
# history (Next.js does keep it in the server's manifest inside the image: treat the image as
# secret, as its environment is).
RUN --mount=type=secret,id=actions_key \
    if [ -s /run/secrets/actions_key ]; then export NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="$(cat /run/secrets/actions_key)"; fi; \
    NEXT_DEPLOYMENT_ID="${NEXT_DEPLOYMENT_ID}" npm run build

# --- run ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATA_DIR=/data
# NOTE: server.js listens on $HOSTNAME, and Docker sets HOSTNAME to the container's id, which
# resolves to the container's network address only: the health check below (127.0.0.1) and the
# app's calls to itself (APP_URL, its sandbox) would find nothing listening. 0.0.0.0 listens on
# every address of the container; publish the port only to your proxy's network.
ENV HOSTNAME=0.0.0.0
# The app's files belong to root (the app cannot change them); PGlite's data (without
# DATABASE_URL) and Next.js's cache are the user's.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
VOLUME /data
USER node
EXPOSE 3000
# Alive (not ready: /api/ready also checks the database; give that one to your load balancer).
# node, because the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: the app stops taking requests, lets running ones finish (SHUTDOWN_GRACE_SECONDS,
# 70 s by default), closes its database and exits 0. Give it that long: `docker stop -t 80`,
# compose's stop_grace_period, Kubernetes' terminationGracePeriodSeconds.
STOPSIGNAL SIGTERM
# start.mjs checks the configuration (one line naming the setting) before server.js listens.
CMD ["node", "start.mjs"]
