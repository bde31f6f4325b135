//! What `kabar analyze` and `kabar submit` read (DESIGN.md §9): a `.txt` file is one
//! article, a `.json` file one envelope, a `.jsonl` file one envelope a line, a directory
//! is walked (those three extensions, in name order), `-` is stdin (an envelope if it
//! parses as one, JSON lines if every line does, else text).

use std::io::Read;
use std::path::{Path, PathBuf};

/// One job's body as it will be sent, with where it came from for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct JobInput {
    /// `path` or `path:line`, for error messages and progress.
    pub source: String,
    pub body: Vec<u8>,
    pub content_type: &'static str,
}

pub const JSON: &str = "application/json";
pub const TEXT: &str = "text/plain";

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: no .txt, .json or .jsonl files found")]
    Empty(PathBuf),
}

/// Reads every job named by `paths`, in order.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<JobInput>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|source| InputError::Io {
                    path: path.clone(),
                    source,
                })?;
            out.extend(from_stdin(buf));
        } else if path.is_dir() {
            let before = out.len();
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| matches!(ext(p), "txt" | "json" | "jsonl"))
                .collect();
            files.sort();
            for f in files {
                out.extend(read_file(&f)?);
            }
            if out.len() == before {
                return Err(InputError::Empty(path.clone()));
            }
        } else {
            out.extend(read_file(path)?);
        }
    }
    Ok(out)
}

fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn read_file(path: &Path) -> Result<Vec<JobInput>, InputError> {
    let body = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let source = path.display().to_string();
    Ok(match ext(path) {
        "json" => vec![JobInput {
            source,
            body,
            content_type: JSON,
        }],
        "jsonl" => lines(&source, &body),
        _ => vec![JobInput {
            source,
            body,
            content_type: TEXT,
        }],
    })
}

fn lines(source: &str, body: &[u8]) -> Vec<JobInput> {
    body.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(n, l)| JobInput {
            source: format!("{source}:{}", n + 1),
            body: l.to_vec(),
            content_type: JSON,
        })
        .collect()
}

fn from_stdin(body: Vec<u8>) -> Vec<JobInput> {
    let is_object = |b: &[u8]| {
        matches!(
            serde_json::from_slice::<serde_json::Value>(b),
            Ok(serde_json::Value::Object(_))
        )
    };
    if is_object(&body) {
        return vec![JobInput {
            source: "stdin".into(),
            body,
            content_type: JSON,
        }];
    }
    let jsonl = lines("stdin", &body);
    if jsonl.len() > 1 && jsonl.iter().all(|j| is_object(&j.body)) {
        return jsonl;
    }
    vec![JobInput {
        source: "stdin".into(),
        body,
        content_type: TEXT,
    }]
}

/// The id a job will get: the envelope's `id` when it has one, else `None` (the caller
/// assigns a message id, which the worker then uses).
pub fn envelope_id(input: &JobInput) -> Option<String> {
    if input.content_type != JSON {
        return None;
    }
    match serde_json::from_slice::<serde_json::Value>(&input.body)
        .ok()?
        .get("id")?
    {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_directories_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "Satu artikel.").unwrap();
        std::fs::write(dir.path().join("a.json"), r#"{"id":"x","text":"t"}"#).unwrap();
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"text\":\"1\"}\n\n{\"text\":\"2\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("ignored.md"), "no").unwrap();
        let all = read_all(&[dir.path().to_path_buf()]).unwrap();
        let kinds: Vec<_> = all.iter().map(|j| j.content_type).collect();
        assert_eq!(kinds, [JSON, TEXT, JSON, JSON]);
        assert!(all[3].source.ends_with("c.jsonl:3"));
        assert_eq!(envelope_id(&all[0]).as_deref(), Some("x"));
        assert_eq!(envelope_id(&all[1]), None);
    }

    #[test]
    fn stdin_is_an_envelope_lines_or_text() {
        assert_eq!(
            from_stdin(br#"{"text":"a"}"#.to_vec())[0].content_type,
            JSON
        );
        assert_eq!(
            from_stdin(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n".to_vec()).len(),
            2
        );
        let t = from_stdin(b"Berita hari ini.\n{ bukan json".to_vec());
        assert_eq!((t.len(), t[0].content_type), (1, TEXT));
    }

    #[test]
    fn an_empty_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_all(&[dir.path().to_path_buf()]),
            Err(InputError::Empty(_))
        ));
    }
}
