#!/usr/bin/env bash
# The Dockerfile's runtime stage without Docker (this machine cannot pull images): production dependencies only
# (`npm ci --omit=dev`), the built dist/ and manifests/, then the CLI, a start, /healthz, /metrics and a clean SIGTERM.
# It catches a runtime import of a devDependency, which the test suite (run with every dependency) cannot.
# Needs `npm run build` first. Usage: bash scripts/check-runtime.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/main.js ] || { echo "check-runtime: run npm run build first" >&2; exit 1; }
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp package.json package-lock.json "$work/"
cp -r dist manifests "$work/"
(cd "$work" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
cd "$work"
node dist/cli/main.js version >/dev/null
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export NODE_ENV=production PORT="$port" DATA_DIR="$work/data" TEAMS_ENABLED=true LOG_LEVEL=warn \
  TEAMVIEWER_CLIENT_ID=runtime-check TEAMVIEWER_CLIENT_SECRET=runtime-check \
  ENCRYPTION_KEY="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
node dist/main.js >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then break; fi
  sleep 0.2
done
node -e "
  (async () => {
    const base = 'http://127.0.0.1:$port';
    const health = await fetch(base + '/healthz');
    const metrics = await (await fetch(base + '/metrics')).text();
    if (!health.ok) throw new Error('/healthz answered ' + health.status);
    if (!metrics.includes('tvc_commands_total')) throw new Error('/metrics lacks tvc_commands_total');
  })().catch((e) => { console.error('check-runtime:', e.message); process.exit(1); });
"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ]; then
  echo "check-runtime: the bot exited $status after SIGTERM" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
echo "check-runtime: production dependencies only: CLI, start, /healthz, /metrics and SIGTERM (exit 0) all fine"
