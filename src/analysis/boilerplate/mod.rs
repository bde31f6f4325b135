//! Boilerplate removal: the lines a news page wraps around the story (related-article
//! links, ad markers, embeds, bylines, captions, share prompts, tags, the outlet's
//! dateline), removed and reported with their kind so that nothing disappears silently.
//! It runs on the text the repair stage ([`super::repair`]) has mended.
//!
//! The rules were shaped by surveying the development corpus (15+ Indonesian outlets), but
//! every rule is written to be conservative: a line is only removed when its *whole* shape
//! says boilerplate (a known marker, a short headline after "Baca juga:", a short credit
//! after "Foto:"), and text that might be body text is kept. Removing a real sentence
//! silently is worse than leaving a stray "Advertisement" in the text.
//!
//! Most outlets put boilerplate on lines of its own; some scrapes flatten a page into one
//! line, or glue a prompt to the end of a paragraph, so some shapes are also cut from inside
//! a line: "(Baca: ...)", a related link run into a paragraph, an embed's fixed text, a
//! share prompt glued at the end, a dateline glued to the first sentence ("Liputan6.com,
//! JakartaKita ..."), and the "Pewarta: ... Editor: ... Copyright ©" tail of wire copy.
//!
//! # Layout
//!
//! - this file: the line classifier and the pass over the lines (bare "Baca juga" headings
//!   with the headline lines under them, the tags and promotions that close a page, the
//!   dateline), and the cuts inside a body line in order;
//! - [`run_in`]: related links run into a paragraph, and where their headline ends;
//! - [`embeds`]: the text social-media embeds leave (Instagram, tweets, TikTok);
//! - [`credits`]: photo credits and the captions that carry them;
//! - [`tails`]: share prompts glued to the end of a paragraph.
//!
//! The phrases they look for are data, one list a concept, in `lexicon/`: `ad_markers.txt`,
//! `share_prompts.txt`, `share_channels.txt`, `share_verbs.txt`, `share_tails.txt`,
//! `related_markers.txt`, `headline_lowercase_words.txt`, `sentence_openers.txt`,
//! `embed_phrases.txt`, `photo_credits.txt` (and the repair stage's
//! `camel_case_names.txt`). Each line is scanned for them in one pass per list
//! (Aho-Corasick), and only a line that holds one goes through the slower checks.

mod credits;
mod embeds;
mod run_in;
mod tails;

use super::lexicon::entries;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// What kind of boilerplate a removed piece was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Related-article links ("Baca juga:", "Simak juga Video:") and their headlines.
    Related,
    /// Ad markers ("ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT").
    Ad,
    /// Author, reporter and editor lines, editor codes such as "(ant/abc)".
    Byline,
    /// Photo and video captions and credits ("Foto: ...").
    Caption,
    /// Share, follow and subscribe prompts.
    Share,
    /// Placeholders for embedded media ("[Gambas:Video 20detik]").
    Embed,
    /// The outlet-and-city prefix of the first sentence ("Liputan6.com, Jakarta -").
    Dateline,
    /// Topic tags listed after the editor code at the end of an article.
    Tag,
    /// Copyright and reuse notices.
    Copyright,
}

impl Kind {
    /// Every kind, in a fixed order (for reports and counts).
    pub const ALL: [Kind; 9] = [
        Kind::Related,
        Kind::Ad,
        Kind::Byline,
        Kind::Caption,
        Kind::Share,
        Kind::Embed,
        Kind::Dateline,
        Kind::Tag,
        Kind::Copyright,
    ];

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Related => "related",
            Kind::Ad => "ad",
            Kind::Byline => "byline",
            Kind::Caption => "caption",
            Kind::Share => "share",
            Kind::Embed => "embed",
            Kind::Dateline => "dateline",
            Kind::Tag => "tag",
            Kind::Copyright => "copyright",
        }
    }
}

/// One removed piece: a whole line, or the part of a line that was cut out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// What it was.
    pub kind: Kind,
    /// The text removed.
    pub text: String,
}

/// The result of [`strip`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Body lines that remain, trimmed, joined with `\n` (blank lines dropped).
    pub text: String,
    pub removed: Vec<Removed>,
    /// Headlines of related-article links.
    pub related: Vec<String>,
}

/// Longest line (in bytes) that the per-line regexes look at in full. Longer lines are
/// paragraphs, never a single boilerplate marker, so they only get the cheap inline passes.
const MARKER_MAX: usize = 400;

/// Outlet domain as it appears in datelines: "Liputan6.com", "REPUBLIKA.CO.ID", "TEMPO.CO".
const OUTLET: &str = r"(?:[A-Za-z][A-Za-z0-9-]*\.)+(?i:com|co\.id|co|id|net|tv|or\.id)";
/// A place name in a dateline: one to four capitalised words ("Jakarta", "SAINT-DENIS").
const CITY: &str = r"[A-Z][A-Za-z'’.]*(?:[ -][A-Z][A-Za-z'’.]*){0,3}";
/// The separator after a dateline: dashes or a colon.
const SEP: &str = r"\s*(?:[-–—:]+|\.)\s*";

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a broken one is a bug caught by every test.
    Regex::new(pattern).expect("boilerplate pattern compiles")
}

/// Datelines glued to the start of the first body line, most specific first.
static DATELINE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        // "Liputan6.com, Jakarta -", "TEMPO.CO,Jakarta-", "REPUBLIKA.CO.ID, JAKARTA --"
        re(&format!(
            r"^{OUTLET}\s*,\s*{CITY}\s*(?:\([^)]{{0,40}}\)\s*)?\s*[-–—:]+\s*"
        )),
        // "KONTAN.CO.ID - JAKARTA.", "VIVA.co.id -", "Merdeka.com -"
        re(&format!(
            r"^{OUTLET}\s*[-–—:]+\s*(?:[A-Z]{{3,}}(?: [A-Z]{{3,}})?\.\s*)?"
        )),
        // "JAKARTA, KOMPAS.com -", "KARIMUN, POSMETRO.CO:"
        re(&format!(r"^{CITY}\s*,\s*{OUTLET}{SEP}")),
        // "Jakarta (ANTARA) -", and the wires English articles carry: "LONDON (Reuters) -"
        re(&format!(
            r"^{CITY}\s*\((?i:antara|reuters|ap|afp|bloomberg)[^)]{{0,20}}\)\s*[-–—:]+\s*"
        )),
        // "CNN Indonesia --"
        re(r"^CNN Indonesia\s*[-–—]+\s*"),
        // "SAINT-DENIS–", "POSMETRO MEDAN–": an all-capitals place and a dash
        re(r"^[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+){0,3}\s*[-–—]+\s*"),
    ]
});

/// "Liputan6.com, Jakarta" glued to the sentence without a separator ("JakartaKita").
static DATELINE_GLUED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^{OUTLET}\s*,\s*[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}"
    ))
});

/// "JAKARTA, KOMPAS.com" with nothing after it: a dateline on a line of its own.
static DATELINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:{CITY}\s*,\s*{OUTLET}|{OUTLET}\s*,\s*{CITY})\s*[-–—:]*$"
    ))
});

/// A dateline split over lines ("Jakarta" then "-"): the place line.
static PLACE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Z][A-Za-z.'’]*(?: [A-Z][A-Za-z.'’]*){0,3}\s*[-–—]?$"));

/// A related-article marker and whatever follows it.
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:yuk,? )?baca(?: juga| pula)?|artikel terkait|berita terkait(?: lainnya)?|baca berita terkait|read more|read also)\s*(?:[:：]\s*(.*)|$)",
    )
});

/// A video or article promo ("Simak juga Video: ...", "Tonton juga \"...\" di sini:").
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)^(?:simak|lihat|tonton|saksikan)(?: juga)?(?: (?:video|berita))?\s*(?:[:"'“‘]|video\b)\s*(.*)$"#,
    )
});

/// Ad markers, matched against the whole lower-cased line.
static AD_LINES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/ad_markers.txt")).collect());

