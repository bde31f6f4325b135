//! Static validation of the deployment files in `deploy/` and
//! `docker-compose.yml`.
//!
//! No Docker engine or Kubernetes cluster runs here, so these tests read the
//! files the way those tools would and check what a typo would break: that
//! everything parses, that every referenced file exists, that ports, probe
//! paths and grace periods agree with the worker's configuration, and that
//! the RabbitMQ definitions grant the worker exactly what it needs.
//! `deploy/validate.sh` adds the real tools that can be installed here
//! (docker-compose, kubernetes-validate, hadolint, systemd-analyze, a
//! throwaway broker).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use kabar::Settings;
use kabar::Topology;
use serde::Deserialize;
use serde_json::Value;

/// The worker's HTTP port in every deploy file (`http.listen = "0.0.0.0:9464"`).
const HTTP_PORT: u64 = 9464;

/// Metric names the worker exports (DESIGN.md, issue 6); the dashboard may
/// use nothing else.
const METRICS: &[&str] = &[
    "kabar_jobs_total",
    "kabar_job_duration_seconds",
    "kabar_jobs_in_flight",
    "kabar_reconnects_total",
    "kabar_results_published_total",
    "kabar_ready",
    "kabar_broker_blocked",
    "kabar_results_refused_total",
    "kabar_results_held",
    "kabar_replies_refused_total",
    "kabar_rescued_total",
    "kabar_build_info",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = repo().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every document of a YAML file, as JSON values (all our keys are strings).
fn yaml_docs(rel: &str) -> Vec<Value> {
    let text = read(rel);
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|doc| Value::deserialize(doc).unwrap_or_else(|e| panic!("{rel}: {e}")))
        .filter(|v| !v.is_null())
        .collect()
}

fn yaml(rel: &str) -> Value {
    let mut docs = yaml_docs(rel);
    assert_eq!(docs.len(), 1, "{rel}: expected one YAML document");
    docs.remove(0)
}

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn toml_value(text: &str, what: &str) -> Value {
    toml::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// `v` at a JSON pointer, or a panic naming the file and the pointer.
fn at<'a>(v: &'a Value, pointer: &str, what: &str) -> &'a Value {
    v.pointer(pointer)
        .unwrap_or_else(|| panic!("{what}: missing {pointer}"))
}

fn str_at<'a>(v: &'a Value, pointer: &str, what: &str) -> &'a str {
    at(v, pointer, what)
        .as_str()
        .unwrap_or_else(|| panic!("{what}: {pointer} is not a string"))
}

/// The settings a deployment's worker ends up with, through kabar's own
/// loader: `config_toml` as the `--config` file, then `env`. The password file
/// is left out: its path exists only inside the container or unit.
fn effective_settings(config_toml: Option<&str>, env: &[(String, String)]) -> Settings {
    let dir = tempfile::tempdir().unwrap();
    let file = config_toml.map(|text| {
        let path = dir.path().join("kabar.toml");
        fs::write(&path, text).unwrap();
        path
    });
    let env: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| k != "KABAR__AMQP__PASSWORD_FILE")
        .cloned()
        .collect();
    Settings::load_from_env(file.as_deref(), &vec![], env)
        .unwrap_or_else(|e| panic!("the deployment's settings do not load: {e}"))
}

/// `KABAR__*` variables of a compose service's `environment` map.
fn compose_env(service: &Value) -> Vec<(String, String)> {
    service["environment"]
        .as_object()
        .expect("environment as a map")
        .iter()
        .filter(|(k, _)| k.starts_with("KABAR__"))
        .map(|(k, v)| (k.clone(), v.as_str().expect("string values").to_owned()))
        .collect()
}

/// Port of an `host:port` listen address.
fn listen_port(addr: &str) -> u64 {
    addr.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or_else(|| panic!("listen address without a port: {addr:?}"))
}

/// Seconds of a compose duration such as `45s`, `1m30s` or `2m`.
fn compose_duration_s(text: &str) -> u64 {
    let mut total = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number
            .parse()
            .unwrap_or_else(|_| panic!("bad duration {text:?}"));
        number.clear();
        total += match c {
            'h' => n * 3600,
            'm' => n * 60,
            's' => n,
            _ => panic!("unsupported unit in duration {text:?}"),
        };
    }
    assert!(number.is_empty(), "duration without a unit: {text:?}");
    total
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_yaml_json_and_toml_file_parses() {
    let mut files = vec![repo().join("docker-compose.yml")];
    files_under(&repo().join("deploy"), &mut files);
    let mut counted = BTreeMap::new();
    for path in &files {
        let rel = path
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "yml" | "yaml" => assert!(!yaml_docs(&rel).is_empty(), "{rel} is empty"),
            "json" => {
                json(&rel);
            }
            "toml" => {
                toml_value(&read(&rel), &rel);
            }
            _ => continue,
        }
        *counted.entry(ext.to_owned()).or_insert(0) += 1;
    }
    // The ConfigMap carries a TOML file of its own.
    let configmap = yaml("deploy/k8s/configmap.yaml");
    toml_value(
        str_at(&configmap, "/data/kabar.toml", "configmap.yaml"),
        "configmap.yaml kabar.toml",
    );
    println!("parsed: {counted:?}");
    assert!(
        counted.get("yaml").copied().unwrap_or(0) >= 7,
        "{counted:?}"
    );
    assert!(
        counted.get("json").copied().unwrap_or(0) >= 2,
        "{counted:?}"
    );
}

