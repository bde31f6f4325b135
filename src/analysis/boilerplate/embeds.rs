//! Social-media embeds: the text an embedded Instagram post, tweet or TikTok leaves behind
//! when a page is scraped without its scripts. Instagram's "View this post on Instagram" and
//! "A post shared by Name (@handle)" (or "Lihat postingan ini di Instagram", "Sebuah kiriman
//! dibagikan oleh ..."), a tweet's "pic.twitter.com/... — Name (@handle) May 2, 2019",
//! TikTok's "♬ original sound - name". The fixed phrases are data
//! (`lexicon/embed_phrases.txt`); the "Name (@handle)" and date
//! after them, and a tweet's signature on its own, are recognised by shape.
//!
//! A line that is an embed (the signature at its end, little else) goes whole, the tweet's
//! own text with it; inside a paragraph only the embed's fixed text and signature are cut,
//! since where a quoted post begins cannot be told from the text.

use super::{Kind, Out, re};
use crate::analysis::lexicon::entries;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::sync::LazyLock;

static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries(include_str!("../lexicon/embed_phrases.txt")))
        .expect("embed phrases build an automaton")
});

/// A post's author as the embed prints it: "Name (@handle)", a date after it when there is
/// one ("May 2, 2019", "3 Maret 2019", "on Mar 3, 2019 at 8:15am PDT").
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\(@[A-Za-z0-9_.]{1,40}\)",
        r"(?:\s*(?:on\s*)?(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4})",
        r"(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]m(?:\s+[A-Z]{2,4})?)?)?"
    ))
});

/// A date alone on a line, as an embedded tweet split over lines ends ("May 2, 2019").
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4})$"));

/// Most words a line may keep besides a tweet's link or signature and still be the tweet.
const TWEET_LINE_WORDS: usize = 40;

/// What marks a line that may hold an embed: the phrases, and a handle's "(@", for the one
/// scan of a line that tells whether [`cut`] has work.
pub(super) fn phrases() -> impl Iterator<Item = &'static str> {
    entries(include_str!("../lexicon/embed_phrases.txt")).chain(["(@"])
}

/// Whether `line` is the date line that closes a tweet split over lines.
pub(super) fn is_date_line(line: &str) -> bool {
    line.len() <= 24 && DATE_LINE.is_match(line)
}

/// Cuts the embeds out of `line`, recording each as [`Kind::Embed`]; returns what is left
/// (empty when the line was an embed).
pub(super) fn cut(line: &str, out: &mut Out) -> String {
    let pieces = pieces(line);
    if pieces.is_empty() {
        return line.to_string();
    }
    // A tweet on its own line: the link or signature ends it and little else is there.
    let tweet = pieces.iter().any(|p| p.tweet);
    let (last_start, last_end) = pieces.last().map(|p| (p.start, p.end)).unwrap_or_default();
    if tweet
        && line[last_end..].trim().is_empty()
        && super::word_count(&line[..last_start]) <= TWEET_LINE_WORDS
    {
        out.remove(Kind::Embed, line);
        return String::new();
    }
    let mut kept = String::with_capacity(line.len());
    let mut at = 0;
    for p in &pieces {
        kept.push_str(&line[at..p.start]);
        kept.push(' ');
        out.remove(Kind::Embed, &line[p.start..p.end]);
        at = p.end;
    }
    kept.push_str(&line[at..]);
    let rest = kept.trim();
    if rest.chars().all(|c| !c.is_alphanumeric()) {
        return String::new();
    }
    kept
}

/// A piece of embed text in a line.
struct Piece {
    start: usize,
    end: usize,
    /// From a tweet (its link or signature).
    tweet: bool,
}

fn pieces(line: &str) -> Vec<Piece> {
    let mut found: Vec<Piece> = Vec::new();
    for m in PHRASES.find_iter(line) {
        let (start, end) = (m.start(), m.end());
        let phrase = &line[start..end];
        let piece = if phrase.ends_with('/') {
            // pic.twitter.com/XXXX, then the signature if it follows closely.
            let link_end = line[end..]
                .find(|c: char| c.is_whitespace() || c == '—')
                .map_or(line.len(), |p| end + p);
            let end = signature_after(line, link_end, 120).unwrap_or(link_end);
            Piece {
                start,
                end,
                tweet: true,
            }
        } else if phrase.starts_with('♬') {
            let rest = &line[end..];
            if super::word_count(rest) > 15 {
                continue;
            }
            Piece {
                start,
                end: line.len(),
                tweet: false,
            }
        } else if phrase.len() > 20 && phrase.to_ascii_lowercase().contains("instagram") {
            // "View this post on Instagram": the header alone.
            Piece {
                start,
                end,
                tweet: false,
            }
        } else {
            // "A post shared by Name (@handle)": through the handle (and date).
            match signature_after(line, end, 100) {
                Some(e) => Piece {
                    start,
                    end: e,
                    tweet: false,
                },
                None if super::word_count(line) <= 12 => Piece {
                    start,
                    end: line.len(),
                    tweet: false,
                },
                None => continue,
            }
        };
        push(&mut found, piece);
    }
    // Signatures without a phrase before them: "— Name (@handle) May 2, 2019".
    if line.contains("(@") {
        for m in SIGNATURE.find_iter(line) {
            // A date after the handle (the pattern's optional part matched).
            let dated = !m.as_str().ends_with(')');
            let dash = line[..m.start()]
                .rfind('—')
                .filter(|&d| m.start() - d <= 80);
            let whole_line_signature = dash.is_some_and(|d| line[..d].trim().is_empty())
                && line[m.end()..].trim().is_empty();
            let tweet = dated && (dash.is_some() || dated_tweet_context(line, m.start()));
            if !(tweet || whole_line_signature) {
                continue;
            }
            let start = dash.unwrap_or_else(|| name_start(line, m.start()));
            push(
                &mut found,
                Piece {
                    start,
                    end: m.end(),
                    tweet: true,
                },
            );
        }
    }
    merged(line, found)
}

