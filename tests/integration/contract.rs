//! The message contract as machine-readable documents (docs/asyncapi.yaml, docs/schemas/):
//! what kabar really emits and accepts is checked against the JSON Schemas.
//!
//! - every result shape (ok with and without the optional parts, `omitted`, passthrough,
//!   each error code) from the same functions the worker uses, and the results `kabar
//!   analyze` prints for the fixtures and the shared seed articles, validate against
//!   result.schema.json;
//! - the schema is strict where kabar fixes the shape: documents that drifted are refused;
//! - sample envelopes are valid for envelope.schema.json exactly when kabar's decoder
//!   accepts them, so the schema tells producers the truth.
//!
//! No broker needed. (The broker tests check every result they read through
//! `Received::json` in tests/common.)

use kabar::analysis::{Article, Options, analyze};
use kabar::job::{self, ErrorCode, Incoming, JobError, Meta};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

struct Schema {
    name: &'static str,
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load(name: &'static str) -> Schema {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/schemas")
            .join(name);
        let text = std::fs::read_to_string(&path).expect("reading a schema");
        let doc: Value = serde_json::from_str(&text).expect("a schema is JSON");
        let url = format!("file:///kabar/docs/schemas/{name}");
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource(&url, doc).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(&url, &mut schemas)
            .unwrap_or_else(|e| panic!("{name} does not compile: {e:#}"));
        Schema {
            name,
            schemas,
            index,
        }
    }

    fn check(&self, doc: &Value) -> Result<(), String> {
        self.schemas
            .validate(doc, self.index)
            .map_err(|e| format!("{e}"))
    }

    #[track_caller]
    fn assert_valid(&self, doc: &Value, what: &str) {
        if let Err(e) = self.check(doc) {
            let mut shown = doc.to_string();
            if shown.len() > 1500 {
                let mut end = 1500;
                while !shown.is_char_boundary(end) {
                    end -= 1;
                }
                shown.truncate(end);
            }
            panic!("{what}: does not match {}:\n{e}\n{shown}", self.name);
        }
    }

    #[track_caller]
    fn assert_invalid(&self, doc: &Value, what: &str) {
        assert!(
            self.check(doc).is_err(),
            "{what}: {} accepts it but should not: {doc}",
            self.name
        );
    }
}

static RESULT: LazyLock<Schema> = LazyLock::new(|| Schema::load("result.schema.json"));
static ENVELOPE: LazyLock<Schema> = LazyLock::new(|| Schema::load("envelope.schema.json"));

fn meta() -> Meta {
    Meta::new("contract-host/4242", true, chrono::Utc::now(), 1.2345)
}

fn doc(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("a result is JSON")
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [root.join("tests/fixtures"), root.join("../shared/seeds")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= 3,
        "the fixtures (tests/fixtures/*.txt) are there: {files:?}"
    );
    files
}

#[test]
fn every_result_shape_matches_the_result_schema() {
    let text = std::fs::read_to_string(&fixtures()[0]).unwrap();
    let article = Article {
        text,
        ..Article::default()
    };
    let full = Options {
        tokens: true,
        sentence_text: true,
        ..Options::default()
    };
    for (what, options) in [
        ("default options", Options::default()),
        ("everything", full.clone()),
    ] {
        let a = analyze(&article, &options);
        let out = job::bounded_outcome("shape-1", a, &meta(), usize::MAX);
        RESULT.assert_valid(&doc(&out.body), what);
    }
    // Over worker.max_result_bytes: first without tokens and sentence texts (`omitted`),
    // then a too_large error.
    let a = analyze(&article, &full);
    let whole = job::ok_outcome("shape-2", &a, &meta()).body.len();
    let trimmed = job::bounded_outcome("shape-2", a.clone(), &meta(), whole - 1);
    let trimmed = doc(&trimmed.body);
    assert_eq!(trimmed["omitted"], json!(["tokens", "sentence_text"]));
    RESULT.assert_valid(&trimmed, "omitted");
    let too_large = job::bounded_outcome("shape-3", a, &meta(), 100);
    assert_eq!(too_large.error, Some(ErrorCode::TooLarge));
    RESULT.assert_valid(&doc(&too_large.body), "too_large from the result size");
    // Every error code, and an id over 255 bytes (its message_id is a digest; the
    // document keeps the whole id).
    let long_id = format!("https://news.example/{}", "a".repeat(300));
    for code in ErrorCode::ALL {
        let e = JobError::new(code, format!("what went wrong: {code}"));
        let out = job::error_outcome(&long_id, &e, &meta());
        let d = doc(&out.body);
        assert_eq!(d["error"]["code"], code.as_str());
        RESULT.assert_valid(&d, code.as_str());
    }
    let passthrough = job::passthrough_outcome("shape-4", &meta());
    RESULT.assert_valid(&doc(&passthrough.body), "passthrough (analysis null)");
}

