//! Pairs of quote marks: where each quote opens and closes, and which paragraph holds it.

use crate::analysis::Span;

/// One pair of quote marks: `open` and `close` are the marks' byte offsets, `inner` what
/// lies between, `line_*` the paragraph (line) that holds them.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuoteSpan {
    pub(super) open: usize,
    pub(super) close: usize,
    pub(super) inner: Span,
    pub(super) line_start: usize,
    pub(super) line_end: usize,
}

/// Pairs quote marks line by line: straight `"` toggles, curly `“` opens and `”` closes,
/// and a mark left open at the end of a paragraph is dropped (news does not close a quote
/// that goes on in the next paragraph, and guessing its end is worse than skipping it).
/// A `”` that stands where a quote opens (at the start of a paragraph or after a space,
/// with a word right after it) opens one: some sites type both marks the same way.
pub(super) fn quote_spans(text: &str) -> Vec<QuoteSpan> {
    // A byte loop: the marks are `"` or three-byte `“` / `”` (E2 80 9C / E2 80 9D), and
    // everything else is skipped at one comparison a byte.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut line_start = 0;
    // The open mark's offset and length in bytes.
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (curly_open, curly_close) = if b == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
            (
                bytes.get(i + 2) == Some(&0x9C),
                bytes.get(i + 2) == Some(&0x9D),
            )
        } else {
            (false, false)
        };
        if b == b'\n' {
            line_start = i + 1;
            open = None;
        } else if b == b'"' || curly_open || curly_close {
            let len = if b == b'"' { 1 } else { 3 };
            match open {
                None if b == b'"' || curly_open => open = Some((i, len)),
                Some(_) if curly_open => open = Some((i, len)),
                None => {
                    // A `”` where a quote opens: after a space or at the paragraph start,
                    // with a word right after it.
                    let after_space = i == line_start || bytes[i - 1].is_ascii_whitespace();
                    let word_after = bytes
                        .get(i + len)
                        .is_some_and(|&n| !n.is_ascii_whitespace());
                    if after_space && word_after {
                        open = Some((i, len));
                    }
                }
                Some((o, olen)) => {
                    let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    let line_end = line_end - usize::from(bytes[..line_end].ends_with(b"\r"));
                    out.push(QuoteSpan {
                        open: o,
                        close: i,
                        inner: Span::new(o + olen, i),
                        line_start,
                        line_end,
                    });
                    open = None;
                }
            }
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether an unattributed quote continues the previous speaker's: it follows the
/// previous quote in the same paragraph, or it opens the next paragraph and is a full
/// utterance (several words) rather than a scare-quoted term.
pub(super) fn continues(text: &str, q: &QuoteSpan, previous_line: usize, inner: &str) -> bool {
    if q.line_start == previous_line {
        return true;
    }
    let gap = &text[previous_line.min(q.line_start)..q.line_start];
    let next_paragraph = gap.trim_end_matches(['\n', '\r']).find('\n').is_none();
    next_paragraph
        && text[q.line_start..q.open].trim().is_empty()
        && inner.split_whitespace().count() >= 3
}

/// Whether byte `at` lies inside one of `marks` (between its marks), by binary search.
pub(super) fn inside(marks: &[QuoteSpan], at: usize) -> bool {
    let i = marks.partition_point(|q| q.open < at);
    i > 0 && at < marks[i - 1].close
}