#[test]
fn compose_references_existing_files() {
    let compose = yaml("docker-compose.yml");
    let services = at(&compose, "/services", "compose").as_object().unwrap();
    let mut checked = 0;
    for (name, service) in services {
        for volume in service["volumes"].as_array().into_iter().flatten() {
            let spec = volume.as_str().expect("short volume syntax");
            let source = spec.split(':').next().unwrap();
            if source.starts_with("./") {
                assert!(
                    repo().join(source).exists(),
                    "{name}: {source} does not exist"
                );
                checked += 1;
            } else {
                let volumes = at(&compose, "/volumes", "compose");
                assert!(
                    volumes.get(source).is_some(),
                    "{name}: undeclared volume {source}"
                );
            }
        }
        if let Some(build) = service.get("build") {
            let context = repo().join(str_at(build, "/context", name));
            assert!(
                context.join("Cargo.toml").exists(),
                "{name}: build context without Cargo.toml"
            );
            let dockerfile = context.join(str_at(build, "/dockerfile", name));
            assert!(
                dockerfile.is_file(),
                "{name}: {} missing",
                dockerfile.display()
            );
            checked += 1;
        }
        for secret in service["secrets"].as_array().into_iter().flatten() {
            let secret = secret.as_str().unwrap();
            let file = str_at(
                &compose,
                &format!("/secrets/{secret}/file"),
                "compose secrets",
            );
            assert!(repo().join(file).is_file(), "secret file {file} missing");
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} references checked");
}

#[test]
fn compose_broker_is_healthchecked_and_loads_the_definitions() {
    let compose = yaml("docker-compose.yml");
    let rabbit = at(&compose, "/services/rabbitmq", "compose");
    assert!(str_at(rabbit, "/image", "rabbitmq").contains("management"));
    assert!(
        rabbit["healthcheck"]["test"].is_array(),
        "rabbitmq needs a healthcheck"
    );
    let volumes: Vec<&str> = rabbit["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        volumes.iter().any(|v| v.ends_with(":/var/lib/rabbitmq")),
        "durable data volume"
    );
    // rabbitmq.conf names the path the definitions are mounted at.
    let conf = read("deploy/rabbitmq/rabbitmq.conf");
    let defs_path = conf
        .lines()
        .find_map(|l| l.strip_prefix("definitions.local.path = "))
        .expect("rabbitmq.conf loads definitions from a local file");
    assert!(
        volumes
            .iter()
            .any(|v| *v == format!("./deploy/rabbitmq/definitions.json:{defs_path}:ro")),
        "definitions.json must be mounted at {defs_path}: {volumes:?}"
    );
    assert!(
        volumes
            .iter()
            .any(|v| v.starts_with("./deploy/rabbitmq/rabbitmq.conf:/etc/rabbitmq/")),
        "rabbitmq.conf must be mounted: {volumes:?}"
    );
}

#[test]
fn compose_worker_is_scalable_and_checks_its_health_on_9464() {
    let compose = yaml("docker-compose.yml");
    let worker = at(&compose, "/services/worker", "compose");
    // `--scale worker=N` breaks on a fixed name or a published host port.
    assert!(worker.get("container_name").is_none());
    assert!(
        worker.get("ports").is_none(),
        "no host ports on a scaled service"
    );
    assert_eq!(
        str_at(worker, "/depends_on/rabbitmq/condition", "worker"),
        "service_healthy"
    );
    let env = at(worker, "/environment", "worker");
    let settings = effective_settings(None, &compose_env(worker));
    assert_eq!(listen_port(&settings.http.listen), HTTP_PORT);
    let url = str_at(env, "/KABAR__AMQP__URL", "worker env");
    assert!(url.starts_with("amqp://kabar@rabbitmq:5672/"), "{url}");
    let password_file = str_at(env, "/KABAR__AMQP__PASSWORD_FILE", "worker env");
    let secret = password_file
        .strip_prefix("/run/secrets/")
        .expect("a compose secret");
    assert!(
        worker["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == secret)
    );

    let test: Vec<&str> = at(worker, "/healthcheck/test", "worker")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        &test[..3],
        &["CMD", "/usr/local/bin/kabar", "health"],
        "{test:?}"
    );
    let health_url = test[test.iter().position(|a| *a == "--url").unwrap() + 1];
    assert_eq!(health_url, format!("http://127.0.0.1:{HTTP_PORT}/healthz"));
    assert_eq!(
        at(worker, "/expose/0", "worker"),
        &Value::from(HTTP_PORT.to_string())
    );

    assert_eq!(str_at(worker, "/stop_signal", "worker"), "SIGTERM");
    let grace = compose_duration_s(str_at(worker, "/stop_grace_period", "worker"));
    assert!(
        grace > settings.stop_budget_s(),
        "stop_grace_period {grace}s: a SIGTERM can take {}s",
        settings.stop_budget_s()
    );
}

#[test]
fn compose_prometheus_is_optional_and_scrapes_every_worker() {
    let compose = yaml("docker-compose.yml");
    for service in ["prometheus", "grafana"] {
        let profiles = at(
            &compose,
            &format!("/services/{service}/profiles"),
            "compose",
        );
        assert_eq!(profiles, &serde_json::json!(["monitoring"]), "{service}");
    }
    let prometheus = yaml("deploy/prometheus/prometheus.yml");
    let job = prometheus["scrape_configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["job_name"] == "kabar")
        .expect("a kabar scrape job");
    assert_eq!(job["metrics_path"], "/metrics");
    // DNS service discovery: one target per replica of the worker service.
    let sd = at(job, "/dns_sd_configs/0", "prometheus.yml");
    assert_eq!(sd["names"], serde_json::json!(["worker"]));
    assert_eq!(sd["port"], HTTP_PORT);
}

#[test]
fn dockerfile_is_multistage_non_root_and_healthchecked() {
    let dockerfile = read("deploy/Dockerfile");
    let instructions: Vec<&str> = dockerfile
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let from = instructions
        .iter()
        .filter(|l| l.starts_with("FROM "))
        .count();
    assert!(from >= 2, "multi-stage build");
    let has = |prefix: &str| instructions.iter().any(|l| l.starts_with(prefix));
    assert!(has("STOPSIGNAL SIGTERM"));
    assert!(has(&format!("EXPOSE {HTTP_PORT}")));
    let user = instructions
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("USER in the runtime stage");
    assert!(
        !user.starts_with("root") && !user.starts_with("0"),
        "USER {user}"
    );
    // The dependency layer: manifests are copied and built before the sources.
    let copy_manifests = instructions
        .iter()
        .position(|l| l.starts_with("COPY Cargo.toml Cargo.lock"))
        .unwrap();
    let copy_sources = instructions.iter().position(|l| *l == "COPY . .").unwrap();
    assert!(copy_manifests < copy_sources);
    // HEALTHCHECK spans continuation lines: join them.
    let joined = dockerfile.replace("\\\n", " ");
    let health = joined
        .lines()
        .find(|l| l.starts_with("HEALTHCHECK"))
        .expect("HEALTHCHECK");
    assert!(
        health.contains(r#"["/usr/local/bin/kabar", "health""#),
        "{health}"
    );
    assert!(
        health.contains(&format!("http://127.0.0.1:{HTTP_PORT}/healthz")),
        "{health}"
    );
    let env: Vec<(String, String)> = joined
        .lines()
        .filter(|l| l.starts_with("ENV "))
        .flat_map(|l| l.split_whitespace().skip(1))
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let settings = effective_settings(None, &env);
    assert_eq!(
        listen_port(&settings.http.listen),
        HTTP_PORT,
        "the image turns the HTTP listener on"
    );
    // The build context must not ship target/ to the daemon.
    let ignore = read(".dockerignore");
    assert!(
        ignore
            .lines()
            .any(|l| l.trim() == "target/" || l.trim() == "target")
    );
}

/// The k8s documents by kind.
fn k8s_objects() -> BTreeMap<String, Value> {
    let kustomization = yaml("deploy/k8s/kustomization.yaml");
    let mut objects = BTreeMap::new();
    for resource in kustomization["resources"].as_array().unwrap() {
        let rel = format!("deploy/k8s/{}", resource.as_str().unwrap());
        for doc in yaml_docs(&rel) {
            let kind = str_at(&doc, "/kind", &rel).to_owned();
            assert!(objects.insert(kind.clone(), doc).is_none(), "two {kind}s");
        }
    }
    objects
}

#[test]
fn kustomization_lists_every_manifest() {
    let kustomization = yaml("deploy/k8s/kustomization.yaml");
    let listed: BTreeSet<String> = kustomization["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    let mut present = BTreeSet::new();
    for entry in fs::read_dir(repo().join("deploy/k8s")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") && name != "kustomization.yaml" {
            present.insert(name);
        }
    }
    // Everything but the example Secret: `kubectl apply -k` of the base or of an
    // overlay must never put `password: change-me` over the real Secret.
    assert!(present.remove("secret.example.yaml"));
    assert_eq!(listed, present);
    let kinds: BTreeSet<String> = k8s_objects().into_keys().collect();
    for kind in [
        "ConfigMap",
        "Deployment",
        "PodDisruptionBudget",
        "ScaledObject",
        "Service",
        "TriggerAuthentication",
    ] {
        assert!(kinds.contains(kind), "missing {kind}");
    }
    assert!(!kinds.contains("Secret"), "the base must not ship a Secret");
    // The README's overlay creates the real one with kubectl instead.
    let readme = read("README.md");
    assert!(
        readme.contains("kubectl create secret generic kabar-amqp"),
        "README does not say how to create the Secret"
    );
}

/// The Secret the base expects, as its example file shows it.
fn example_secret() -> Value {
    let secret = yaml("deploy/k8s/secret.example.yaml");
    assert_eq!(secret["kind"], "Secret");
    secret
}

#[test]
fn k8s_deployment_probes_ports_grace_and_password_file() {
    let objects = k8s_objects();
    let deployment = &objects["Deployment"];
    let what = "deployment.yaml";
    let pod = at(deployment, "/spec/template/spec", what);
    let container = at(pod, "/containers/0", what);

    // Probes reference the named port, which is the worker's HTTP port.
    let port = &container["ports"].as_array().unwrap()[0];
    assert_eq!(port["containerPort"], HTTP_PORT);
    let port_name = str_at(port, "/name", what);
    for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
        let get = at(container, &format!("/{probe}/httpGet"), what);
        assert_eq!(get["path"], path, "{probe}");
        assert!(
            get["port"] == port_name || get["port"] == HTTP_PORT,
            "{probe} port"
        );
    }
    for key in ["requests", "limits"] {
        let r = at(container, &format!("/resources/{key}"), what);
        assert!(r["memory"].is_string(), "resources.{key}.memory");
    }

    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);

    // Config: the ConfigMap mounted where --config points, listening on 9464.
    let args: Vec<&str> = container["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args[0], "worker");
    let config_path = args[args.iter().position(|a| *a == "--config").unwrap() + 1];
    let mount_of = |volume: &str| -> String {
        container["volumeMounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == volume)
            .map(|m| m["mountPath"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("volume {volume} is not mounted"))
    };
    let volume = |pred: &dyn Fn(&Value) -> bool| -> Value {
        pod["volumes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| pred(v))
            .cloned()
            .expect("volume")
    };
    let config_volume = volume(&|v| v.get("configMap").is_some());
    let configmap = &objects["ConfigMap"];
    assert_eq!(
        config_volume["configMap"]["name"],
        configmap["metadata"]["name"]
    );
    let config_key = config_path
        .strip_prefix(&format!(
            "{}/",
            mount_of(str_at(&config_volume, "/name", what))
        ))
        .expect("--config points into the ConfigMap mount");
    let toml_text = str_at(configmap, &format!("/data/{config_key}"), "configmap.yaml");
    let env: Vec<(String, String)> = container["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e["value"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let settings = effective_settings(Some(toml_text), &env);
    assert_eq!(listen_port(&settings.http.listen), HTTP_PORT);
    assert!(
        settings.amqp.url.split('@').next().unwrap() == "amqp://kabar",
        "no password in the ConfigMap's URL"
    );
    let grace = at(pod, "/terminationGracePeriodSeconds", what)
        .as_u64()
        .unwrap();
    assert!(
        grace > settings.stop_budget_s(),
        "grace {grace}s: a SIGTERM can take {}s",
        settings.stop_budget_s()
    );
    // One analysis slot per CPU of the limit, not per CPU of the node.
    let cpus: usize = str_at(container, "/resources/limits/cpu", what)
        .parse()
        .expect("whole CPUs");
    assert_eq!(settings.worker.concurrency, cpus);

    // Password: KABAR__AMQP__PASSWORD_FILE is a file of the mounted Secret.
    let env = container["env"].as_array().unwrap();
    let password_file = env
        .iter()
        .find(|e| e["name"] == "KABAR__AMQP__PASSWORD_FILE")
        .and_then(|e| e["value"].as_str())
        .expect("KABAR__AMQP__PASSWORD_FILE");
    let secret_volume = volume(&|v| v.get("secret").is_some());
    let secret = &example_secret();
    assert_eq!(
        secret_volume["secret"]["secretName"],
        secret["metadata"]["name"]
    );
    let item = &secret_volume["secret"]["items"][0];
    let mount = mount_of(str_at(&secret_volume, "/name", what));
    assert_eq!(
        password_file,
        format!("{mount}/{}", item["path"].as_str().unwrap())
    );
    let key = str_at(item, "/key", what);
    assert!(
        secret["stringData"].get(key).is_some(),
        "secret has no key {key}"
    );
}

#[test]
fn k8s_service_pdb_and_pod_labels_agree() {
    let objects = k8s_objects();
    let labels = at(
        &objects["Deployment"],
        "/spec/template/metadata/labels",
        "deployment",
    )
    .as_object()
    .unwrap()
    .clone();
    let matches = |selector: &Value| {
        selector
            .as_object()
            .unwrap()
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
    };
    assert!(matches(at(
        &objects["Deployment"],
        "/spec/selector/matchLabels",
        "deployment"
    )));
    assert!(matches(at(
        &objects["Service"],
        "/spec/selector",
        "service"
    )));
    assert!(matches(at(
        &objects["PodDisruptionBudget"],
        "/spec/selector/matchLabels",
        "pdb"
    )));
    let port = at(&objects["Service"], "/spec/ports/0", "service");
    assert_eq!(port["port"], HTTP_PORT);
    let container_port = at(
        &objects["Deployment"],
        "/spec/template/spec/containers/0/ports/0",
        "deployment",
    );
    assert!(port["targetPort"] == container_port["name"] || port["targetPort"] == HTTP_PORT);
}

#[test]
fn keda_scales_the_deployment_on_the_jobs_queue() {
    let objects = k8s_objects();
    let scaled = &objects["ScaledObject"];
    let auth = &objects["TriggerAuthentication"];
    assert_eq!(
        at(scaled, "/spec/scaleTargetRef/name", "keda"),
        at(&objects["Deployment"], "/metadata/name", "deployment")
    );
    let trigger = at(scaled, "/spec/triggers/0", "keda");
    assert_eq!(trigger["type"], "rabbitmq");
    assert_eq!(
        trigger["authenticationRef"]["name"],
        auth["metadata"]["name"]
    );
    let meta = &trigger["metadata"];
    let configmap = str_at(&objects["ConfigMap"], "/data/kabar.toml", "configmap");
    let settings = effective_settings(Some(configmap), &[]);
    assert_eq!(meta["queueName"], settings.amqp.jobs_queue);
    assert_eq!(meta["mode"], "QueueLength");
    assert!(meta["protocol"] == "amqp" || meta["protocol"] == "http");
    let per_replica: f64 = str_at(meta, "/value", "keda")
        .parse()
        .expect("numeric value");
    assert!(per_replica > 0.0);
    let min = at(scaled, "/spec/minReplicaCount", "keda")
        .as_u64()
        .unwrap();
    let max = at(scaled, "/spec/maxReplicaCount", "keda")
        .as_u64()
        .unwrap();
    assert!(min <= max && max > 1);
    // The connection string comes from a key of the Secret.
    let secret = example_secret();
    let target = at(auth, "/spec/secretTargetRef/0", "keda");
    assert_eq!(target["parameter"], "host");
    assert_eq!(target["name"], secret["metadata"]["name"]);
    let host = str_at(
        &secret,
        &format!("/stringData/{}", str_at(target, "/key", "keda")),
        "secret",
    );
    assert!(
        host.starts_with("amqp://") || host.starts_with("http://"),
        "{host}"
    );
    assert!(
        host.ends_with(&format!("/{}", meta["vhostName"].as_str().unwrap())),
        "{host}"
    );
}

#[test]
fn systemd_unit_is_hardened_and_outwaits_the_drain() {
    let keys = unit_keys(&[read("deploy/systemd/kabar.service")]);
    let one = |k: &str| -> &str {
        keys.get(k)
            .and_then(|v| v.last())
            .map(String::as_str)
            .unwrap_or_else(|| panic!("kabar.service lacks {k}"))
    };
    // The unit's config file is deploy/kabar.toml installed as is.
    let envs = &keys["[Service]Environment"];
    let env: Vec<(String, String)> = envs
        .iter()
        .filter_map(|e| e.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let settings = effective_settings(Some(&read("deploy/kabar.toml")), &env);
    let timeout: u64 = one("[Service]TimeoutStopSec")
        .parse()
        .expect("TimeoutStopSec in seconds");
    assert!(
        timeout > settings.stop_budget_s(),
        "TimeoutStopSec={timeout}: a SIGTERM can take {}s",
        settings.stop_budget_s()
    );
    assert_eq!(one("[Service]KillSignal"), "SIGTERM");
    assert_eq!(one("[Service]NoNewPrivileges"), "yes");
    assert_eq!(one("[Service]ProtectSystem"), "strict");
    assert!(one("[Service]Restart").starts_with("on-"));
    assert!(keys.contains_key("[Service]DynamicUser") || keys.contains_key("[Service]User"));
    // The password reaches kabar as a systemd credential file.
    let credential = one("[Service]LoadCredential")
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        envs.iter()
            .any(|e| *e == format!("KABAR__AMQP__PASSWORD_FILE=%d/{credential}")),
        "{envs:?}"
    );
    assert_eq!(listen_port(&settings.http.listen), HTTP_PORT);
    assert!(one("[Service]ExecStart").starts_with("/usr/local/bin/kabar worker"));
    // StartLimit* belong to [Unit]; systemd ignores them in [Service].
    assert!(!keys.keys().any(|k| k.starts_with("[Service]StartLimit")));
}

/// The RabbitMQ user the workers log in as.
const WORKER_USER: &str = "kabar";

fn worker_permissions() -> (regex::Regex, regex::Regex, regex::Regex) {
    let defs = json("deploy/rabbitmq/definitions.json");
    let p = defs["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["user"] == WORKER_USER)
        .expect("permissions for the worker user");
    let re = |k: &str| regex::Regex::new(p[k].as_str().unwrap()).unwrap();
    (re("configure"), re("write"), re("read"))
}

#[test]
fn worker_permissions_are_exactly_what_the_topology_needs() {
    let (configure, write, read) = worker_permissions();
    // Declaring the topology: configure on every queue and exchange.
    for name in [
        "kabar.jobs",
        "kabar.jobs.dead",
        "kabar.results",
        "kabar.dead",
    ] {
        assert!(configure.is_match(name), "configure {name}");
    }
    // Publishing results (and reply_to copies through the default exchange),
    // binding the results and dead queues (write on the queue), declaring the
    // jobs queue with a dead-letter exchange (write on that exchange).
    for name in [
        "kabar.results",
        "amq.default",
        "kabar.jobs.dead",
        "kabar.dead",
    ] {
        assert!(write.is_match(name), "write {name}");
    }
    // Consuming jobs; binding reads the source exchanges; declaring a queue
    // with a dead-letter exchange needs read on the queue.
    for name in ["kabar.jobs", "kabar.results", "kabar.dead"] {
        assert!(read.is_match(name), "read {name}");
    }
    // And nothing else: other applications' objects, look-alike names, and
    // writing into the jobs queue (only producers do that).
    for name in [
        "",
        "orders",
        "kabar.jobsx",
        "xkabar.jobs",
        "kabar.other",
        "amq.topic",
    ] {
        assert!(!configure.is_match(name), "configure {name:?}");
        assert!(!write.is_match(name), "write {name:?}");
        assert!(!read.is_match(name), "read {name:?}");
    }
    // No write on the jobs queue itself: the worker cannot bind it elsewhere.
    // (amq.default still lets it publish to any queue by name: the reason
    // kabar gets a vhost of its own, see README.md (Deployment).)
    assert!(!write.is_match("kabar.jobs"), "write on the jobs queue");
    assert!(
        !read.is_match("kabar.jobs.dead"),
        "reading dead letters is `kabar dead`'s job"
    );
}

#[test]
fn definitions_users_vhost_and_dev_password_agree() {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    let defs = json("deploy/rabbitmq/definitions.json");
    let vhost = str_at(&defs, "/vhosts/0/name", "definitions");
    for kind in ["queues", "exchanges", "bindings", "permissions"] {
        for item in defs[kind].as_array().unwrap() {
            assert_eq!(item["vhost"], vhost, "{kind}: {item}");
        }
    }
    let users = defs["users"].as_array().unwrap();
    let worker = users.iter().find(|u| u["name"] == WORKER_USER).unwrap();
    assert_eq!(
        worker["tags"],
        serde_json::json!([]),
        "the worker needs no management tag"
    );
    // The compose worker's password file matches the committed hash
    // (rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password))).
    assert_eq!(
        worker["hashing_algorithm"],
        "rabbit_password_hashing_sha256"
    );
    let hash = base64::engine::general_purpose::STANDARD
        .decode(str_at(worker, "/password_hash", "definitions"))
        .unwrap();
    let (salt, digest) = hash.split_at(4);
    let password = read("deploy/compose/kabar-amqp-password.txt");
    let computed = Sha256::new()
        .chain_update(salt)
        .chain_update(password.trim_end().as_bytes())
        .finalize();
    assert_eq!(
        digest,
        computed.as_slice(),
        "password file does not match definitions.json"
    );
    // The compose URL names the definitions' vhost.
    let compose = yaml("docker-compose.yml");
    let url = str_at(
        &compose,
        "/services/worker/environment/KABAR__AMQP__URL",
        "compose",
    );
    assert!(url.ends_with(&format!("/{vhost}")), "{url}");
}

/// Exchange name → (kind, durable).
type Exchanges = BTreeMap<String, (String, bool)>;
/// Queue name → (durable, arguments).
type Queues = BTreeMap<String, (bool, BTreeMap<String, Value>)>;
/// (source exchange, destination queue, routing key).
type Bindings = BTreeSet<(String, String, String)>;

/// Queues, exchanges and bindings of definitions.json in a form comparable
/// with the worker's topology.
fn definitions_topology() -> (Exchanges, Queues, Bindings) {
    let defs = json("deploy/rabbitmq/definitions.json");
    let exchanges = defs["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let name = e["name"].as_str().unwrap().to_owned();
            (
                name,
                (e["type"].as_str().unwrap().to_owned(), e["durable"] == true),
            )
        })
        .collect();
    let queues = defs["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let args: BTreeMap<String, Value> =
                serde_json::from_value(q["arguments"].clone()).unwrap();
            (
                q["name"].as_str().unwrap().to_owned(),
                (q["durable"] == true, args),
            )
        })
        .collect();
    let bindings = defs["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            assert_eq!(b["destination_type"], "queue");
            let s = |k: &str| b[k].as_str().unwrap().to_owned();
            (s("source"), s("destination"), s("routing_key"))
        })
        .collect();
    (exchanges, queues, bindings)
}

#[test]
fn definitions_declare_the_design_topology() {
    let (exchanges, queues, bindings) = definitions_topology();
    assert_eq!(exchanges["kabar.results"], ("topic".to_owned(), true));
    assert_eq!(exchanges["kabar.dead"], ("fanout".to_owned(), true));
    let (durable, jobs) = &queues["kabar.jobs"];
    assert!(durable);
    assert_eq!(jobs["x-queue-type"], "quorum");
    assert_eq!(jobs["x-delivery-limit"], 5);
    assert_eq!(jobs["x-dead-letter-exchange"], "kabar.dead");
    assert_eq!(jobs["x-dead-letter-strategy"], "at-least-once");
    // at-least-once dead-lettering requires reject-publish overflow.
    assert_eq!(jobs["x-overflow"], "reject-publish");
    let results = &queues["kabar.results"].1;
    assert_eq!(results["x-queue-type"], "quorum");
    // Bounded, refusing when full (back-pressure, not silent loss).
    assert_eq!(results["x-max-length"], 1_000_000);
    assert_eq!(results["x-overflow"], "reject-publish");
    // Classic: listing a quorum dead queue counts deliveries and, past the limit, drops.
    assert_eq!(queues["kabar.jobs.dead"].1["x-queue-type"], "classic");
    let expected: BTreeSet<_> = [
        ("kabar.results", "kabar.results", "#"),
        ("kabar.dead", "kabar.jobs.dead", ""),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(bindings, expected);
}

#[test]
fn definitions_equal_what_the_worker_declares() {
    let topology = Topology::from_settings(&Settings::default().amqp);
    let (exchanges, queues, bindings) = definitions_topology();
    let declared_exchanges: Exchanges = topology
        .exchanges
        .iter()
        .map(|e| (e.name.clone(), (e.kind.clone(), e.durable)))
        .collect();
    assert_eq!(exchanges, declared_exchanges);
    let declared_queues: Queues = topology
        .queues
        .iter()
        .map(|q| (q.name.clone(), (q.durable, q.arguments.clone())))
        .collect();
    // Equal arguments matter: RabbitMQ refuses (PRECONDITION_FAILED) to
    // redeclare a queue with different ones, so the worker would not start.
    assert_eq!(queues, declared_queues);
    let declared_bindings: Bindings = topology
        .bindings
        .iter()
        .map(|b| {
            (
                b.source.clone(),
                b.destination.clone(),
                b.routing_key.clone(),
            )
        })
        .collect();
    assert_eq!(bindings, declared_bindings);
}

#[test]
fn dashboard_uses_only_exported_metrics() {
    let dash = json("deploy/grafana/kabar-dashboard.json");
    let metric = regex::Regex::new(r"\bkabar_[a-z_]+").unwrap();
    let mut used = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for panel in dash["panels"].as_array().unwrap() {
        assert!(
            ids.insert(panel["id"].as_u64().unwrap()),
            "duplicate panel id"
        );
        assert!(panel["gridPos"]["w"].as_u64().unwrap() <= 24);
        let targets = panel["targets"].as_array().unwrap();
        assert!(!targets.is_empty(), "panel {} has no query", panel["title"]);
        for target in targets {
            for m in metric.find_iter(target["expr"].as_str().unwrap()) {
                let name = m.as_str();
                let base = ["_bucket", "_sum", "_count"]
                    .iter()
                    .find_map(|s| {
                        name.strip_suffix(s)
                            .filter(|b| *b == "kabar_job_duration_seconds")
                    })
                    .unwrap_or(name);
                assert!(METRICS.contains(&base), "unknown metric {name}");
                used.insert(base.to_owned());
            }
        }
    }
    // Every exported metric is on the dashboard.
    let all: BTreeSet<String> = METRICS.iter().map(|m| m.to_string()).collect();
    assert_eq!(used, all);
}

/// `section.key` of every leaf of a two-level table.
fn dotted_keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap()
        .iter()
        .flat_map(|(section, table)| {
            table
                .as_object()
                .unwrap_or_else(|| panic!("[{section}] is not a table"))
                .keys()
                .map(move |k| format!("{section}.{k}"))
        })
        .collect()
}

#[test]
fn example_config_is_exactly_the_default_settings() {
    let text = read("deploy/kabar.toml");
    let example = toml_value(&text, "deploy/kabar.toml");
    let defaults = serde_json::to_value(Settings::default()).unwrap();
    assert_eq!(dotted_keys(&example), dotted_keys(&defaults), "keys differ");
    // Values too: the file is the reference of the defaults.
    let parsed: Settings = toml::from_str(&text).unwrap();
    assert_eq!(parsed, Settings::default());
    // And kabar's own loader accepts it as a --config file.
    assert_eq!(effective_settings(Some(&text), &[]), Settings::default());
}

#[test]
fn example_config_documents_every_key_of_the_design() {
    let example = toml_value(&read("deploy/kabar.toml"), "deploy/kabar.toml");
    let keys: BTreeSet<String> = example
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(section, table)| {
            table
                .as_object()
                .unwrap()
                .keys()
                .map(move |k| format!("{section}.{k}"))
        })
        .collect();
    for key in [
        "amqp.url",
        "amqp.password_file",
        "amqp.jobs_queue",
        "amqp.queue_type",
        "amqp.delivery_limit",
        "amqp.prefetch",
        "amqp.passive",
        "amqp.heartbeat_s",
        "amqp.setup_timeout_s",
        "amqp.answer_timeout_s",
        "worker.concurrency",
        "worker.shutdown_timeout_s",
        "worker.max_body_bytes",
        "http.listen",
        "log.format",
        "log.level",
    ] {
        assert!(keys.contains(key), "deploy/kabar.toml lacks {key}");
    }
    // Each key is explained: a comment right above it.
    let text = read("deploy/kabar.toml");
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with('#') && !line.starts_with('[') && line.contains(" = ") {
            // A comment heads the block of key lines this one belongs to.
            let above = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.contains(" = ") || l.starts_with('#'));
            assert!(
                above.is_some_and(|l| l.starts_with('#')),
                "undocumented: {line}"
            );
        }
    }
}

#[test]
fn compose_duration_parses_what_compose_accepts() {
    assert_eq!(compose_duration_s("45s"), 45);
    assert_eq!(compose_duration_s("1m30s"), 90);
    assert_eq!(compose_duration_s("2h"), 7200);
}

#[test]
fn pdb_lets_unhealthy_pods_be_evicted() {
    let objects = k8s_objects();
    let pdb = &objects["PodDisruptionBudget"];
    // Otherwise pods that are unready (a broker outage makes them all so) count
    // as disrupted already and block every node drain.
    assert_eq!(
        str_at(pdb, "/spec/unhealthyPodEvictionPolicy", "pdb.yaml"),
        "AlwaysAllow"
    );
    assert_eq!(pdb["spec"]["maxUnavailable"], 1);
}

#[test]
fn keda_comments_say_what_keda_does_with_one_replica_minimum() {
    let text = read("deploy/k8s/keda.yaml");
    let objects = k8s_objects();
    let scaled = &objects["ScaledObject"];
    assert_eq!(scaled["spec"]["minReplicaCount"], 1);
    // cooldownPeriod and activationValue only act between 0 and 1 replica.
    let comment_before = |key: &str| -> String {
        let lines: Vec<&str> = text.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{key}:")))
            .unwrap_or_else(|| panic!("no {key} in keda.yaml"));
        lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with('#'))
            .map(|l| l.trim_start().trim_start_matches('#').trim())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for key in ["cooldownPeriod", "activationValue"] {
        let comment = comment_before(key);
        assert!(
            comment.contains("no effect") && comment.contains("minReplicaCount: 0"),
            "{key}: {comment}"
        );
    }
    let protocol = comment_before("protocol");
    assert!(
        protocol.contains("only")
            && protocol.contains("ready")
            && protocol.contains("protocol: http"),
        "{protocol}"
    );
}

#[test]
fn dockerfile_ships_a_stripped_binary_without_touching_the_release_profile() {
    let dockerfile = read("deploy/Dockerfile").replace("\\\n", " ");
    let lines: Vec<&str> = dockerfile.lines().map(str::trim).collect();
    let build_stage = lines
        .iter()
        .position(|l| l.starts_with("FROM ") && l.ends_with(" AS build"))
        .expect("a build stage");
    let runtime_stage = lines
        .iter()
        .position(|l| l.starts_with("FROM ") && l.contains(" AS runtime"))
        .expect("a runtime stage");
    let env: BTreeMap<&str, &str> = lines[build_stage..runtime_stage]
        .iter()
        .filter_map(|l| l.strip_prefix("ENV "))
        .flat_map(|l| l.split_whitespace())
        .filter_map(|w| w.split_once('='))
        .collect();
    assert_eq!(env.get("CARGO_PROFILE_RELEASE_STRIP"), Some(&"symbols"));
    assert_eq!(env.get("CARGO_PROFILE_RELEASE_DEBUG"), Some(&"false"));
    // Set before the first cargo build, so both builds share the dependency layer.
    let first_env = lines
        .iter()
        .position(|l| l.starts_with("ENV CARGO_PROFILE_RELEASE"))
        .unwrap();
    let first_build = lines
        .iter()
        .position(|l| l.contains("cargo build --release"))
        .unwrap();
    assert!(first_env < first_build);
    // The profile benchmarks and profiling use keeps its line tables.
    let manifest = toml_value(&read("Cargo.toml"), "Cargo.toml");
    assert_eq!(manifest["profile"]["release"]["debug"], "line-tables-only");
}

/// `[Section]Key` → values, of a unit file and then its drop-ins, in order.
fn unit_keys(texts: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for text in texts {
        let mut section = String::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                section = line.to_owned();
            } else if let Some((k, v)) = line.split_once('=') {
                keys.entry(format!("{section}{k}"))
                    .or_default()
                    .push(v.to_owned());
            }
        }
    }
    keys
}