/// Runs `kabar analyze --compact` and returns its result lines.
fn kabar_analyze(args: &[&str]) -> Vec<Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"))
        .arg("analyze")
        .arg("--compact")
        .args(args)
        .output()
        .expect("running kabar analyze");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document a line"))
        .collect()
}

#[test]
fn kabar_analyze_results_match_the_result_schema() {
    let dir = tempfile::tempdir().unwrap();
    // Every fixture and seed article as an envelope with every option on, and as plain text.
    let mut jobs = String::new();
    let files = fixtures();
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let env = json!({
            "id": format!("fixture-{i}"),
            "text": text,
            "title": f.file_name().unwrap().to_string_lossy(),
            "url": format!("https://news.example/{i}"),
            "published_at": "2020-10-12T14:05:00+07:00",
            "options": {"tokens": true, "sentence_text": true, "summary_sentences": 5, "keywords": 20}
        });
        ENVELOPE.assert_valid(&env, "a fixture's envelope");
        jobs.push_str(&env.to_string());
        jobs.push('\n');
    }
    // Jobs that fail, one per input error code that a .jsonl line can produce.
    let failing = [
        ("invalid_json", r#"{"id":"bad-1","text": "#.to_string()),
        ("missing_text", r#"{"id":"bad-2"}"#.to_string()),
        ("invalid_field", r#"{"id":"bad-3","text":5}"#.to_string()),
        (
            "invalid_field",
            r#"{"id":"bad-4","text":"a","language":"indonesian"}"#.to_string(),
        ),
        (
            "invalid_field",
            format!(
                r#"{{"id":"bad-5","text":"a","options":{{"keywords":{}}}}}"#,
                1001
            ),
        ),
    ];
    for (_, line) in &failing {
        jobs.push_str(line);
        jobs.push('\n');
    }
    #[cfg(feature = "fault-injection")]
    {
        jobs.push_str(&json!({"id": "bad-panic", "text": kabar::job::PANIC_TRIGGER}).to_string());
        jobs.push('\n');
    }
    let jsonl = dir.path().join("jobs.jsonl");
    std::fs::write(&jsonl, jobs).unwrap();
    let bad_utf8 = dir.path().join("bad-utf8.txt");
    std::fs::write(&bad_utf8, b"Berita \xff\xfe rusak").unwrap();

    let mut args: Vec<String> = vec![jsonl.display().to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.push(bad_utf8.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let results = kabar_analyze(&args);
    let expected = files.len()
        + failing.len()
        + usize::from(cfg!(feature = "fault-injection"))
        + files.len()
        + 1;
    assert_eq!(results.len(), expected, "one result per job");
    for r in &results {
        RESULT.assert_valid(r, &format!("kabar analyze result {}", r["id"]));
    }
    let codes: Vec<&str> = results
        .iter()
        .filter_map(|r| r["error"]["code"].as_str())
        .collect();
    let mut wanted: Vec<&str> = failing.iter().map(|(c, _)| *c).collect();
    if cfg!(feature = "fault-injection") {
        wanted.push("analysis_failed");
    }
    wanted.push("invalid_utf8");
    assert_eq!(codes, wanted);
    let full = &results[0]["analysis"];
    assert!(
        full["tokens"].is_array() && full["sentences"][0]["text"].is_string(),
        "the optional parts were there to be checked: {}",
        &full.to_string()[..200]
    );

    // too_large from the body size limit.
    let first = files[0].display().to_string();
    let results = kabar_analyze(&["--max-body-bytes", "100", &first]);
    assert_eq!(results[0]["error"]["code"], "too_large");
    RESULT.assert_valid(&results[0], "too_large from the body size");
}

#[test]
fn the_result_schema_refuses_documents_that_drift() {
    let text = std::fs::read_to_string(&fixtures()[0]).unwrap();
    let a = analyze(
        &Article {
            text,
            ..Article::default()
        },
        &Options {
            tokens: true,
            sentence_text: true,
            ..Options::default()
        },
    );
    let good = doc(&job::ok_outcome("drift-1", &a, &meta()).body);
    RESULT.assert_valid(&good, "the starting point");
    assert!(
        !good["analysis"]["quotes"].as_array().unwrap().is_empty()
            && !good["analysis"]["dates"].as_array().unwrap().is_empty()
            && !good["analysis"]["entities"].as_array().unwrap().is_empty()
            && !good["analysis"]["boilerplate"]
                .as_array()
                .unwrap()
                .is_empty(),
        "the fixture exercises every list"
    );
    let drifted = |what: &str, change: &dyn Fn(&mut Value)| {
        let mut d = good.clone();
        change(&mut d);
        RESULT.assert_invalid(&d, what);
    };
    drifted("a new top-level field", &|d| d["extra"] = json!(1));
    drifted("another schema version", &|d| {
        d["schema"] = json!("kabar.result/2")
    });
    drifted("an unknown status", &|d| d["status"] = json!("partial"));
    drifted("ok with an error", &|d| {
        d["error"] = json!({"code": "timeout", "message": "m"})
    });
    drifted("no meta", &|d| {
        d.as_object_mut().unwrap().remove("meta");
    });
    drifted("a new meta field", &|d| d["meta"]["host"] = json!("h"));
    drifted("received_at not a date-time", &|d| {
        d["meta"]["received_at"] = json!("yesterday")
    });
    drifted("a new analysis field", &|d| {
        d["analysis"]["sentiment"] = json!(0.5)
    });
    drifted("an analysis field gone", &|d| {
        d["analysis"].as_object_mut().unwrap().remove("fingerprint");
    });
    drifted("a fingerprint of another shape", &|d| {
        d["analysis"]["fingerprint"] = json!("0x12")
    });
    drifted("a language object grown", &|d| {
        d["analysis"]["language"]["script"] = json!("Latn")
    });
    drifted("an unknown entity type", &|d| {
        d["analysis"]["entities"][0]["type"] = json!("event")
    });
    drifted("an entity span of three offsets", &|d| {
        d["analysis"]["entities"][0]["spans"][0] = json!([1, 2, 3])
    });
    drifted("a quote without its speaker field", &|d| {
        d["analysis"]["quotes"][0]
            .as_object_mut()
            .unwrap()
            .remove("speaker");
    });
    drifted("a date value that is not ISO 8601", &|d| {
        d["analysis"]["dates"][0]["value"] = json!("28/9/2020")
    });
    drifted("an unknown boilerplate kind", &|d| {
        d["analysis"]["boilerplate"][0]["kind"] = json!("footer")
    });
    drifted("a token field renamed", &|d| {
        let t = d["analysis"]["tokens"][0].as_object_mut().unwrap();
        let stop = t.remove("stop").unwrap();
        t.insert("stopword".into(), stop);
    });
    drifted("a sentence with a new field", &|d| {
        d["analysis"]["sentences"][0]["lang"] = json!("id")
    });
    drifted("a keyword score over 1", &|d| {
        d["analysis"]["keywords"][0]["score"] = json!(1.5)
    });
    drifted("a negative offset", &|d| {
        d["analysis"]["sentences"][0]["start"] = json!(-1)
    });
    drifted("stats grown", &|d| {
        d["analysis"]["stats"]["paragraphs"] = json!(3)
    });
    drifted("omitted naming something else", &|d| {
        d["omitted"] = json!(["entities"])
    });

    let e = JobError::new(ErrorCode::Timeout, "slow");
    let error = doc(&job::error_outcome("drift-2", &e, &meta()).body);
    RESULT.assert_valid(&error, "an error result");
    let drifted = |what: &str, change: &dyn Fn(&mut Value)| {
        let mut d = error.clone();
        change(&mut d);
        RESULT.assert_invalid(&d, what);
    };
    drifted("an unknown error code", &|d| {
        d["error"]["code"] = json!("broker_down")
    });
    drifted("an error without message", &|d| {
        d["error"].as_object_mut().unwrap().remove("message");
    });
    drifted("an error with an analysis", &|d| {
        d["analysis"] = json!(null)
    });
    drifted("an error without its error", &|d| {
        d.as_object_mut().unwrap().remove("error");
    });
}

/// Envelopes the schema must accept exactly when kabar's decoder does.
#[test]
fn envelope_schema_agrees_with_the_decoder() {
    let long = "x".repeat(300);
    let huge = "x".repeat(5000);
    let valid = [
        json!({"text": "Halo dunia."}),
        json!({
            "id": "a1", "text": "Halo dunia.", "title": "T", "url": "https://x.test/a",
            "published_at": "2020-09-28T10:00:00+07:00", "language": "ID",
            "options": {"tokens": true, "sentence_text": true, "summary_sentences": 0, "keywords": 1000}
        }),
        json!({"text": "x", "id": null, "title": null, "url": null, "published_at": null, "language": null, "options": null}),
        json!({"text": "x", "unknown": {"a": [1, 2]}, "options": {"future_option": "on"}}),
        json!({"text": "x", "id": long}),
        json!({"text": "x", "language": "ind"}),
        json!({"text": "x", "published_at": "2025-06-18"}),
        json!({"text": "x", "published_at": "2025-06-18T14:05:00Z"}),
        json!({"text": "x", "published_at": "2025-06-18T14:05:00.250+07:00"}),
        json!({"text": "x", "published_at": "2025-06-18T14:05+07:00"}),
        json!({"text": "x", "published_at": "2025-06-18 14:05:09"}),
        json!({"text": "x", "published_at": "2025-06-18T14:05"}),
        json!({"text": "x", "published_at": "2025-06-18T14:05:09.123"}),
        json!({"text": " \u{200B}x "}),
    ];
    let invalid = [
        json!({}),
        json!([1, 2]),
        json!("text"),
        json!({"text": null}),
        json!({"text": ""}),
        json!({"text": "  \n\t"}),
        json!({"text": "\u{200B}\u{FEFF}\u{00AD}"}),
        json!({"text": 5}),
        json!({"text": ["a"]}),
        json!({"text": "a", "id": 5}),
        json!({"text": "a", "id": ""}),
        json!({"text": "a", "id": {}}),
        json!({"text": "a", "id": huge}),
        json!({"text": "a", "title": 5}),
        json!({"text": "a", "url": huge}),
        json!({"text": "a", "published_at": "yesterday"}),
        json!({"text": "a", "published_at": "18/06/2025"}),
        json!({"text": "a", "published_at": 20250618}),
        json!({"text": "a", "language": "indonesian"}),
        json!({"text": "a", "language": "i"}),
        json!({"text": "a", "language": "i1"}),
        json!({"text": "a", "options": []}),
        json!({"text": "a", "options": "tokens"}),
        json!({"text": "a", "options": {"tokens": "yes"}}),
        json!({"text": "a", "options": {"sentence_text": 1}}),
        json!({"text": "a", "options": {"keywords": 1001}}),
        json!({"text": "a", "options": {"summary_sentences": -1}}),
        json!({"text": "a", "options": {"keywords": 2.5}}),
    ];
    let decodes = |env: &Value| {
        let body = env.to_string();
        let incoming = Incoming {
            body: body.as_bytes(),
            content_type: Some("application/json"),
            ..Default::default()
        };
        job::decode(&incoming, 1 << 20).1.map(|_| ())
    };
    for env in &valid {
        ENVELOPE.assert_valid(env, "a good envelope");
        if let Err(e) = decodes(env) {
            panic!("the schema accepts {env} but kabar refuses it: {e}");
        }
    }
    for env in &invalid {
        ENVELOPE.assert_invalid(env, "a bad envelope");
        assert!(
            decodes(env).is_err(),
            "the schema refuses {env} but kabar accepts it"
        );
    }
}

/// `Received::json` (tests/common) checks every result document the broker tests read.
#[test]
fn received_json_checks_result_documents() {
    let received = |body: Vec<u8>| crate::common::Received {
        routing_key: "analyzed.id".into(),
        body,
        props: Default::default(),
    };
    let ok = job::passthrough_outcome("recv-1", &meta());
    received(ok.body).json();
    // Not a result (a dead copy's job envelope): read as it is.
    received(br#"{"text":"a","extra":1}"#.to_vec()).json();
    let drifted =
        br#"{"schema":"kabar.result/1","id":"recv-2","status":"ok","analysis":null,"meta":{}}"#;
    let caught = std::panic::catch_unwind(|| received(drifted.to_vec()).json());
    let message = caught
        .expect_err("a drifted result panics")
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_default();
    assert!(
        message.contains("does not match docs/schemas/result.schema.json"),
        "{message}"
    );
}