/// "[Gambas:Video 20detik]" and the like: the head of
/// `(?i)^\[(?:gambas|video|embed|instagram|twitter|youtube|tiktok)\s*:?[^\]]{0,80}\]$`,
/// whose tail [`is_embed`] checks by hand. (A counted repetition of a Unicode class
/// compiles to one copy of its UTF-8 automaton per count, forwards and backwards: that
/// pattern alone cost more to compile than the lines of hundreds of articles to check.)
static EMBED_HEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\[(?:gambas|video|embed|instagram|twitter|youtube|tiktok)"));

/// Whether `line` is an embed marker: [`EMBED_HEAD`], then up to 80 chars other than `]`
/// (after optional spaces and a colon, which the count does not include) and a closing `]`
/// that ends the line. The head's words are no prefix of one another, so where it ends is
/// fixed, and so is the rest.
fn is_embed(line: &str) -> bool {
    let Some(head) = EMBED_HEAD.find(line) else {
        return false;
    };
    let Some(body) = line[head.end()..].strip_suffix(']') else {
        return false;
    };
    if body.contains(']') {
        return false;
    }
    // The fewest chars left for `[^\]]{0,80}`: all leading spaces and then a colon taken
    // by `\s*:?`.
    let rest = body.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    rest.chars().count() <= 80
}

/// Whether `line` is a "Video: Headline" promo line (no sentence end checked here):
/// `^(?:Video|VIDEO)\s*:\s*\S.{0,150}$` by hand. The colon is the first char after the
/// word and its spaces, and `\S` the first one after the colon and its spaces, so at most
/// 150 chars, none a line break, may follow that one. (The pattern's counted `.` cost
/// as much to compile as a hundred articles to check.)
fn is_video_line(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("Video")
        .or_else(|| line.strip_prefix("VIDEO"))
    else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let mut chars = rest.trim_start().chars();
    chars.next().is_some() && {
        let tail = chars.as_str();
        !tail.contains('\n') && tail.chars().count() <= 150
    }
}

/// Byline and credit lines: the head of
/// `(?i)^\(?(?:(?:penulis|…)\s*:|ditulis oleh\b|laporan (?:…)\b)\s*\S[^\n]{0,120}$`,
/// whose tail [`is_byline`] checks by hand (the counted class was most of its compile cost).
static BYLINE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\(?(?:(?:penulis|editor|reporter|pewarta|redaktur|kontributor|fotografer|penyunting)\s*:|ditulis oleh\b|laporan (?:wartawan|kontributor|reporter)\b)",
    )
});

/// Whether `line` is a byline: [`BYLINE_HEAD`], spaces, a char that is not one, then at
/// most 120 chars without a line break to the end. The head's alternatives start with
/// different words and an opening bracket must be taken, so where it ends is fixed, and
/// `\S` is the first char after the spaces that follow.
fn is_byline(line: &str) -> bool {
    let Some(head) = BYLINE_HEAD.find(line) else {
        return false;
    };
    let mut chars = line[head.end()..].trim_start().chars();
    chars.next().is_some() && {
        let tail = chars.as_str();
        !tail.contains('\n') && tail.chars().count() <= 120
    }
}

/// English wire credits: "Reporting by Sarah Young; Editing by Mark Potter". A name must
/// follow, and no sentence punctuation, so body text starting the same way stays:
/// `^(?:[Aa]dditional )?[Rr]eporting by [A-Z][^.!?]{0,150}$` by hand (the counted class
/// was nearly all the pattern's compile cost). A line starting with `Additional ` cannot
/// match without it, so taking the prefix when it is there is exact.
fn is_wire_credit(line: &str) -> bool {
    let rest = line
        .strip_prefix("Additional ")
        .or_else(|| line.strip_prefix("additional "))
        .unwrap_or(line);
    let Some(rest) = rest
        .strip_prefix("Reporting by ")
        .or_else(|| rest.strip_prefix("reporting by "))
    else {
        return false;
    };
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && {
        let tail = chars.as_str();
        !tail.contains(['.', '!', '?']) && tail.chars().count() <= 150
    }
}

/// Editor codes: "(pus/dar)", "(ant/ab)", "(*/Ria)", "(*)".
static EDITOR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\(\s*(?:\*|[*a-zA-Z0-9]{1,8}(?:\s*/\s*[*a-zA-Z0-9 .-]{1,25}){1,3})\s*\)$")
});

/// An editor code after the last sentence of an article: " (rob)", " (sm/rer)", " (*)".
static TRAILING_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"[.!?"”]\s+(\((?:\*|[a-z*]{2,6}(?:\s*/\s*[a-z0-9*]{1,6}){0,2})\))\s*$"#));

/// A lone editor code in brackets ("(kha)"): a byline, but only at the very end.
static SHORT_CODE: LazyLock<Regex> = LazyLock::new(|| re(r"^\([a-z]{2,5}\)$"));

/// A bare name in brackets ("(Fajar Anugrah Putra)"): a byline, but only at the very end.
/// `^\((?:[A-Z][\w.'’-]*\s*){1,5}\)$` compiles the Unicode `\w` ten times; this takes any
/// number of words, and [`is_name_in_brackets`] counts them.
static NAME_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| re(r"^\((?:[A-Z][\w.'’-]*\s*)+\)$"));

/// Whether `line` matches `^\((?:[A-Z][\w.'’-]*\s*){1,5}\)$`. A repetition cannot span
/// spaces, so every space-separated word inside the brackets needs one of its own: the
/// fewest a match needs is the number of words, and five or fewer is what `{1,5}` allows.
/// (`split_whitespace` and `\s` agree: both are Unicode `White_Space`.)
fn is_name_in_brackets(line: &str) -> bool {
    NAME_IN_BRACKETS.is_match(line) && line[1..line.len() - 1].split_whitespace().count() <= 5
}

/// Photo captions and credits: the head of
/// `(?:^|\s|\()(?:Foto|…|Dokumentasi)\s*:\s*[^:]{1,200}\)?\.?$`, whose tail
/// [`is_caption`] checks by hand (the counted class was nearly all its compile cost).
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|\s|\()(?:Foto|FOTO|Photo|PHOTO|Image|Ilustrasi foto|Sumber foto|Dok\.?|DOK\.?|Dokumentasi)\s*:[^:]*$",
    )
});

/// Whether `line` matches the full caption pattern (see [`CAPTION`]). Nothing after the
/// marker's colon may be a colon, so it is the line's last, and what follows it is fixed:
/// spaces taken by `\s*`, then 1 to 200 chars, then `)` and `.` if they end the line. The
/// count must fit for some split: the most it can be is every char, the fewest is without
/// all the leading spaces and the optional ends (while one char is left).
fn is_caption(line: &str) -> bool {
    if !CAPTION.is_match(line) {
        return false;
    }
    let Some((_, tail)) = line.rsplit_once(':') else {
        return false;
    };
    let n = tail.chars().count();
    let spaces = tail.chars().take_while(|c| c.is_whitespace()).count();
    let ends = if tail.ends_with(").") {
        2
    } else {
        usize::from(tail.ends_with([')', '.']))
    };
    n >= 1 && n.saturating_sub(spaces + ends).max(1) <= 200
}

/// Share, follow and subscribe prompts, matched at the start of the lower-cased line; an
/// entry ending in `$` must be the whole line.
static SHARE_PREFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/share_prompts.txt")).collect());

/// Phrases that make a short line a share prompt wherever they appear in it.
static SHARE_ANYWHERE: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/share_channels.txt")).collect());

/// How share prompts that name a channel begin.
static SHARE_VERBS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../lexicon/share_verbs.txt")).collect());

/// Copyright notices (cut from where they start to the end of the line).
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:copyright\s*©|hak cipta\s*©|©\s*(?:copyright\s*)?\d{4}|copyright \d{4})")
});

/// Wire-copy credits at the end of a line: "Pewarta: A B Editor: C D". The pattern is
/// `(?:^|\s)(?:Pewarta|Penulis|Reporter)\s*:\s*[^:]{1,80}?\s+Editor\s*:\s*[^:]{1,80}$`
/// without its counts, which [`tail_credits_start`] checks by hand (they were nearly all
/// its compile cost).
static TAIL_CREDITS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|\s)(?:Pewarta|Penulis|Reporter)\s*:[^:]*\s+Editor\s*:[^:]*$"));

