#!/usr/bin/env bash
# bench/compare.sh — Lord's Press beside nginx and Wagtail, in one interleaved run.
#
#   bench/compare.sh                 # seed, start everything, measure, stop, print the table
#   ROUNDS=1 DURATION=5s bench/compare.sh   # a quick look
#
# What it does (README, "Performance"):
#   1. a PostgreSQL database ($BENCH_DATABASE_URL, default .../lp_bench) migrated and seeded with
#      `seed_demo --articles $ARTICLES` (500 articles of ~1,200 words, as the peers have);
#   2. the project in production mode (DEBUG=0, collected static files, Redis cache) under
#      gunicorn with 2 sync workers, as the Wagtail peer runs: once with the page cache on
#      (port 8090) and once with PAGE_CACHE_SECONDS=0 (port 8091);
#   3. deploy/nginx.conf, made local (plain HTTP, local paths) by bench/nginx_local.py, in front
#      of the cached one (port 8092);
#   4. the peers of ../shared/bench/peers.sh (nginx static file on 8081, Wagtail 8 on 8082);
#   5. ../shared/bench/measure.sh over all of them (interleaved wrk rounds at 16 and 64
#      connections; the "rel" column is each URL's req/s over the first URL's: Wagtail's article).
# Everything it starts is stopped on exit. Loopback only. Needs wrk (peers.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
ARTICLES=${ARTICLES:-500}
BENCH_DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lp_bench}
BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/7}
WORKERS=${WORKERS:-2}
PORT_CACHE=8090 PORT_NOCACHE=8091 PORT_FRONT=8092
RUN=${BENCH_RUN:-$ROOT/var/bench}
PY=$ROOT/.venv/bin/python

[ -x "$PY" ] || { echo "no .venv: run 'make install' first" >&2; exit 1; }
[ -x "$SHARED/peers.sh" ] || { echo "no peers at $SHARED (set SHARED_BENCH)" >&2; exit 1; }
mkdir -p "$RUN"

# The production environment the README documents, on loopback without TLS.
export DEBUG=0
export SECRET_KEY=${SECRET_KEY:-bench-only-$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)}
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=http://127.0.0.1:$PORT_FRONT
export SECURE_SSL_REDIRECT=0
export DATABASE_URL=$BENCH_DATABASE_URL
export REDIS_URL=$BENCH_REDIS_URL
export STATIC_ROOT=$RUN/static
export MEDIA_ROOT=$RUN/media
export LOG_LEVEL=WARNING

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  "$SHARED/peers.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== database and content ($ARTICLES articles)"
db=${BENCH_DATABASE_URL##*/}
admin_url="${BENCH_DATABASE_URL%/*}/postgres"
psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || psql "$admin_url" -qc "CREATE DATABASE \"$db\""
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo --articles "$ARTICLES" >/dev/null
"$PY" manage.py collectstatic --noinput -v0
redis-cli -u "$BENCH_REDIS_URL" flushdb >/dev/null 2>&1 || true

serve() { # port page-cache-seconds
  PAGE_CACHE_SECONDS=$2 setsid "$ROOT/.venv/bin/gunicorn" lordspress.wsgi \
    --bind "127.0.0.1:$1" --workers "$WORKERS" --worker-class sync \
    --access-logfile - --error-logfile "$RUN/gunicorn-$1.log" >/dev/null 2>&1 &
  pids+=($!)
}
wait_up() {
  for _ in $(seq 1 80); do curl -fs -o /dev/null "$1" && return 0; sleep 0.25; done
  echo "$1 did not answer" >&2; exit 1
}

echo "== the project: page cache on :$PORT_CACHE, off :$PORT_NOCACHE, behind nginx :$PORT_FRONT"
serve "$PORT_CACHE" "${PAGE_CACHE_SECONDS:-300}"
serve "$PORT_NOCACHE" 0
"$PY" bench/nginx_local.py --dir "$RUN/nginx" --port "$PORT_FRONT" --upstream "$PORT_CACHE" \
  --static "$RUN/static" --media "$RUN/media"
NGINX=${NGINX_BINARY:-$(command -v nginx || echo /usr/sbin/nginx)}
setsid "$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e stderr 2>"$RUN/nginx/console" &
pids+=($!)
wait_up "http://127.0.0.1:$PORT_CACHE/"
wait_up "http://127.0.0.1:$PORT_NOCACHE/"
wait_up "http://127.0.0.1:$PORT_FRONT/"

echo "== peers"
"$SHARED/peers.sh" start >/dev/null
wait_up "http://127.0.0.1:8082/article-0250/"

# The pages: the 250th article (as the peers' /article-0250/), a section, an archive month and
# a search, each read from the seeded database.
read -r article section month <<<"$("$PY" bench/pages.py)"
echo "   article $article, section $section, month $month"
lp() { echo "http://127.0.0.1:$1$2"; }

"$SHARED/measure.sh" \
  wagtail=http://127.0.0.1:8082/article-0250/ \
  nginx=http://127.0.0.1:8081/article.html \
  article-cached="$(lp $PORT_CACHE "$article")" \
  article-front="$(lp $PORT_FRONT "$article")" \
  article="$(lp $PORT_NOCACHE "$article")" \
  home="$(lp $PORT_NOCACHE /)" \
  section="$(lp $PORT_NOCACHE "$section")" \
  archive="$(lp $PORT_NOCACHE "$month")" \
  search="$(lp $PORT_NOCACHE "/search/?q=treaty")"