/// Adds `p`, merging it with a piece it overlaps or touches.
fn push(found: &mut Vec<Piece>, p: Piece) {
    for f in found.iter_mut() {
        if p.start <= f.end && f.start <= p.end {
            f.start = f.start.min(p.start);
            f.end = f.end.max(p.end);
            f.tweet |= p.tweet;
            return;
        }
    }
    found.push(p);
}

/// Pieces in line order, those with only spaces between them made one ("View this post on
/// Instagram A post shared by ...").
fn merged(line: &str, mut found: Vec<Piece>) -> Vec<Piece> {
    found.sort_by_key(|p| p.start);
    let mut out: Vec<Piece> = Vec::with_capacity(found.len());
    for p in found {
        match out.last_mut() {
            Some(l) if p.start <= l.end || line[l.end..p.start].trim().is_empty() => {
                l.end = l.end.max(p.end);
                l.tweet |= p.tweet;
            }
            _ => out.push(p),
        }
    }
    out
}

/// The end of a "(@handle)" signature starting within `window` bytes after `from`.
fn signature_after(line: &str, from: usize, window: usize) -> Option<usize> {
    let end = super::floor_char_boundary(line, from + window);
    let m = SIGNATURE.find(&line[from..end])?;
    Some(from + m.end())
}

/// A dated "Name (@handle) Date" glued in a paragraph counts as a tweet's signature only
/// after a tweet link or hashtag close before it.
fn dated_tweet_context(line: &str, at: usize) -> bool {
    let from = super::floor_char_boundary(line, at.saturating_sub(160));
    let before = &line[from..at];
    before.contains("pic.twitter.com") || before.contains("t.co/") || before.contains('#')
}

/// Where the name before a "(@handle)" starts: up to four capitalised words right before it.
fn name_start(line: &str, at: usize) -> usize {
    let mut start = at;
    let mut rest = line[..at].trim_end();
    for _ in 0..4 {
        let w_start = rest.rfind(' ').map_or(0, |p| p + 1);
        let w = &rest[w_start..];
        if !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        start = w_start;
        rest = rest[..w_start].trim_end();
    }
    start
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, strip};

    #[test]
    fn instagram_embed_glued_in_a_paragraph() {
        let c = strip(
            "Gol itu membuat tuan rumah unggul. View this post on Instagram A post shared by Kabar Bola (@kabarbola) Berdasarkan statistik, tim tamu kalah.",
        );
        assert_eq!(
            c.text,
            "Gol itu membuat tuan rumah unggul. Berdasarkan statistik, tim tamu kalah."
        );
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].kind, Kind::Embed);
        assert_eq!(
            c.removed[0].text,
            "View this post on Instagram A post shared by Kabar Bola (@kabarbola)"
        );
    }

    #[test]
    fn instagram_lines_in_either_language() {
        let c = strip(
            "Isi berita.\nA post shared by Dinas Kesehatan Kota (@dinkeskota)\nLihat postingan ini di InstagramSebuah kiriman dibagikan oleh Kabar Kota (@kabarkota)\nA photo posted by Rina (@rina.w) onMar 3, 2019 at 8:15am PDT\nLanjutan berita.",
        );
        assert_eq!(c.text, "Isi berita.\nLanjutan berita.");
        assert!(
            c.removed.iter().all(|r| r.kind == Kind::Embed),
            "{:?}",
            c.removed
        );
    }

    #[test]
    fn a_tweet_on_its_own_line_goes_whole() {
        let c = strip(
            "Isi berita.\nWhat a night for the club, thank you all! pic.twitter.com/AbC123xYz — Kabar FC (@kabarfc) May 2, 2019\nLanjutan berita.\nSo many fans here tonight?pic.twitter.com/ZzY987\nPenutup.",
        );
        assert_eq!(c.text, "Isi berita.\nLanjutan berita.\nPenutup.");
        assert_eq!(c.removed.len(), 2);
    }

    #[test]
    fn a_tweet_inside_a_paragraph_leaves_the_paragraph() {
        let c = strip(
            "Ia juga pernah bermain di sana. Great debut today. pic.twitter.com/QwE456 Fans Bola (@fansbola) 3 Maret 2019 Pemain muda itu lalu dipinjamkan ke klub lain, kata pelatihnya dalam konferensi pers yang digelar di stadion pada hari yang sama setelah laga.",
        );
        assert!(
            c.text
                .starts_with("Ia juga pernah bermain di sana. Great debut today. Pemain muda itu")
        );
        assert_eq!(
            c.removed[0].text,
            "pic.twitter.com/QwE456 Fans Bola (@fansbola) 3 Maret 2019"
        );
    }

    #[test]
    fn a_tweet_split_over_lines() {
        let c = strip(
            "Isi berita.\nGol indah malam ini\npic.twitter.com/Xy12Ab34Cd\n— Kabar FC (@kabarfc)\nMay 2, 2019\nLanjutan berita.",
        );
        assert_eq!(c.text, "Isi berita.\nGol indah malam ini\nLanjutan berita.");
        assert_eq!(c.removed.len(), 3);
    }

    #[test]
    fn prose_about_accounts_is_kept() {
        for raw in [
            "Hal itu ditulis akun Instagram resmi Kabar FC (@kabarfc), Senin (9/6/2025).",
            "Pelatih itu dikutip dari ESPN Asia (@espnasia) pada Senin malam.",
        ] {
            let c = strip(raw);
            assert_eq!(c.text, raw);
            assert!(c.removed.is_empty(), "{:?}", c.removed);
        }
    }
}