/// Where the counted [`TAIL_CREDITS`] pattern matches in `s`, if it does. Nothing after
/// the first marker's colon but the `Editor` one is a colon, so the two are the line's
/// last two, and the marker is the one word that ends right before the first of them (with
/// spaces between): the match can start at one place only, the same for both patterns.
/// What is left is whether the counts fit some split of the two colon-free stretches.
fn tail_credits_start(s: &str) -> Option<usize> {
    let m = TAIL_CREDITS.find(s)?;
    let (head, tail) = s.rsplit_once(':')?;
    let (_, middle) = head.rsplit_once(':')?;
    // `\s*[^:]{1,80}?\s+` before `Editor\s*`: the count takes what the leading and
    // trailing spaces leave, and at least one trailing space belongs to `\s+`.
    let middle = middle.trim_end().strip_suffix("Editor")?;
    let n = middle.chars().count();
    let lead = middle.chars().take_while(|c| c.is_whitespace()).count();
    let trail = middle
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let middle_fits = n >= 2 && n.saturating_sub(lead + trail).max(1) <= 80;
    // `\s*[^:]{1,80}$` after the last colon.
    let n = tail.chars().count();
    let lead = tail.chars().take_while(|c| c.is_whitespace()).count();
    let tail_fits = n >= 1 && n.saturating_sub(lead).max(1) <= 80;
    (middle_fits && tail_fits).then_some(m.start())
}

/// An inline related link: "(Baca: Headline)" or "(Baca juga: Headline)". The pattern is
/// `(?i)\(\s*baca(?: juga)?\s*:\s*([^()]{5,200})\)` without its count (nearly all its
/// compile cost); [`paren_related_head`] applies it to group 1. Neither pattern's match
/// holds a `(` after its first char, so no match of the counted one starts inside a match
/// of this one, and the counted matches are these, where the count fits.
static INLINE_PAREN_RELATED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\(\s*baca(?: juga)?\s*:([^()]*)\)"));

/// Group 1 of the counted [`INLINE_PAREN_RELATED`] pattern, given what follows the colon
/// up to the closing bracket: `\s*` is greedy, so the group starts after all the leading
/// spaces if at least 5 chars are left, else 5 chars from the end; it must not exceed 200.
fn paren_related_head(rest: &str) -> Option<&str> {
    let n = rest.chars().count();
    let lead = rest.chars().take_while(|c| c.is_whitespace()).count();
    if n - lead >= 5 {
        (n - lead <= 200).then(|| rest.trim_start())
    } else if n >= 5 {
        rest.char_indices().nth(n - 5).map(|(i, _)| &rest[i..])
    } else {
        None
    }
}

/// Characters that are not whitespace to `str::trim` but are as good as nothing on a line.
fn is_blankish(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{200e}' | '\u{200f}' | '\u{feff}'
        )
}

fn clean_line(line: &str) -> &str {
    line.trim_matches(is_blankish)
}

fn word_count(s: &str) -> usize {
    // ASCII lines (most): count word starts on bytes. The ASCII chars `char::is_whitespace`
    // accepts are exactly these six (vertical tab included, unlike `u8::is_ascii_whitespace`).
    if s.is_ascii() {
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        let mut words = 0;
        let mut in_word = false;
        for &b in s.as_bytes() {
            let word = !space(b);
            words += (word && !in_word) as usize;
            in_word = word;
        }
        return words;
    }
    s.split_whitespace().count()
}

/// Whether `s` reads like a headline: short, one line, no sentence inside, not a quote
/// opening and not ending like a sentence or a lead-in.
pub fn is_headline(s: &str) -> bool {
    let s = s.trim();
    let words = word_count(s);
    if !(2..=30).contains(&words) || s.len() > 250 {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '[' || first == '\'') {
        return false;
    }
    let core = s.trim_end_matches(['"', '”', '’', '\'', ')']);
    if core.ends_with(['.', ',', ':', ';']) && !core.ends_with("...") {
        return false;
    }
    // Reported speech ("..., \"Kami ...") is body text.
    if s.contains(", \"") || s.contains(", “") {
        return false;
    }
    // A sentence break inside ("... kata dia. Ia menambahkan") means running text.
    !has_sentence_break(s)
}

/// Whether a headline-like line is also written in title case, as Indonesian headlines are
/// ("Polisi Temukan Uang di Rumah Tersangka"): most words of four or more letters are
/// capitalised. Used where a line is taken as a headline only because of its position.
fn is_title_case(s: &str) -> bool {
    let long: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let caps = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    !long.is_empty() && caps * 10 >= long.len() * 6
}

fn has_sentence_break(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3).enumerate().any(|(i, w)| {
        matches!(w[0], b'.' | b'!' | b'?')
            && w[1] == b' '
            && (w[2].is_ascii_uppercase() || w[2] == b'"')
            // "No. 5", "Jl. Sudirman", "Moch. Agus": a short word before the dot is not an end.
            && s[..i].rsplit(' ').next().is_some_and(|prev| prev.chars().count() > 4)
    })
}

fn share_prompt(lower: &str, words: usize) -> bool {
    if words > 40 {
        return false;
    }
    let normalised;
    let lower = if lower.contains('\u{a0}') {
        normalised = lower.replace('\u{a0}', " ");
        normalised.as_str()
    } else {
        lower
    };
    if SHARE_PREFIXES.iter().any(|p| match p.strip_suffix('$') {
        Some(whole) => lower == whole,
        None => lower.starts_with(p),
    }) {
        return true;
    }
    // "Baca berita X lainnya di Google News": a channel name, but only in a short line that
    // opens with a call to act, so that a sentence about a WhatsApp channel stays.
    words <= 30
        && SHARE_ANYWHERE.iter().any(|p| lower.contains(p))
        && SHARE_VERBS.iter().any(|v| lower.starts_with(v))
        && !has_sentence_break(lower)
}

/// Classifies a whole line that stands on its own. Returns the kind and, for related links,
/// the headline when it is on the same line.
// Each regex below is guarded by a cheap test of something it cannot match without (a
// first character, a colon): most lines are ordinary sentences, and ruling them out by a
// byte comparison saves a regex search per pattern per line.
fn classify(line: &str) -> Option<(Kind, Option<String>)> {
    if line.len() > MARKER_MAX {
        return None;
    }
    let lower = line.to_lowercase();
    let words = word_count(line);
    if AD_LINES.contains(&lower.as_str()) || lower.starts_with("scroll to continue") {
        return Some((Kind::Ad, None));
    }
    if lower.starts_with("[bacajuga") {
        return Some((Kind::Related, None));
    }
    if line.starts_with('[') && is_embed(line) {
        return Some((Kind::Embed, None));
    }
    if starts_with_any(line, RELATED_FIRST)
        && let Some(c) = RELATED.captures(line)
    {
        let head = c.get(1).map(|m| m.as_str().trim()).unwrap_or("");
        if head.is_empty() {
            return Some((Kind::Related, None));
        }
        // Headlines may hold a "?" or "!" mid-way ("Ada Apa? Ini Kata Polisi"): after an
        // explicit marker, title case is enough.
        if is_headline(head)
            || (word_count(head) <= 35
                && !head.ends_with('.')
                && (is_title_case(head) || !has_sentence_break(head)))
        {
            return Some((Kind::Related, Some(head.to_string())));
        }
        return None;
    }
    if words <= 40
        && starts_with_any(line, PROMO_FIRST)
        && let Some(c) = PROMO.captures(line)
    {
        let head = c.get(1).map(|m| m.as_str()).unwrap_or("");
        let head = head
            .trim()
            .trim_end_matches(':')
            .trim()
            .trim_matches(['"', '\'', '“', '”', '‘', '’'])
            .trim();
        let head = head.strip_suffix("di sini").map(str::trim).unwrap_or(head);
        let head = head
            .trim_matches(['"', '\'', '“', '”', '‘', '’', ':'])
            .trim();
        let head = head
            .strip_prefix("Video:")
            .or_else(|| head.strip_prefix("Video"))
            .map(str::trim)
            .unwrap_or(head);
        return Some((Kind::Related, (!head.is_empty()).then(|| head.to_string())));
    }
    if line.starts_with('(') && EDITOR_CODE.is_match(line) {
        return Some((Kind::Byline, None));
    }
    if words <= 25 && starts_with_any(line, WIRE_CREDIT_FIRST) && is_wire_credit(line) {
        return Some((Kind::Byline, None));
    }
    if words <= 16 && may_be_byline(line) && is_byline(line) && !has_sentence_break(line) {
        return Some((Kind::Byline, None));
    }
    if words <= 25 && line.contains(':') && is_caption(line) {
        return Some((Kind::Caption, None));
    }
    if words <= 25
        && (line.starts_with("Video") || line.starts_with("VIDEO"))
        && is_video_line(line)
        && !line.ends_with('.')
    {
        // A link to a video article: its title is a related headline.
        let head = line[line.find(':').map_or(0, |p| p + 1)..].trim();
        return Some((Kind::Related, (!head.is_empty()).then(|| head.to_string())));
    }
    if credits::is_credit_line(line, words) {
        return Some((Kind::Caption, None));
    }
    if share_prompt(&lower, words) {
        return Some((Kind::Share, None));
    }
    if starts_with_any(line, "cChH©")
        && COPYRIGHT.find(line).is_some_and(|m| m.start() == 0)
        && words <= 40
    {
        return Some((Kind::Copyright, None));
    }
    None
}

