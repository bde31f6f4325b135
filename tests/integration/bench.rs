//! `kabar bench` against the real broker: both modes run, every job comes back, and the
//! summary is sane. No speed assertions: the machine is shared.

use crate::common::*;

#[test]
fn bench_runs_both_modes_and_reports_sane_numbers() {
    let out = kabar_bin()
        .args([
            "bench",
            "--mode",
            "both",
            "-n",
            "200",
            "--latency-jobs",
            "40",
            "--latency-rate",
            "400",
            "--json",
        ])
        .env("KABAR__AMQP__URL", amqp_url())
        .output()
        .expect("running kabar bench");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "kabar bench failed: {stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));

    let modes = report["modes"].as_array().expect("modes");
    let names: Vec<&str> = modes.iter().map(|m| m["mode"].as_str().unwrap()).collect();
    assert_eq!(names, ["passthrough", "analyze"]);
    for m in modes {
        let mode = m["mode"].as_str().unwrap();
        assert_eq!(m["jobs"], 200, "{mode}");
        assert_eq!(m["results_ok"], 200, "{mode}: every job has one ok result");
        assert_eq!(m["results_error"], 0, "{mode}");
        assert!(m["jobs_per_s"].as_f64().unwrap() > 0.0, "{mode}");
        assert!(m["drain_s"].as_f64().unwrap() > 0.0, "{mode}");
        assert!(m["ready_ms"].as_f64().unwrap() > 0.0, "{mode}");
        assert!(m["cpu_s_per_1000"].as_f64().unwrap() >= 0.0, "{mode}");
        let peak = m["peak_rss_mb"].as_f64().unwrap();
        assert!(peak > 1.0 && peak < 4096.0, "{mode}: peak RSS {peak} MB");
        let lat = &m["latency"];
        assert_eq!(lat["samples"], 40, "{mode}");
        let (p50, p99) = (
            lat["p50_ms"].as_f64().unwrap(),
            lat["p99_ms"].as_f64().unwrap(),
        );
        assert!(
            p50 > 0.0 && p50 <= p99 && p99 <= lat["max_ms"].as_f64().unwrap(),
            "{mode}: p50 {p50} p99 {p99}"
        );
    }
    let ratio = report["analyze_to_passthrough"]
        .as_f64()
        .expect("the ratio is present with --mode both");
    assert!(ratio > 0.0, "{ratio}");
    assert!(
        stderr.contains("analyze / passthrough"),
        "the table goes to stderr with --json: {stderr}"
    );
}

#[test]
fn bench_with_a_missing_corpus_says_what_to_do() {
    let out = kabar_bin()
        .args([
            "bench",
            "-n",
            "10",
            "--corpus",
            "/nonexistent/articles.jsonl",
        ])
        .env("KABAR__AMQP__URL", amqp_url())
        .output()
        .expect("running kabar bench");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--corpus"), "{stderr}");
}
