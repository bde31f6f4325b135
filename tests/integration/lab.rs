//! The lab binary (`kabar-lab`, feature `lab`): evaluation and training, apart from the
//! product. Compiled only with `--features lab` (the README's test command has it).

use std::process::Command;

/// `kabar-lab eval --only ner --json`, optionally with `--ner-model`: the status, the F1 rows
/// (the speed row left out: it depends on the machine) and stderr.
fn eval_ner(model: Option<&std::path::Path>) -> (Option<i32>, Vec<(String, f64)>, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kabar-lab"));
    cmd.args(["eval", "--only", "ner", "--json"]);
    if let Some(m) = model {
        cmd.arg("--ner-model").arg(m);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let rows: Vec<serde_json::Value> = if out.status.success() {
        serde_json::from_slice(&out.stdout).expect("eval --json prints a JSON array")
    } else {
        Vec::new()
    };
    let f1 = rows
        .iter()
        .filter(|r| r["metric"].as_str().is_some_and(|m| m.contains("F1")))
        .map(|r| {
            (
                format!("{} {}", r["dataset"], r["metric"]),
                r["value"].as_f64().unwrap(),
            )
        })
        .collect();
    (out.status.code(), f1, stderr)
}

#[test]
fn eval_scores_a_model_file_and_says_what_is_wrong_with_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped model as a file: the same scores as the embedded one.
    let shipped = dir.path().join("shipped.bin");
    std::fs::write(
        &shipped,
        include_bytes!("../../src/analysis/models/ner.bin"),
    )
    .unwrap();
    let (code, embedded, stderr) = eval_ner(None);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(embedded.len() >= 4, "F1 rows: {embedded:?}");
    assert!(embedded.iter().all(|(_, v)| *v > 30.0), "{embedded:?}");
    let (code, from_file, stderr) = eval_ner(Some(&shipped));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(from_file, embedded);

    // An untrained model finds nothing: the flag is what is scored.
    let zero = dir.path().join("zero.bin");
    std::fs::write(&zero, kabar::lab::NerModel::zeroed(8).to_bytes()).unwrap();
    let (code, untrained, stderr) = eval_ner(Some(&zero));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(untrained.len(), embedded.len());
    assert!(untrained.iter().all(|(_, v)| *v == 0.0), "{untrained:?}");

    // Not a model, and no file at all: exit 1 and say what to pass.
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"not a model").unwrap();
    for path in [junk, dir.path().join("missing.bin")] {
        let (code, _, stderr) = eval_ner(Some(&path));
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("kabar-lab train ner --out"), "{stderr}");
        assert!(stderr.contains(&*path.to_string_lossy()), "{stderr}");
    }
}

#[test]
fn the_product_binary_has_only_operator_commands() {
    let help = Command::new(env!("CARGO_BIN_EXE_kabar"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        commands,
        [
            "worker", "submit", "analyze", "health", "dead", "bench", "help"
        ],
        "{text}"
    );
    let lab = Command::new(env!("CARGO_BIN_EXE_kabar-lab"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&lab.stdout);
    assert!(text.contains("eval") && text.contains("train"), "{text}");
}