/// The chars a [`RELATED`] match can start with: the first letters of its markers in
/// either case (`(?i)` folds no other char to `b`, `a`, `r` or `y`; a test checks).
const RELATED_FIRST: &str = "bBaArRyY";

/// The chars a [`PROMO`] match can start with, including the long s that `(?i)` folds to `s`.
const PROMO_FIRST: &str = "sSlLtT\u{17F}";

/// The chars an [`is_wire_credit`] match can start with: `[Aa]dditional` or `[Rr]eporting` (the
/// pattern spells out its cases, no `(?i)`).
const WIRE_CREDIT_FIRST: &str = "AaRr";

/// Whether `hay` contains `needle` (ASCII) in any ASCII letter case.
fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether `line` starts with one of `chars`.
fn starts_with_any(line: &str, chars: &str) -> bool {
    line.chars().next().is_some_and(|c| chars.contains(c))
}

/// A cheap necessary condition for [`is_byline`]: after an optional bracket, the line starts
/// with the first letter of one of its words (either case, and the Kelvin sign that `(?i)`
/// folds to `k`).
fn may_be_byline(line: &str) -> bool {
    starts_with_any(
        line.strip_prefix('(').unwrap_or(line),
        "pPeErRkKfFdDlL\u{212A}",
    )
}

/// Finds a dateline at the start of `line`: returns its byte length (including the
/// separator and following spaces) when the rest of the line is a sentence.
fn dateline_len(line: &str) -> Option<usize> {
    for r in DATELINE.iter() {
        if let Some(m) = r.find(line) {
            let rest = &line[m.end()..];
            if rest
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || "\"“'‘(".contains(c))
            {
                return Some(m.end());
            }
        }
    }
    let m = DATELINE_GLUED.find(line)?;
    let rest = &line[m.end()..];
    let mut it = rest.chars();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && (b.is_lowercase() || b == ' ') => Some(m.end()),
        _ => None,
    }
}

/// Where a tribunnews-style "Laporan Wartawan X" byline glued to the dateline ends.
fn glued_byline_len(line: &str) -> Option<usize> {
    static START: LazyLock<Regex> =
        LazyLock::new(|| re(r"^Laporan (?:Wartawan|Kontributor|Reporter|Koresponden)\b"));
    static OUTLET_CAPS: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:[A-Z][A-Z0-9-]*\.)+(?:COM|CO\.ID|ID|CO)\s*,\s*[A-Z]"));
    if !START.is_match(line) {
        return None;
    }
    let window = &line[..floor_char_boundary(line, 200)];
    OUTLET_CAPS
        .find(window)
        .map(|m| m.start())
        .filter(|&p| p > 0)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Builder of the cleaned text.
struct Out {
    cleaned: Cleaned,
    kept: Vec<String>,
}

impl Out {
    fn remove(&mut self, kind: Kind, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.cleaned.removed.push(Removed {
                kind,
                text: text.to_string(),
            });
        }
    }
    /// The title of a video box that stands between the last paragraph and the closing
    /// editor code (just removed): a Title Case line, not a sentence.
    fn video_titles_before_code(&mut self) {
        let Some(code) = self.cleaned.removed.pop() else {
            return;
        };
        if let Some(last) = self
            .kept
            .pop_if(|l| is_headline(l) && is_title_case(l) && !l.ends_with('.') && video_title(l))
        {
            self.remove(Kind::Related, &last);
            self.related(&last);
        }
        self.cleaned.removed.push(code);
    }
    fn related(&mut self, headline: &str) {
        let h = headline.trim();
        if !h.is_empty() {
            self.cleaned.related.push(h.to_string());
        }
    }
}

