#!/usr/bin/env bash
# Renders deploy/monitoring/cnpg-dr-dashboard.json with real lab data into docs/monitoring/dashboard.png:
#   1. a GitOps repo (bare, on disk) whose database "app" writes to the lab's live lineage app-database-v2,
#   2. `cnpg-dr metrics --serve` pointed at it and at the lab's S3 (the per-database series),
#   3. Prometheus (Debian package prometheus) scraping it every 5 s,
#   4. each panel's PromQL evaluated by that Prometheus into an HTML page (render_dashboard.py),
#   5. a screenshot by headless Chromium (Debian package chromium).
# Needs the lab up (tests/lab/lab.sh up). Temporal is not needed: without it the drill panels show no data.
# Grafana itself is not used: the page mimics its stat panels, the values are the real ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${1:-$ROOT/docs/monitoring/dashboard.png}
METRICS_PORT=${METRICS_PORT:-19464}
PROM_PORT=${PROM_PORT:-19090}
WORK=$(mktemp -d /tmp/cnpg-dr-render.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
for tool in prometheus chromium python3 git dotnet; do
  command -v $tool >/dev/null || { echo "render-dashboard: $tool not found (apt-get install -y prometheus chromium)" >&2; exit 2; }
done
eval "$(tests/lab/lab.sh env)"
LAB_JSON=${CNPG_DR_LAB:-/tmp/cnpg-dr-lab}/lab.json
fact() { python3 -c "import json,sys; print(json.load(open('$LAB_JSON'))['$1'])"; }

# 1. The GitOps repo, as tests/CnpgDrTemporal.Tests/Support/LabRepo.cs builds it.
DBS=infrastructure/database/cloudnative-pg
mkdir -p "$WORK/seed/$DBS/app"
cp -r tests/CnpgDrTemporal.Tests/GitOps/Fixtures/gitea/. "$WORK/seed/$DBS/app/"
find "$WORK/seed" -name '*.yaml' -exec sed -i 's/gitea/app/g' {} +
sed -i -E 's/serverName: app-database-v[0-9]+/serverName: app-database-v2/' "$WORK/seed/$DBS/app/base/cluster.yaml"
git -C "$WORK/seed" init -q -b main && git -C "$WORK/seed" add -A
git -C "$WORK/seed" -c user.name=render -c user.email=render@localhost commit -qm seed
git clone -q --bare "$WORK/seed" "$WORK/remote.git"

# 2. The exporter.
dotnet build -v q -nologo src/Worker >/dev/null
env Dr__S3__ServiceUrl="$(fact endpoint)" Dr__S3__Bucket="$(fact bucket)" Dr__S3__Prefix=cnpg \
    AWS_ACCESS_KEY_ID="$(fact accessKey)" AWS_SECRET_ACCESS_KEY="$(fact secretKey)" \
    Dr__Git__RepoUrl="file://$WORK/remote.git" Dr__Git__WorkDir="$WORK/clones" \
    Dr__Temporal__Address=127.0.0.1:1 Dr__Kubernetes__Kubeconfig=/nonexistent \
    Dr__Metrics__ListenAddress=127.0.0.1:$METRICS_PORT Dr__Metrics__CatalogInterval=00:01:00 \
    dotnet src/Worker/bin/Debug/net10.0/cnpg-dr.dll metrics --serve >"$WORK/exporter.log" 2>&1 &
PIDS+=($!)

# 3. Prometheus.
cat >"$WORK/prometheus.yml" <<YML
global: {scrape_interval: 5s, evaluation_interval: 5s}
scrape_configs:
  - job_name: cnpg-dr
    static_configs: [{targets: ['127.0.0.1:$METRICS_PORT']}]
YML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address=127.0.0.1:$PROM_PORT >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
PROM=http://127.0.0.1:$PROM_PORT
for i in $(seq 1 120); do
  if curl -fsS "$PROM/api/v1/query?query=cnpg_dr_lineages" 2>/dev/null | grep -q '"database"'; then break; fi
  [ "$i" = 120 ] && { echo "render-dashboard: no cnpg_dr_lineages in Prometheus after 2 min" >&2; cat "$WORK/exporter.log" >&2; exit 1; }
  sleep 1
done

# 4-5. Page and screenshot.
python3 docs/monitoring/render_dashboard.py deploy/monitoring/cnpg-dr-dashboard.json "$PROM" "$WORK/dashboard.html"
# The page is as tall as the dashboard's grid (about 32 px a grid unit, plus the title).
HEIGHT=$(python3 -c "import json; d=json.load(open('deploy/monitoring/cnpg-dr-dashboard.json')); print(100 + 32 * max(p['gridPos']['y'] + p['gridPos']['h'] for p in d['panels']))")
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1440,"$HEIGHT" \
  --screenshot="$OUT" "file://$WORK/dashboard.html" >/dev/null 2>&1
echo "render-dashboard: wrote $OUT"
