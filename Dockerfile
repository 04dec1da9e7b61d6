# teamviewer-chatops: `docker build -t teamviewer-chatops .` then run with your settings as environment variables
# (README "Settings"). The embedded store lives in the /data volume; with DATABASE_URL it is not used.

# --- build: compile TypeScript with the dev dependencies --------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled JavaScript only -------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `doctor` reads the Slack manifest to compare scopes.
COPY manifests ./manifests
# A new named volume copies this directory's owner and mode: the bot (uid 1000) writes it, nobody else reads it
# (it holds encrypted OAuth tokens; the store keeps it 0700 anyway).
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
# The image's unprivileged `node` user (uid 1000); mount /data writable for that uid.
USER node
VOLUME ["/data"]
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks the liveness route.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot drains on SIGTERM within SHUTDOWN_TIMEOUT (25 s): give it that long before SIGKILL (docker stop -t 30).
STOPSIGNAL SIGTERM
# node itself as PID 1 (not `npm start`, which would not pass the signal on).
CMD ["node", "dist/main.js"]