/// Removes boilerplate from `raw`, keeping the body's lines (paragraphs) in order.
pub fn strip(raw: &str) -> Cleaned {
    let lines: Vec<&str> = raw
        .split('\n')
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = Out {
        cleaned: Cleaned::default(),
        kept: Vec::new(),
    };
    let mut i = 0;
    // How many lines were kept when the line before this one was read: unchanged means
    // that line was removed.
    let mut kept_before = 0;
    while i < lines.len() {
        let line = lines[i];
        let next = lines.get(i + 1).copied();
        let at_start = out.kept.is_empty();
        let removed_last = i > 0 && out.kept.len() == kept_before;
        kept_before = out.kept.len();
        // A dateline split over lines at the very top: "Jakarta" / "-".
        if at_start
            && matches!(next, Some("-" | "–" | "—"))
            && PLACE_LINE.is_match(line)
            && word_count(line) <= 4
        {
            out.remove(Kind::Dateline, &format!("{line} -"));
            i += 2;
            continue;
        }
        if at_start && DATELINE_LINE.is_match(line) {
            out.remove(Kind::Dateline, line);
            i += if matches!(next, Some("-" | "–" | "—")) {
                2
            } else {
                1
            };
            continue;
        }
        // Kompas' WhatsApp prompt, scraped one link-split fragment a line.
        if line == "Simak"
            && lines[i + 1..]
                .iter()
                .take(6)
                .any(|l| l.contains("whatsapp.com/channel"))
        {
            let mut j = i + 1;
            while j < lines.len() && j <= i + 7 {
                let l = lines[j].to_lowercase();
                j += 1;
                if l.contains("pastikan kamu sudah install") {
                    break;
                }
            }
            out.remove(Kind::Share, &lines[i..j].join(" "));
            i = j;
            continue;
        }
        let glued = at_start && glued_byline_len(line).is_some();
        let related_before = out.cleaned.related.len();
        // The date line that closes an embedded tweet split over lines.
        if removed_last
            && out
                .cleaned
                .removed
                .last()
                .is_some_and(|r| r.kind == Kind::Embed)
            && embeds::is_date_line(line)
        {
            out.remove(Kind::Embed, line);
            i += 1;
            continue;
        }
        if let Some((kind, headline)) = classify(line).filter(|_| !glued) {
            out.remove(kind, line);
            match (kind, headline) {
                (Kind::Related, Some(h)) => out.related(&h),
                // "Baca juga" alone: the headlines, when there are any, are the next lines
                // (one outlet lists three), up to the first line that is not one.
                (Kind::Related, None) if RELATED.is_match(line) => {
                    while let Some(n) = lines.get(i + 1).filter(|n| {
                        let first = out.cleaned.related.len() == related_before;
                        is_headline(n)
                            && is_title_case(n)
                            && (first || another_headline(n))
                            && classify(n).is_none()
                    }) {
                        out.remove(Kind::Related, n);
                        out.related(n);
                        i += 1;
                        if out.cleaned.related.len() >= RELATED_RUN_MAX + related_before {
                            break;
                        }
                    }
                }
                // Tags follow the editor code at the end of the article, mixed with the
                // page's closing promotions.
                (Kind::Byline, _) if EDITOR_CODE.is_match(line) => {
                    let rest = &lines[i + 1..];
                    let closing: Option<Vec<Kind>> = rest
                        .iter()
                        .map(|l| {
                            classify(l)
                                .map(|(k, _)| k)
                                .or_else(|| is_tag(l).then_some(Kind::Tag))
                        })
                        .collect();
                    if let Some(kinds) = closing.filter(|k| !k.is_empty() && k.len() <= 16) {
                        out.video_titles_before_code();
                        for (l, k) in rest.iter().zip(kinds) {
                            out.remove(k, l);
                        }
                        i = lines.len();
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        let body = strip_inline(line, at_start, raw, &mut out);
        if !body.is_empty() {
            out.kept.push(body);
        }
        i += 1;
    }
    // Topic tags closing the article without an editor code before them: short lower-case
    // lines ("banjir", "pemkot bekasi"), two or more.
    let tags = out
        .kept
        .iter()
        .rev()
        .take_while(|l| is_lower_tag(l))
        .count();
    if tags >= 2 {
        let from = out.kept.len() - tags;
        for l in out.kept.split_off(from) {
            out.remove(Kind::Tag, &l);
        }
    }
    // A bare "(Name)" as the last line is the okezone-style author credit.
    while out
        .kept
        .last()
        .is_some_and(|l| is_name_in_brackets(l) || SHORT_CODE.is_match(l))
    {
        if let Some(l) = out.kept.pop() {
            out.remove(Kind::Byline, &l);
        }
    }
    // An editor code closing the last paragraph: "... kata dia. (rob)".
    if let Some(last) = out.kept.last_mut()
        && let Some(m) = TRAILING_CODE.captures(last).and_then(|c| c.get(1))
    {
        let code = m.as_str().to_string();
        last.truncate(m.start());
        last.truncate(last.trim_end().len());
        out.cleaned.removed.push(Removed {
            kind: Kind::Byline,
            text: code,
        });
    }
    out.cleaned.text = out.kept.join("\n");
    out.cleaned
}

/// Whether a headline-shaped line after the first headline under a bare "Baca juga" is
/// another one: as long as headlines are, not a subheading ("Jadwal Lengkap Laga"), a
/// numbered list item, a line-up or a photo credit.
fn another_headline(line: &str) -> bool {
    word_count(line) >= 6
        && !line.contains([';', '/'])
        && !line.split(' ').next().is_some_and(|w| {
            w.ends_with('.') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        })
}

/// Whether a Title Case line before the closing editor code reads as a video's title
/// rather than the article's last list item or subheading: six words or more, no list
/// number, no clock time, not a list of names.
fn video_title(line: &str) -> bool {
    another_headline(line)
        && !line.starts_with(|c: char| c.is_ascii_digit())
        && line.matches(',').count() < 3
        && !line
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'.' | b':') && w[2].is_ascii_digit())
}

/// Most related headlines taken from the lines after one bare "Baca juga" heading.
const RELATED_RUN_MAX: usize = 6;

/// A topic tag at the article's end without an editor code before it: a short lower-case
/// line ("pemkot bekasi"), no punctuation.
fn is_lower_tag(line: &str) -> bool {
    line.len() <= 40
        && word_count(line) <= 4
        && line.chars().next().is_some_and(char::is_lowercase)
        && !line.contains(|c: char| c.is_ascii_punctuation() && c != '-')
}

/// A topic tag line: a few words, no sentence punctuation.
fn is_tag(line: &str) -> bool {
    let line = line.trim();
    line.len() <= 60
        && word_count(line) <= 6
        && !line.contains(['.', ',', '"', '“', ':', '?', '!', '(', ')'])
}

/// Cuts boilerplate out of a body line (dateline at the article's start, inline related
/// links, wire credits and copyright at the end) and returns what is left.
fn strip_inline(line: &str, at_start: bool, article: &str, out: &mut Out) -> String {
    let mut line = line;
    if at_start {
        if let Some(n) = glued_byline_len(line) {
            out.remove(Kind::Byline, &line[..n]);
            line = line[n..].trim_start();
        }
        if let Some(n) = dateline_len(line) {
            out.remove(Kind::Dateline, &line[..n]);
            line = &line[n..];
        }
    }
    let Triggers {
        marked,
        embedded,
        prompted,
    } = triggers(line);
    if !(marked || embedded || prompted || line.contains(['(', ':', '©'])) {
        return line.to_string();
    }
    let mut s = line.to_string();
    // Copyright notice through the end of the line. Guarded by the literals every match
    // holds ("©" or "copyright" in any case: `(?i)` folds no non-ASCII char to its letters).
    if (s.contains('©') || contains_ignore_ascii_case(&s, "copyright"))
        && let Some(m) = COPYRIGHT.find(&s)
    {
        let cut = m.start();
        out.remove(Kind::Copyright, &s[cut..]);
        s.truncate(cut);
        s.truncate(s.trim_end().len());
    }
    if s.contains("Editor")
        && let Some(cut) = tail_credits_start(&s)
    {
        out.remove(Kind::Byline, &s[cut..]);
        s.truncate(cut);
    }
    // "(Baca: Headline)" anywhere.
    if s.contains('(') {
        let mut kept = String::with_capacity(s.len());
        let mut last = 0;
        for c in INLINE_PAREN_RELATED.captures_iter(&s) {
            let (Some(all), Some(head)) = (
                c.get(0),
                c.get(1).and_then(|r| paren_related_head(r.as_str())),
            ) else {
                continue;
            };
            kept.push_str(&s[last..all.start()]);
            out.remove(Kind::Related, all.as_str());
            out.related(head);
            last = all.end();
        }
        if last > 0 {
            kept.push_str(&s[last..]);
            s = kept;
        }
    }
    if embedded {
        s = embeds::cut(&s, out);
    }
    // "... kalimat. Baca juga: Headline Kalimat berikut" inside a flattened line.
    if marked {
        s = run_in::cut(&s, article, out);
    }
    if prompted {
        s = tails::cut(&s, out);
    }
    collapse_spaces(s.trim())
}

/// What a body line may hold besides its text, found in one pass over it: the cuts that
/// have work to do.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Triggers {
    /// A related-link marker ([`run_in`]).
    marked: bool,
    /// An embed's phrase or a handle ([`embeds`]).
    embedded: bool,
    /// A share prompt that may be glued at the end ([`tails`]).
    prompted: bool,
}

/// The phrases of [`run_in`], [`embeds`] and [`tails`] in one automaton (a DFA: most lines
/// hold none, and one pass over each line is the whole cost for them), and for each phrase
/// which of the three it belongs to.
static TRIGGERS: LazyLock<(AhoCorasick, Vec<u8>)> = LazyLock::new(|| {
    let mut phrases = Vec::new();
    let mut owners = Vec::new();
    for (owner, list) in [
        (0, run_in::phrases().collect::<Vec<_>>()),
        (1, embeds::phrases().collect()),
        (2, tails::phrases().collect()),
    ] {
        owners.extend(std::iter::repeat_n(owner, list.len()));
        phrases.extend(list);
    }
    // Leftmost-longest: where a prompt starts with a marker ("Baca juga berita lainnya di
    // ..."), the prompt is what the line holds.
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(phrases)
        .expect("boilerplate phrases build an automaton");
    (automaton, owners)
});

fn triggers(line: &str) -> Triggers {
    let (automaton, owners) = &*TRIGGERS;
    let mut t = Triggers::default();
    for m in automaton.find_iter(line) {
        match owners[m.pattern().as_usize()] {
            0 => t.marked = true,
            1 => t.embedded = true,
            _ => t.prompted = true,
        }
    }
    t
}

/// Collapses the runs of spaces left where a piece was cut out (only ASCII spaces: other
/// whitespace is the author's).
fn collapse_spaces(s: &str) -> String {
    if !s.contains("  ") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-char guards of case-insensitive patterns cover every char that `(?i)`
    /// folds to the letters the patterns start with.
    #[test]
    fn first_char_guards_cover_case_folding() {
        for (letters, guard) in [("bary", RELATED_FIRST), ("slt", PROMO_FIRST)] {
            let first = Regex::new(&format!("(?i)^[{letters}]")).unwrap();
            for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
                if first.is_match(c.encode_utf8(&mut [0; 4])) {
                    assert!(guard.contains(c), "{c:?} for {letters}");
                }
            }
        }
        assert!(!RELATED.is_match("xbaca juga: Judul") && RELATED.is_match("Baca juga: Judul"));
        // The letters of "copyright" fold to ASCII letters only.
        let letters = Regex::new("(?i)^[copyright]$").unwrap();
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            if letters.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(c.is_ascii_alphabetic(), "{c:?}");
            }
        }
        assert!(contains_ignore_ascii_case(
            "Hak CopyRight 2020",
            "copyright"
        ));
        assert!(!contains_ignore_ascii_case("copyrigh", "copyright"));
    }

    proptest::proptest! {
        #[test]
        fn word_count_is_split_whitespace(s in "([a-z .\t\n\r\u{b}\u{c}]|\\PC|[\u{a0}\u{2003}\u{85}]){0,80}") {
            proptest::prop_assert_eq!(word_count(&s), s.split_whitespace().count());
        }
    }
    use proptest::prelude::*;

    fn kinds(c: &Cleaned) -> Vec<Kind> {
        c.removed.iter().map(|r| r.kind).collect()
    }

    #[test]
    fn baca_juga_with_headline_on_the_same_line() {
        let c = strip(
            "Harga cabai naik tajam.\nBaca juga: Petani Bawang Panen Raya di Brebes\nPedagang mengeluh.",
        );
        assert_eq!(c.text, "Harga cabai naik tajam.\nPedagang mengeluh.");
        assert_eq!(c.related, ["Petani Bawang Panen Raya di Brebes"]);
        assert_eq!(kinds(&c), [Kind::Related]);
    }

    #[test]
    fn baca_juga_glued_to_the_headline() {
        let c = strip("Banjir surut.\nBaca juga:Warga Kampung Melayu Kembali ke Rumah");
        assert_eq!(c.text, "Banjir surut.");
        assert_eq!(c.related, ["Warga Kampung Melayu Kembali ke Rumah"]);
    }

    #[test]
    fn baca_juga_alone_takes_the_headline_from_the_next_line() {
        let c = strip(
            "Hujan turun sejak pagi.\nBaca juga:\nJalan Tol Cipali Macet Panjang Jelang Libur\nPolisi mengalihkan arus.",
        );
        assert_eq!(c.text, "Hujan turun sejak pagi.\nPolisi mengalihkan arus.");
        assert_eq!(c.related, ["Jalan Tol Cipali Macet Panjang Jelang Libur"]);
        assert_eq!(kinds(&c), [Kind::Related, Kind::Related]);
    }

    #[test]
    fn baca_juga_alone_without_colon_takes_a_title_case_headline() {
        let c = strip(
            "Hujan turun.\nBaca Juga\nWarga Bantaran Sungai Ciliwung Mulai Mengungsi\nPolisi berjaga.",
        );
        assert_eq!(c.text, "Hujan turun.\nPolisi berjaga.");
        assert_eq!(
            c.related,
            ["Warga Bantaran Sungai Ciliwung Mulai Mengungsi"]
        );
    }

    #[test]
    fn baca_juga_alone_keeps_a_following_sentence_case_line() {
        let c = strip(
            "Hujan turun.\nBaca Juga\nMenurut dia, anggaran tahun depan naik\nIa menambahkan, \"Kami siap bekerja.\"",
        );
        assert_eq!(
            c.text,
            "Hujan turun.\nMenurut dia, anggaran tahun depan naik\nIa menambahkan, \"Kami siap bekerja.\""
        );
        assert!(c.related.is_empty());
    }

    #[test]
    fn sentences_about_channels_are_not_share_prompts() {
        let raw =
            "Adapun akun WhatsApp Channel kementerian itu memiliki lebih dari dua juta pengikut.";
        assert_eq!(strip(raw).text, raw);
    }

    #[test]
    fn baca_juga_alone_keeps_a_following_body_paragraph() {
        let c = strip(
            "Rapat dimulai pukul sembilan.\nBaca Juga\nMenurut dia, anggaran tahun depan naik. Kenaikan itu untuk sekolah.",
        );
        assert_eq!(
            c.text,
            "Rapat dimulai pukul sembilan.\nMenurut dia, anggaran tahun depan naik. Kenaikan itu untuk sekolah."
        );
        assert!(c.related.is_empty());
        assert_eq!(kinds(&c), [Kind::Related]);
    }

    #[test]
    fn headline_with_a_question_after_the_marker() {
        let c = strip("Isi.\nBaca juga:Harga Cabai Naik Lagi? Begini Penjelasan Menteri\nLanjut.");
        assert_eq!(c.text, "Isi.\nLanjut.");
        assert_eq!(
            c.related,
            ["Harga Cabai Naik Lagi? Begini Penjelasan Menteri"]
        );
    }

    #[test]
    fn byline_with_an_abbreviated_name_and_trailing_code() {
        let c = strip("Isi berita.\n(Ditulis oleh Moch. Rahmat)\nPenutup.\n(kha)");
        assert_eq!(c.text, "Isi berita.\nPenutup.");
        assert_eq!(kinds(&c), [Kind::Byline, Kind::Byline]);
    }

    #[test]
    fn other_related_shapes() {
        let c = strip(
            "Isi berita.\nBACA JUGA: Gempa Kecil Guncang Sukabumi\nBaca: Menteri Tinjau Pasar Induk\nSimak juga Video: Detik-detik Kapal Bersandar\nLihat juga Video: Warga Antre Air Bersih\nArtikel terkait: Harga Beras Stabil",
        );
        assert_eq!(c.text, "Isi berita.");
        assert_eq!(
            c.related,
            [
                "Gempa Kecil Guncang Sukabumi",
                "Menteri Tinjau Pasar Induk",
                "Detik-detik Kapal Bersandar",
                "Warga Antre Air Bersih",
                "Harga Beras Stabil"
            ]
        );
    }

    #[test]
    fn ads_and_embeds() {
        let c = strip(
            "Satu.\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\nAdvertisement\n[Gambas:Video 20detik]\nDua.",
        );
        assert_eq!(c.text, "Satu.\nDua.");
        assert_eq!(kinds(&c), [Kind::Ad, Kind::Ad, Kind::Ad, Kind::Embed]);
    }

    #[test]
    fn bylines_and_editor_codes() {
        let c = strip(
            "Isi berita.\nPenulis: Sari Wulandari\nEditor: Budi Santoso\nReporter: Dewi\n(ant/rdn)\n(Ditulis oleh Rina Kurnia)",
        );
        assert_eq!(c.text, "Isi berita.");
        assert!(kinds(&c).iter().all(|k| *k == Kind::Byline));
        assert_eq!(c.removed.len(), 5);
    }

    #[test]
    fn tags_after_the_editor_code_are_removed() {
        let c = strip("Isi berita.\n(abc/def)\nbanjir jakarta\ncuaca ekstrem");
        assert_eq!(c.text, "Isi berita.");
        assert_eq!(kinds(&c), [Kind::Byline, Kind::Tag, Kind::Tag]);
    }

    #[test]
    fn a_sentence_after_the_editor_code_is_not_a_tag() {
        let c = strip("Isi berita.\n(abc/def)\nKalimat ini tetap ada, karena bukan tag.");
        assert_eq!(
            c.text,
            "Isi berita.\nKalimat ini tetap ada, karena bukan tag."
        );
    }

    #[test]
    fn name_in_brackets_only_at_the_end() {
        let c = strip("(Andi Wijaya)\nIsi berita.\n(Putri Lestari)");
        assert_eq!(c.text, "(Andi Wijaya)\nIsi berita.");
        assert_eq!(kinds(&c), [Kind::Byline]);
    }

    #[test]
    fn editor_code_closing_the_last_paragraph() {
        let c = strip("Isi berita.\nPolisi masih menyelidiki, kata dia. (rob)");
        assert_eq!(c.text, "Isi berita.\nPolisi masih menyelidiki, kata dia.");
        assert_eq!(
            c.removed,
            [Removed {
                kind: Kind::Byline,
                text: "(rob)".into()
            }]
        );
        let kept = strip("Ia memakai kode (abc) di awal.");
        assert!(kept.removed.is_empty());
    }

    #[test]
    fn captions() {
        let c = strip(
            "Foto: Dok. Humas Pemkot\nIsi berita.\nGedung baru balai kota (Foto: Arif Rahman/Kabar)",
        );
        assert_eq!(c.text, "Isi berita.");
        assert_eq!(kinds(&c), [Kind::Caption, Kind::Caption]);
    }

    #[test]
    fn share_prompts() {
        let c = strip(
            "Isi berita.\nDapatkan update berita pilihan setiap hari dari kami.\nSimak berita lainnya di Google News\nIkuti kami di\nIkuti Whatsapp Channel Harian Contoh",
        );
        assert_eq!(c.text, "Isi berita.");
        assert_eq!(c.removed.len(), 4);
        assert!(kinds(&c).iter().all(|k| *k == Kind::Share));
    }

    #[test]
    fn dateline_with_dash_is_split_off() {
        let c = strip("Contoh6.com, Jakarta - Pemerintah menaikkan tarif.\nKalimat kedua.");
        assert_eq!(c.text, "Pemerintah menaikkan tarif.\nKalimat kedua.");
        assert_eq!(
            c.removed[0],
            Removed {
                kind: Kind::Dateline,
                text: "Contoh6.com, Jakarta -".into()
            }
        );
    }

    #[test]
    fn dateline_glued_without_space_keeps_the_sentence() {
        let c = strip("Contoh6.com, JakartaKita semua berharap hujan turun.");
        assert_eq!(c.text, "Kita semua berharap hujan turun.");
        assert_eq!(c.removed[0].kind, Kind::Dateline);
        assert_eq!(c.removed[0].text, "Contoh6.com, Jakarta");
    }

    #[test]
    fn other_dateline_shapes() {
        for (raw, body) in [
            (
                "BANDUNG, KABARKITA.com - Warga berkumpul.",
                "Warga berkumpul.",
            ),
            (
                "KABAR.CO.ID, SURABAYA -- Warga berkumpul.",
                "Warga berkumpul.",
            ),
            ("Medan (ANTARA) - Warga berkumpul.", "Warga berkumpul."),
            ("SAINT-DENIS – Warga berkumpul.", "Warga berkumpul."),
            (
                "BERITA.CO.ID - JAKARTA. Warga berkumpul.",
                "Warga berkumpul.",
            ),
            ("Jakarta\n-\nWarga berkumpul.", "Warga berkumpul."),
        ] {
            let c = strip(raw);
            assert_eq!(c.text, body, "{raw}");
            assert_eq!(kinds(&c), [Kind::Dateline], "{raw}");
        }
    }

    #[test]
    fn dateline_only_at_the_start() {
        let c = strip("Warga berkumpul.\nJAKARTA - Ini bukan awal berita.");
        assert_eq!(c.text, "Warga berkumpul.\nJAKARTA - Ini bukan awal berita.");
        assert!(c.removed.is_empty());
    }

    #[test]
    fn glued_byline_and_dateline() {
        let c =
            strip("Laporan Wartawan Kabar.com, Rudi Hartono KABAR.COM, BOGOR - Hujan deras turun.");
        assert_eq!(c.text, "Hujan deras turun.");
        assert_eq!(kinds(&c), [Kind::Byline, Kind::Dateline]);
    }

    #[test]
    fn inline_related_in_a_flattened_article() {
        let c = strip(
            "Harga naik lagi. Baca juga: Cabai Rawit Tembus Rp100 Ribu  Pedagang pasar mengeluh.",
        );
        assert_eq!(c.text, "Harga naik lagi. Pedagang pasar mengeluh.");
        assert_eq!(c.related, ["Cabai Rawit Tembus Rp100 Ribu"]);
    }

    #[test]
    fn consecutive_inline_links_at_the_end_of_wire_copy() {
        let c = strip(
            "Harga naik. Baca juga: Emas Melonjak Lagi Baca juga: Perak ikut naik tipis Pewarta: Ani Editor: Budi",
        );
        assert_eq!(c.text, "Harga naik.");
        assert_eq!(c.related, ["Emas Melonjak Lagi", "Perak ikut naik tipis"]);
    }

    #[test]
    fn inline_link_running_into_body_text_is_kept() {
        let raw = "Harga naik. Baca juga: Status Gunung Naik Hal tersebut disampaikan kepala badan di Padang, Baca juga: Warga Diimbau Waspada";
        let c = strip(raw);
        assert!(
            c.text
                .contains("Hal tersebut disampaikan kepala badan di Padang,"),
            "{}",
            c.text
        );
    }

    #[test]
    fn inline_related_in_brackets() {
        let c = strip(
            "Ia menolak berkomentar. (Baca: Dewan Tunda Rapat Anggaran) Sidang dilanjutkan besok.",
        );
        assert_eq!(c.text, "Ia menolak berkomentar. Sidang dilanjutkan besok.");
        assert_eq!(c.related, ["Dewan Tunda Rapat Anggaran"]);
    }

    #[test]
    fn inline_related_without_a_clear_end_is_kept() {
        let raw = "Harga naik. Baca juga: kalimat ini terus berjalan sebagai isi berita. Lalu ada kalimat lain di sini.";
        let c = strip(raw);
        assert_eq!(c.text, raw);
    }

    #[test]
    fn wire_credits_and_copyright_at_the_end_of_a_line() {
        let c = strip(
            "Pasar ditutup menguat. Pewarta: Agus Salim Editor: Nina Sari Copyright © KANTOR 2025 Dilarang mengutip.",
        );
        assert_eq!(c.text, "Pasar ditutup menguat.");
        assert_eq!(kinds(&c), [Kind::Copyright, Kind::Byline]);
    }

    #[test]
    fn prose_that_mentions_markers_is_kept() {
        for raw in [
            "Ia membaca juga buku sejarah itu dengan teliti.",
            "Editor buku itu, kata dia, sudah bekerja selama sepuluh tahun di penerbit yang sama dan kini pensiun. Ia lalu pindah ke Bandung.",
            "Baca juga bukunya, kata guru itu kepada para murid.",
            "Editor senior itu meninggal dunia kemarin.",
            "Ia menunjukkan foto: sebuah rumah tua di pinggir kali.",
            "Simak juga bagaimana pemerintah menanggapi protes warga yang berlangsung sejak pekan lalu di depan gedung dewan kota. Warga menolak.",
        ] {
            let c = strip(raw);
            assert_eq!(c.text, raw);
            assert!(c.removed.is_empty(), "{raw}: {:?}", c.removed);
        }
    }

    #[test]
    fn blank_and_invisible_lines_are_dropped() {
        let c = strip("Satu.\r\n\u{200e}\n   \nDua.\r\n");
        assert_eq!(c.text, "Satu.\nDua.");
    }

    #[test]
    fn english_wire_shapes() {
        let c = strip(
            "LONDON (Reuters) - Britain's biggest port operator said it would cut jobs.\n\
             Read more: Shipping Rates Hit Record as Ports Struggle With Backlog\n\
             Volumes fell sharply.\n\
             Reporting by Sarah Young; Editing by Mark Potter",
        );
        assert_eq!(
            c.text,
            "Britain's biggest port operator said it would cut jobs.\nVolumes fell sharply."
        );
        assert_eq!(kinds(&c), [Kind::Dateline, Kind::Related, Kind::Byline]);
        assert_eq!(
            c.related,
            ["Shipping Rates Hit Record as Ports Struggle With Backlog"]
        );
        // Body text that merely starts like a credit stays.
        let c = strip(
            "Reporting by local media suggested that the ferry had left port late. It sank at dawn.",
        );
        assert!(c.removed.is_empty(), "{:?}", c.removed);
    }

    #[test]
    fn a_bare_heading_takes_every_headline_line_after_it() {
        let c = strip(
            "Isi berita.\nBaca Juga\nPemkot Resmikan Pasar Baru di Pusat Kota Hari Ini\nWarga Keluhkan Jalan Rusak Menuju Terminal Antarkota\nPetani Gelar Syukuran Setelah Panen Raya Tahun Ini\nLanjutan berita itu.",
        );
        assert_eq!(c.text, "Isi berita.\nLanjutan berita itu.");
        assert_eq!(c.related.len(), 3);
        // After the first, a short line is the article's subheading, and a numbered item is
        // its list.
        let c = strip(
            "Isi berita.\nBaca juga:\nPemkot Resmikan Pasar Baru di Pusat Kota Hari Ini\nWarga Dapat Bantuan\nIsi paragraf berikutnya.\nBaca juga:\nWarga Keluhkan Jalan Rusak Menuju Terminal\n1. Kemeja Batik Motif Parang Pilihan",
        );
        assert_eq!(
            c.related,
            [
                "Pemkot Resmikan Pasar Baru di Pusat Kota Hari Ini",
                "Warga Keluhkan Jalan Rusak Menuju Terminal"
            ]
        );
        assert!(c.text.contains("Warga Dapat Bantuan") && c.text.contains("1. Kemeja"));
    }

    #[test]
    fn the_closing_of_a_page() {
        // A video's title between the last paragraph and the editor code, then tags mixed
        // with the page's closing promotions.
        let c = strip(
            "Isi berita.\nKalimat terakhir berita ini.\nReview Mobil Listrik Baru yang Siap Dijual Tahun Depan!\n(abc/def)\nmobil listrik\nPameran Otomotif 2025\nBaca kisah inspiratif kandidat polisi teladan di sini\nSelengkapnya",
        );
        assert_eq!(c.text, "Isi berita.\nKalimat terakhir berita ini.");
        assert_eq!(
            kinds(&c),
            [
                Kind::Related,
                Kind::Byline,
                Kind::Tag,
                Kind::Tag,
                Kind::Share,
                Kind::Share
            ]
        );
        assert_eq!(
            c.related,
            ["Review Mobil Listrik Baru yang Siap Dijual Tahun Depan!"]
        );
        // The article's last list item stays.
        let c = strip("Isi berita.\n10. Stasiun Kota Baru - 12.345 pelanggan\n(abc/def)");
        assert_eq!(
            c.text,
            "Isi berita.\n10. Stasiun Kota Baru - 12.345 pelanggan"
        );
    }

    #[test]
    fn lower_case_tags_at_the_end_without_an_editor_code() {
        let c = strip("Isi berita.\nKalimat penutup.\nbanjir\npemkot bekasi");
        assert_eq!(c.text, "Isi berita.\nKalimat penutup.");
        assert_eq!(kinds(&c), [Kind::Tag, Kind::Tag]);
        // One short lower-case line is not enough.
        let c = strip("Isi berita.\nini lirik lagu daerah");
        assert!(c.removed.is_empty());
    }

    #[test]
    fn a_video_link_line_is_related() {
        let c = strip("Isi berita.\nVideo: Warga Antre Air Bersih di Kampung Baru\nPenutup.");
        assert_eq!(c.related, ["Warga Antre Air Bersih di Kampung Baru"]);
        assert_eq!(kinds(&c), [Kind::Related]);
    }

    #[test]
    fn empty_input() {
        assert_eq!(strip(""), Cleaned::default());
    }

    proptest! {
        #[test]
        fn never_panics_and_never_grows(s in "(\\PC|[\\n\\r\\u{0}\\u{301}😀:.()/-]|Baca juga:|ADVERTISEMENT|Foto: |\\(x/y\\)|Liputan6.com, Jakarta -){0,60}") {
            let c = strip(&s);
            prop_assert!(c.text.len() <= s.len());
            for r in &c.removed {
                prop_assert!(!r.text.is_empty());
            }
        }

        #[test]
        fn long_punctuation_runs(n in 0usize..3000, c in prop::sample::select(vec!['.', '-', ':', '(', ' ', '\n'])) {
            let s: String = std::iter::repeat_n(c, n).collect();
            let _ = strip(&s);
        }
    }

    /// The hand-written tails agree with the counted patterns they replace, on lines at
    /// and around every count limit, with spaces, colons, brackets and line breaks where
    /// the splits could move.
    #[test]
    fn hand_checks_match_the_counted_patterns() {
        let original = |p: &str| Regex::new(p).unwrap();
        let embed = original(
            r"(?i)^\[(?:gambas|video|embed|instagram|twitter|youtube|tiktok)\s*:?[^\]]{0,80}\]$",
        );
        let video = original(r"^(?:Video|VIDEO)\s*:\s*\S.{0,150}$");
        let byline = original(
            r"(?i)^\(?(?:(?:penulis|editor|reporter|pewarta|redaktur|kontributor|fotografer|penyunting)\s*:|ditulis oleh\b|laporan (?:wartawan|kontributor|reporter)\b)\s*\S[^\n]{0,120}$",
        );
        let wire = original(r"^(?:[Aa]dditional )?[Rr]eporting by [A-Z][^.!?]{0,150}$");
        let name = original(r"^\((?:[A-Z][\w.'’-]*\s*){1,5}\)$");
        let caption = original(
            r"(?:^|\s|\()(?:Foto|FOTO|Photo|PHOTO|Image|Ilustrasi foto|Sumber foto|Dok\.?|DOK\.?|Dokumentasi)\s*:\s*[^:]{1,200}\)?\.?$",
        );
        let heads = [
            "[Gambas",
            "[VIDEO",
            "[tiktok",
            "[embed",
            "Video",
            "VIDEO",
            "Video ",
            "Penulis",
            "(Editor ",
            "ditulis oleh",
            "Laporan Wartawan",
            "Reporting by ",
            "Additional reporting by ",
            "additional Reporting by ",
            "reporting by",
            "Foto",
            "Keterangan Foto",
            "(DOK.",
            "Dok",
            "x(Image",
            "Ilustrasi foto",
            "Sumber foto ",
            "(",
            "(Fajar",
            "(A",
            "(Fajar Anugrah",
            "(Fajar  B C D E",
            "(Fajar B C D E F",
            "",
        ];
        let mids = [
            "",
            " ",
            ":",
            " : ",
            ":  ",
            "\u{a0}:\u{a0}",
            " Ab",
            "A",
            "a",
            "é",
            "\n",
            " :: ",
        ];
        let fills = ["x", " ", "é", "A", ")", ".", "]", "\n", "!", "-", "’", ":"];
        let ends = ["", "]", ")", ".", ").", " )", " ]", " .", "\n", " ", "x"];
        let counts = [
            0, 1, 2, 4, 5, 6, 78, 79, 80, 81, 82, 119, 120, 121, 122, 148, 149, 150, 151, 152, 198,
            199, 200, 201, 202, 203,
        ];
        let check = |l: &str| {
            assert_eq!(is_embed(l), embed.is_match(l), "embed {l:?}");
            assert_eq!(is_video_line(l), video.is_match(l), "video {l:?}");
            assert_eq!(is_byline(l), byline.is_match(l), "byline {l:?}");
            assert_eq!(is_wire_credit(l), wire.is_match(l), "wire {l:?}");
            assert_eq!(is_name_in_brackets(l), name.is_match(l), "name {l:?}");
            assert_eq!(is_caption(l), caption.is_match(l), "caption {l:?}");
        };
        for h in heads {
            for m in mids {
                for f in fills {
                    for &n in &counts {
                        for e in ends {
                            check(&format!("{h}{m}{}{e}", f.repeat(n)));
                            check(&format!("{h}{m}X{}{e}", f.repeat(n)));
                        }
                    }
                }
            }
        }
        let tail_credits = original(
            r"(?:^|\s)(?:Pewarta|Penulis|Reporter)\s*:\s*[^:]{1,80}?\s+Editor\s*:\s*[^:]{1,80}$",
        );
        let paren = original(r"(?i)\(\s*baca(?: juga)?\s*:\s*([^()]{5,200})\)");
        let paren_new = |l: &str| -> Vec<(usize, usize, String)> {
            INLINE_PAREN_RELATED
                .captures_iter(l)
                .filter_map(|c| {
                    let all = c.get(0)?;
                    let head = paren_related_head(c.get(1)?.as_str())?;
                    Some((all.start(), all.end(), head.to_string()))
                })
                .collect()
        };
        let paren_old = |l: &str| -> Vec<(usize, usize, String)> {
            paren
                .captures_iter(l)
                .map(|c| {
                    let all = c.get(0).unwrap();
                    (all.start(), all.end(), c[1].to_string())
                })
                .collect()
        };
        let heads = [
            "",
            "x ",
            "Pewarta",
            " Penulis",
            "(baca",
            "x(Baca juga",
            "( baca  juga",
            "(baca :",
        ];
        let mids = ["", ":", " : ", ":\u{a0}", " "];
        let fills = ["x", " ", "é", ")", "(", ":", "\n"];
        let lens = [
            0, 1, 2, 3, 4, 5, 6, 78, 79, 80, 81, 82, 198, 199, 200, 201, 202,
        ];
        let tails = [
            "",
            ")",
            " )",
            "Editor",
            " Editor: ",
            " Editor :",
            "  Editor:  x",
            "\tEditor:",
            " Editor: (baca: abcdef)",
        ];
        for h in heads {
            for m in mids {
                for f in fills {
                    for &n in &lens {
                        for t in tails {
                            for &k in &[0, 1, 4, 5, 80, 81, 200, 201] {
                                let l = format!("{h}{m}{}{t}{}", f.repeat(n), "y".repeat(k));
                                assert_eq!(
                                    tail_credits_start(&l),
                                    tail_credits.find(&l).map(|m| m.start()),
                                    "tail credits {l:?}"
                                );
                                assert_eq!(paren_new(&l), paren_old(&l), "paren {l:?}");
                                let l = format!(
                                    "{h}{m}{}{t}{}) (Baca: {} )",
                                    f.repeat(n),
                                    "y".repeat(k),
                                    f.repeat(n)
                                );
                                assert_eq!(paren_new(&l), paren_old(&l), "paren {l:?}");
                            }
                        }
                    }
                }
            }
        }
        for extra in [
            "(Fajar Anugrah Putra)",
            "(Fajar Anugrah Putra )",
            "(A B C D E)",
            "(A B C D E F)",
            "(AB CD EF GH IJ )",
            "(ÄB)",
            "(A é)",
            "(A\u{2003}B)",
            "( A)",
            "(AbCdEfGhIjKl)",
            "(A.B.C-D’E F G H I)",
        ] {
            check(extra);
        }
    }
}
