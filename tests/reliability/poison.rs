//! The poison corpus: what crawlers and broken producers send, each with the outcome the
//! contract promises (an error code, with a dead-queue copy; or `ok` where the input is
//! legitimately fine).

pub struct Kind {
    pub name: &'static str,
    pub body: Vec<u8>,
    pub content_type: Option<&'static str>,
    pub content_encoding: Option<&'static str>,
    /// `None` = an ok result; `Some(code)` = an error result with that code.
    pub expect: Option<&'static str>,
}

const JSON: Option<&str> = Some("application/json");

fn k(
    name: &'static str,
    body: impl Into<Vec<u8>>,
    content_type: Option<&'static str>,
    expect: Option<&'static str>,
) -> Kind {
    Kind {
        name,
        body: body.into(),
        content_type,
        content_encoding: None,
        expect,
    }
}

/// Gzip of `{"text":"Berita."}` (header, deflate stream, trailer), as a producer that
/// compresses without saying so would send it.
const GZIP: &[u8] = &[
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56, 0x2a, 0x49, 0xad, 0x28,
    0x51, 0xb2, 0x52, 0x72, 0x4a, 0x2d, 0xca, 0x4c, 0x2c, 0xd1, 0x53, 0xaa, 0x05, 0x00, 0x00, 0x00,
    0xff, 0xff,
];

pub fn corpus() -> Vec<Kind> {
    let article = "Pemerintah Kota Bandung meresmikan taman baru pada Senin.";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            format!("{{\"text\":\"{article}\"}}")
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let ten_mb = format!("{{\"text\":\"{}\"}}", "a".repeat(10 << 20));
    let deep = format!(
        "{{\"text\":\"{article}\",\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let huge_id = format!(
        "{{\"id\":\"{}\",\"text\":\"{article}\"}}",
        "9".repeat(100_000)
    );
    let long_title = format!(
        "{{\"text\":\"{article}\",\"title\":\"{}\"}}",
        "t".repeat(5000)
    );
    let j = |extra: &str| format!("{{\"text\":\"{article}\",{extra}}}");
    vec![
        k(
            "invalid_json",
            "{\"text\": nope}",
            JSON,
            Some("invalid_json"),
        ),
        k(
            "truncated_json",
            "{\"text\":\"Pemerintah Kota Band",
            JSON,
            Some("invalid_json"),
        ),
        k(
            "invalid_utf8",
            b"{\"text\":\"caf\xe9 \xff\"}".to_vec(),
            JSON,
            Some("invalid_utf8"),
        ),
        k("empty_body", "", None, Some("missing_text")),
        k("empty_body_json", "", JSON, Some("invalid_json")),
        k("text_null", "{\"text\":null}", JSON, Some("missing_text")),
        k("text_number", "{\"text\":42}", JSON, Some("invalid_field")),
        k(
            "text_array",
            "{\"text\":[\"a\",\"b\"]}",
            JSON,
            Some("invalid_field"),
        ),
        k(
            "text_object",
            "{\"text\":{\"body\":\"a\"}}",
            JSON,
            Some("invalid_field"),
        ),
        k("text_bool", "{\"text\":true}", JSON, Some("invalid_field")),
        k("text_empty", "{\"text\":\"\"}", JSON, Some("missing_text")),
        k(
            "text_whitespace",
            "{\"text\":\" \\n\\t \"}",
            JSON,
            Some("missing_text"),
        ),
        k(
            "no_text",
            "{\"title\":\"Judul saja\"}",
            JSON,
            Some("missing_text"),
        ),
        k("body_10mb", ten_mb, JSON, Some("too_large")),
        k("deep_nesting", deep, JSON, Some("invalid_json")),
        // Legitimately fine: NUL is a valid character in a JSON string.
        k(
            "nul_bytes",
            format!("{{\"text\":\"Berita\\u0000dengan NUL. {article}\"}}"),
            JSON,
            None,
        ),
        // Legitimately fine: a UTF-8 BOM is skipped.
        k(
            "utf8_bom",
            format!("\u{feff}{{\"text\":\"{article}\"}}"),
            JSON,
            None,
        ),
        k("utf16_bom", utf16, JSON, Some("invalid_utf8")),
        k(
            "content_type_png",
            "\u{89}PNG",
            Some("image/png"),
            Some("invalid_field"),
        ),
        k(
            "content_type_html",
            format!("<p>{article}</p>"),
            Some("text/html"),
            Some("invalid_field"),
        ),
        // Legitimately fine: text/plain means the body is the article, braces and all.
        k(
            "json_as_text_plain",
            format!("{{\"text\":\"{article}\"}}"),
            Some("text/plain"),
            None,
        ),
        Kind {
            content_encoding: Some("gzip"),
            ..k("gzip_declared", GZIP, JSON, Some("invalid_field"))
        },
        k("gzip_undeclared", GZIP, None, Some("invalid_utf8")),
        Kind {
            content_encoding: Some("br"),
            ..k(
                "brotli_declared",
                article,
                Some("text/plain"),
                Some("invalid_field"),
            )
        },
        // Legitimately fine: duplicate keys, the last one wins (as in most JSON parsers).
        k(
            "duplicate_keys",
            format!("{{\"text\":\"x\",\"text\":\"{article}\"}}"),
            JSON,
            None,
        ),
        k("huge_id", huge_id, JSON, Some("invalid_field")),
        k(
            "id_object",
            j("\"id\":{\"a\":1}"),
            JSON,
            Some("invalid_field"),
        ),
        k("top_level_array", "[1,2,3]", JSON, Some("invalid_json")),
        k(
            "top_level_string",
            format!("\"{article}\""),
            JSON,
            Some("invalid_json"),
        ),
        k("json_null", "null", JSON, Some("invalid_json")),
        k(
            "bad_published_at",
            j("\"published_at\":\"kemarin\""),
            JSON,
            Some("invalid_field"),
        ),
        k(
            "bad_language",
            j("\"language\":\"indonesian\""),
            JSON,
            Some("invalid_field"),
        ),
        k(
            "options_number",
            j("\"options\":5"),
            JSON,
            Some("invalid_field"),
        ),
        k(
            "options_wrong_type",
            j("\"options\":{\"tokens\":\"yes\"}"),
            JSON,
            Some("invalid_field"),
        ),
        k(
            "title_number",
            j("\"title\":7"),
            JSON,
            Some("invalid_field"),
        ),
        k("title_too_long", long_title, JSON, Some("invalid_field")),
        k("url_number", j("\"url\":5"), JSON, Some("invalid_field")),
        k(
            "lone_surrogate",
            "{\"text\":\"\\ud800\"}",
            JSON,
            Some("invalid_json"),
        ),
        k(
            "trailing_garbage",
            format!("{{\"text\":\"{article}\"}} sisa"),
            JSON,
            Some("invalid_json"),
        ),
        k(
            "raw_control_char",
            format!("{{\"text\":\"{article}\nbaris\"}}"),
            JSON,
            Some("invalid_json"),
        ),
        k(
            "nan_literal",
            j("\"score\":NaN"),
            JSON,
            Some("invalid_json"),
        ),
        k(
            "plain_whitespace",
            " \n\t ",
            Some("text/plain"),
            Some("missing_text"),
        ),
    ]
}