#[test]
fn systemd_template_instances_listen_on_ports_of_their_own() {
    let texts = [
        read("deploy/systemd/kabar.service"),
        read("deploy/systemd/kabar@.service.d/instance.conf"),
    ];
    let keys = unit_keys(&texts);
    let env_files = &keys["[Service]EnvironmentFile"];
    assert!(
        env_files.iter().any(|f| f == "-/etc/kabar/%i.env"),
        "per-instance overrides: {env_files:?}"
    );
    let port_of = |instance: &str| -> u64 {
        // systemd's %i; later Environment= assignments of a variable win.
        let env: Vec<(String, String)> = keys["[Service]Environment"]
            .iter()
            .map(|e| e.replace("%i", instance))
            .filter_map(|e| e.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        let settings = effective_settings(Some(&read("deploy/kabar.toml")), &env);
        listen_port(&settings.http.listen)
    };
    let ports: BTreeSet<u64> = ["01", "02", "10", "99"]
        .iter()
        .map(|i| port_of(i))
        .collect();
    assert_eq!(ports.len(), 4, "instances share a port: {ports:?}");
    for port in &ports {
        assert!((1024..65536).contains(port) && *port != HTTP_PORT, "{port}");
    }
    // The recipe in kabar.service points at the drop-in.
    assert!(texts[0].contains("kabar@.service.d/instance.conf"));
}

#[test]
fn tls_uses_ring_only() {
    // lapin's `rustls` feature turns on aws-lc-rs (and makes it the provider):
    // kabar selects rustls with ring alone.
    let lock = toml_value(&read("Cargo.lock"), "Cargo.lock");
    let names: BTreeSet<&str> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains("ring"), "rustls's ring provider");
    for absent in ["aws-lc-rs", "aws-lc-sys"] {
        assert!(!names.contains(absent), "{absent} is in Cargo.lock");
    }
}

#[test]
fn prometheus_loads_alert_rules_on_exported_metrics() {
    let prometheus = yaml("deploy/prometheus/prometheus.yml");
    assert_eq!(prometheus["rule_files"], serde_json::json!(["alerts.yml"]));
    // docker-compose mounts it next to prometheus.yml.
    let compose = read("docker-compose.yml");
    assert!(compose.contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro"));
    // The per-queue metrics the alerts and the queue panels read.
    let per_object = prometheus["scrape_configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["metrics_path"] == "/metrics/per-object")
        .expect("a scrape job for RabbitMQ's per-object metrics");
    assert_eq!(
        per_object["static_configs"][0]["targets"][0],
        "rabbitmq:15692"
    );

    let rules = yaml("deploy/prometheus/alerts.yml");
    let metric = regex::Regex::new(r"\bkabar_[a-z_]+").unwrap();
    let mut alerts = BTreeSet::new();
    for group in rules["groups"].as_array().unwrap() {
        for rule in group["rules"].as_array().unwrap() {
            let name = str_at(rule, "/alert", "alerts.yml").to_owned();
            let expr = str_at(rule, "/expr", &name);
            for m in metric.find_iter(expr) {
                assert!(
                    METRICS.contains(&m.as_str()),
                    "{name}: unknown metric {}",
                    m.as_str()
                );
            }
            for key in ["summary", "description"] {
                let text = str_at(rule, &format!("/annotations/{key}"), &name);
                assert!(text.len() > 20, "{name}: {key} too short");
            }
            assert!(rule["labels"]["severity"].is_string(), "{name}: severity");
            assert!(alerts.insert(name), "duplicate alert");
        }
    }
    let exprs = read("deploy/prometheus/alerts.yml");
    for (what, needle) in [
        ("not ready", "kabar_ready == 0"),
        ("error ratio", r#"kabar_jobs_total{outcome!="ok"}"#),
        (
            "jobs backlog",
            r#"rabbitmq_queue_messages_ready{queue="kabar.jobs"}"#,
        ),
        ("dead queue", r#"queue="kabar.jobs.dead""#),
        ("reconnects", "kabar_reconnects_total[10m]"),
        ("broker blocked", "kabar_broker_blocked == 1"),
        ("results held", "kabar_results_held > 0"),
        (
            "results queue bound",
            r#"rabbitmq_queue_messages_ready{queue="kabar.results"}"#,
        ),
    ] {
        assert!(exprs.contains(needle), "no alert on {what} ({needle})");
    }
    // promtool's unit tests of the rules name only alerts that exist.
    let tests = yaml("deploy/prometheus/alerts.test.yml");
    assert_eq!(tests["rule_files"], serde_json::json!(["alerts.yml"]));
    for test in tests["tests"].as_array().unwrap() {
        for case in test["alert_rule_test"].as_array().unwrap() {
            let name = case["alertname"].as_str().unwrap();
            assert!(
                alerts.contains(name),
                "alerts.test.yml tests unknown {name}"
            );
        }
    }
}

#[test]
fn dashboard_shows_queue_depths_and_back_pressure() {
    let dash = json("deploy/grafana/kabar-dashboard.json");
    let exprs: Vec<String> = dash["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().iter())
        .map(|t| t["expr"].as_str().unwrap().to_owned())
        .collect();
    let has = |needle: &str| exprs.iter().any(|e| e.contains(needle));
    for queue in ["kabar.jobs", "kabar.results"] {
        assert!(
            has(&format!(
                r#"rabbitmq_queue_messages_ready{{queue="{queue}"}}"#
            )),
            "no depth panel for {queue}"
        );
    }
    assert!(
        has(r#"queue="kabar.jobs.dead""#),
        "no depth panel for the dead queue"
    );
    assert!(has("kabar_broker_blocked") && has("kabar_results_held"));
}
