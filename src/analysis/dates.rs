//! Date expressions, normalised to ISO 8601.
//!
//! Indonesian news dates events in a few fixed shapes: a day name with a numeric date in
//! parentheses (`Senin (28/9/2020)`, `Minggu malam (28/9)` without the year), a written
//! date (`28 September 2020`, `28 Sept 2020`), a month (`September 2020`, `bulan Juni`), a
//! year (`tahun 2020`, `sejak 2018`, `tahun 1990an`), a range of any of these (`10-13 Juni
//! 2025`, `Januari-Agustus 2025`, `2021-2024`), a bare day name (`pada Rabu`, `Jumat
//! pagi`), and relative words (`kemarin`, `tadi malam`, `Selasa lalu`, `pekan lalu`).
//! English forms (`September 28, 2020`, `yesterday`, `last Tuesday`, `the 1990s`) are read
//! too, in any article, since Indonesian outlets quote English text.
//!
//! Values are strings of one of these shapes, by precision:
//!
//! | shape | example | from |
//! |---|---|---|
//! | `YYYY-MM-DD` | `2020-09-28` | full dates, year-less dates, bare day names, `kemarin`, `hari ini`, `tadi malam`, `Selasa lalu` |
//! | `YYYY-Www` | `2020-W39` | weeks: `pekan lalu`, `minggu depan`, `dua minggu lalu` (ISO 8601 week) |
//! | `YYYY-MM` | `2020-09` | `September 2020`, `bulan Juni`, `bulan lalu` |
//! | `YYYY` | `2020` | `tahun 2020`, `sejak 2020`, `tahun lalu` |
//! | `YYYX` | `199X` | decades: `tahun 1990an`, `1990-an`, `the 1990s` |
//! | `start/end` | `2025-06-10/2025-06-13`, `2025-01/2025-08`, `2021/2024` | ranges: an ISO 8601 interval of two values of one precision (days, months or years; see `ranges`) |
//!
//! Year-less and relative expressions are resolved against an anchor: the article's
//! publication date when the producer sent one, else the latest explicit full date in the
//! article (news is written at or after the last day it reports). Without an anchor they
//! cannot be resolved and are left out of the result (rather than given an empty value), so
//! every mention carries a usable value. Year-less dates and months take the year that puts
//! them closest to the anchor (`(30/12)` in an article of 2 January 2021 is 2020-12-30).
//! Times of day are the anchor's day (`hari ini`, `pagi ini`, `sore tadi`, `nanti malam`,
//! `dini hari tadi`), except the night before it (`tadi malam`, `malam tadi`, `semalam`;
//! not `dalam semalam`, overnight) and the small hours after it (`dini hari nanti`).
//!
//! `Minggu` is both Sunday and "week": it is Sunday when it names the day of a date
//! (`Minggu (27/9)`, `Minggu, 27 September 2020`), follows `hari` or comes with a time of day
//! (`hari Minggu`, `Minggu pagi`), or is written with a capital inside a sentence (`pada
//! Minggu`, `pada Minggu lalu`); lower-case or at the start of a sentence (`minggu lalu`,
//! `Minggu lalu, polisi ...`) it is the week, and a bare `Minggu` there is left out.
//!
//! A bare day name is the last such day up to the anchor, or the next one from it with a
//! future cue (`akan digelar pada Rabu`); recurring days (`setiap Senin`, `Senin-Jumat`)
//! are left out (see `weekdays`). A bare four-digit year is read only where it stands as a
//! date, after `tahun` or a preposition or time word (`sejak 2018`), never inside a name, a
//! law's number or a count (`Piala Dunia 2022`, `UU Nomor 11 Tahun 2020`, `2018 orang`; see
//! `years`). Left out as well: vague spans (`belasan tahun lalu`, `beberapa tahun lalu`,
//! `bertahun-tahun`), quarters (`kuartal I 2025`), durations (`selama dua tahun`), clock
//! times and Hijri years (`1446 H`: out of the years read). Invalid dates
//! (`31/2/2020`) are rejected. Offsets are byte offsets into the cleaned text.

mod ranges;
mod weekdays;
mod words;
mod years;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A date expression and its value: `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY`, a decade
/// `199X`, or a range's interval `2025-06-10/2025-06-13` (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// The expression as written ("Senin (28/9/2020)").
    pub text: String,
    /// The normalised value, in one of the forms above.
    pub value: String,
    /// Byte offsets of `text` in the cleaned body.
    pub start: usize,
    /// End of `text` (exclusive).
    pub end: usize,
}

/// Finds dates in `text`, resolving relative ones against `published` (or else the latest
/// full date in the text), in text order, without overlaps.
pub fn extract(text: &str, published: Option<NaiveDate>, lang: &str) -> Vec<DateMention> {
    let mut found = candidates(text, lang);
    // Leftmost, then longest: "Senin (28/9/2020)" beats "28/9/2020" and "Minggu".
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        if kept.last().is_none_or(|k| c.start >= k.end) {
            kept.push(c);
        }
    }
    let anchor = published.or_else(|| {
        kept.iter()
            .filter_map(|c| {
                if let Some(Expr::Full(d)) = c.expr {
                    Some(d)
                } else {
                    None
                }
            })
            .max()
    });
    ranges::join(text, kept)
        .into_iter()
        .filter_map(|c| {
            let value = c.expr?.resolve(anchor)?;
            Some(DateMention {
                text: text[c.start..c.end].to_string(),
                value,
                start: c.start,
                end: c.end,
            })
        })
        .collect()
}

/// What a matched expression means before the anchor is known.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expr {
    Full(NaiveDate),
    /// Day and month without a year.
    DayMonth(u32, u32),
    Month(i32, u32),
    /// A month without a year (`bulan Juni`): the one nearest the anchor.
    MonthNear(u32),
    Year(i32),
    /// The decade's first year (1990 for `1990an`).
    Decade(i32),
    /// Days from the anchor (`kemarin` = -1).
    DaysFrom(i64),
    /// The nearest given weekday strictly before (`false`) or after (`true`) the anchor
    /// (`Selasa lalu`, `Selasa depan`).
    Weekday(Weekday, bool),
    /// A bare day name (`pada Rabu`): the given weekday up to six days before the anchor
    /// (`false`) or after it (`true`), the anchor's own day included.
    BareWeekday(Weekday, bool),
    /// The given weekday of the ISO week so many weeks from the anchor's (`Kamis pekan
    /// lalu` = -1).
    WeekdayOfWeek(Weekday, i64),
    /// Weeks, months or years from the anchor's.
    WeeksFrom(i64),
    MonthsFrom(i64),
    YearsFrom(i64),
    /// A range with both ends (see `ranges`).
    Range(ranges::Bound, ranges::Bound),
}

impl Expr {
    fn resolve(self, anchor: Option<NaiveDate>) -> Option<String> {
        let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let week = |d: NaiveDate| format!("{:04}-W{:02}", d.iso_week().year(), d.iso_week().week());
        let month = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
        // Days from the anchor's weekday to `wd`'s, in -6..=0 or 0..=6.
        let to_weekday = |a: NaiveDate, wd: Weekday, forward: bool| {
            let now = a.weekday().num_days_from_monday() as i64;
            let want = wd.num_days_from_monday() as i64;
            if forward {
                (want - now).rem_euclid(7)
            } else {
                -(now - want).rem_euclid(7)
            }
        };
        match self {
            Expr::Full(d) => Some(ymd(d)),
            Expr::Month(y, m) => Some(format!("{y:04}-{m:02}")),
            Expr::MonthNear(m) => {
                let a = anchor?;
                let here = a.year() * 12 + a.month0() as i32;
                let y = (a.year() - 1..=a.year() + 1)
                    .min_by_key(|y| (y * 12 + m as i32 - 1 - here).abs())?;
                (0..=9999).contains(&y).then(|| format!("{y:04}-{m:02}"))
            }
            Expr::Year(y) => Some(format!("{y:04}")),
            Expr::Decade(y) => Some(format!("{:03}X", y / 10)),
            Expr::DayMonth(d, m) => nearest_day(d, m, anchor?).map(ymd),
            Expr::DaysFrom(n) => shift_days(anchor?, n).map(ymd),
            Expr::Weekday(wd, forward) => {
                let a = anchor?;
                let delta = match to_weekday(a, wd, forward) {
                    0 if forward => 7,
                    0 => -7,
                    d => d,
                };
                shift_days(a, delta).map(ymd)
            }
            Expr::BareWeekday(wd, forward) => {
                let a = anchor?;
                shift_days(a, to_weekday(a, wd, forward)).map(ymd)
            }
            Expr::WeekdayOfWeek(wd, n) => {
                let a = anchor?;
                let monday = -(a.weekday().num_days_from_monday() as i64);
                let delta = n.checked_mul(7)? + monday + wd.num_days_from_monday() as i64;
                shift_days(a, delta).map(ymd)
            }
            Expr::WeeksFrom(n) => shift_days(anchor?, n.checked_mul(7)?).map(week),
            Expr::MonthsFrom(n) => {
                let a = anchor?.with_day(1)?;
                let m = u32::try_from(n.unsigned_abs()).ok()?;
                if n >= 0 {
                    a.checked_add_months(Months::new(m))
                } else {
                    a.checked_sub_months(Months::new(m))
                }
                .map(month)
            }
            Expr::YearsFrom(n) => {
                let y = anchor?.year() as i64 + n;
                (0..=9999).contains(&y).then(|| format!("{y:04}"))
            }
            Expr::Range(a, b) => ranges::resolve(a, b, anchor),
        }
    }
}

/// The date of day `d` of month `m` nearest `anchor` (in its year, the one before or the
/// one after).
fn nearest_day(d: u32, m: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .min_by_key(|c| (*c - anchor).num_days().abs())
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    /// `None` for a date-shaped match that is not a valid date (`30 Februari 1990`): it
    /// still claims its span, so that a shorter reading (`Februari 1990`) cannot.
    expr: Option<Expr>,
}

/// Month names and abbreviations, Indonesian and English, longest first so that the
/// alternation (leftmost-first) never stops at a prefix ("Sep" of "September").
const MONTHS: &[(&str, u32)] = &[
    ("September", 9),
    ("Nopember", 11),
    ("Pebruari", 2),
    ("February", 2),
    ("Februari", 2),
    ("November", 11),
    ("Desember", 12),
    ("December", 12),
    ("Agustus", 8),
    ("Januari", 1),
    ("January", 1),
    ("Oktober", 10),
    ("October", 10),
    ("August", 8),
    ("Maret", 3),
    ("March", 3),
    ("April", 4),
    ("Juni", 6),
    ("June", 6),
    ("Juli", 7),
    ("July", 7),
    ("Sept", 9),
    ("Mei", 5),
    ("May", 5),
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Agu", 8),
    ("Agt", 8),
    ("Ags", 8),
    ("Aug", 8),
    ("Sep", 9),
    ("Okt", 10),
    ("Oct", 10),
    ("Nov", 11),
    ("Des", 12),
    ("Dec", 12),
];

/// How many of [`DAYS`] are Indonesian: they come first.
const INDONESIAN_DAYS: usize = 10;

/// Day names, Indonesian (with the common spellings of Jumat) and English.
const DAYS: &[(&str, Weekday)] = &[
    ("Senin", Weekday::Mon),
    ("Selasa", Weekday::Tue),
    ("Rabu", Weekday::Wed),
    ("Kamis", Weekday::Thu),
    ("Jumat", Weekday::Fri),
    ("Jum'at", Weekday::Fri),
    ("Jum’at", Weekday::Fri),
    ("Sabtu", Weekday::Sat),
    ("Minggu", Weekday::Sun),
    ("Ahad", Weekday::Sun),
    ("Monday", Weekday::Mon),
    ("Tuesday", Weekday::Tue),
    ("Wednesday", Weekday::Wed),
    ("Thursday", Weekday::Thu),
    ("Friday", Weekday::Fri),
    ("Saturday", Weekday::Sat),
    ("Sunday", Weekday::Sun),
];

/// Small counts written as words before a unit (`dua minggu lalu`, `three days ago`).
const NUMBER_WORDS: &[(&str, i64)] = &[
    ("satu", 1),
    ("dua", 2),
    ("tiga", 3),
    ("empat", 4),
    ("lima", 5),
    ("enam", 6),
    ("tujuh", 7),
    ("delapan", 8),
    ("sembilan", 9),
    ("sepuluh", 10),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("a", 1),
    ("an", 1),
];

struct Patterns {
    /// `Senin (28/9/2020)`, `Minggu malam (28/9)`, `(28/9/2020)`.
    numeric_paren: Regex,
    /// `28/9/2020`, `Senin, 28-09-2020`: only with a four-digit year.
    numeric_bare: Regex,
    /// Written dates, two patterns in one scan. Day first (groups 1-6): `28 September
    /// 2020`, `Senin pagi, 28 Sept. 2020`, `Jumat Kliwon 18 Juli 1980` (with the Javanese
    /// market day), `28 September`, and days of one month: `10-13
    /// Juni 2025`, `9 hingga 13 Juni`, `13 dan 14 Juni` (two dates). Month first (groups
    /// 7-10): `September 28, 2020`, `Monday, Sept. 28`. The two cannot start at one place (a
    /// digit or a month follows the day name), and one scan costs half of two.
    written: Regex,
    /// `September 2020`, `Agustus tahun 2020` (and `Januari-Agustus 2025`, whose first month
    /// is read back from the match).
    month_year: Regex,
    /// Four-digit numbers, `tahun 2020`, and year ranges `2021-2024`, `2002 hingga 2003`:
    /// which of them stand as years is decided in `years`.
    year: Regex,
    /// `tahun 1990an`, `1990-an`, `1990s`, `era 80-an`.
    decade: Regex,
    /// Indonesian and English relative expressions, times of day and bare day names
    /// (named groups, read by [`relative`]). Written in lower case and matched against
    /// the text ASCII-lower-cased (the same offsets): exactly an ASCII case-insensitive
    /// match, but its word alternations stay plain literals, which the regex compiler
    /// turns into tries. As `(?i)` classes they were separate branches, and the lazy DFA
    /// spent ~40M instructions building states over the first 300 corpus articles (4% of
    /// the core's count there) before it was warm.
    relative: Regex,
    /// Any month name: every match of `written` and `month_year` holds one.
    /// A literal alternation, which the regex crate searches with a SIMD prefilter, so
    /// asking it first lets the 43% of corpus articles without any month name skip those
    /// scans (`written` reads the whole text byte by byte: its optional leading day name
    /// leaves no literal to skip ahead to).
    any_month: Regex,
}

fn alternation<T>(table: &[(&str, T)]) -> String {
    table
        .iter()
        .map(|(n, _)| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

/// Times of day, as written after a day name (`Rabu petang`) or with `ini`, `tadi`, `nanti`.
const TIME_OF_DAY: &str = r"pagi|siang|sore|petang|malam|dini\s+hari";

/// What joins the two ends of a range written in one piece (`10-13`, `9 hingga 13`).
const RANGE_JOIN: &str = r"\s*(?u:[-–—])\s*|\s+(?:hingga|sampai(?:\s+dengan)?|s\.d\.?|s/d|sd)\s+";

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let day = alternation(DAYS);
    // Bare and with `lalu`/`depan`/`pekan ini`: Indonesian day names only (English ones
    // come as `last Monday`), which keeps the case-insensitive pattern small.
    let id_day = alternation(&DAYS[..INDONESIAN_DAYS]);
    let month = alternation(MONTHS);
    let numbers = alternation(NUMBER_WORDS);
    let tod = TIME_OF_DAY;
    let join = RANGE_JOIN;
    let re = |p: String| Regex::new(&format!("(?-u){p}")).expect("date pattern is valid");
    // The `relative` pattern is matched on lower-cased text (see its field).
    let (month_lc, id_day_lc, day_lc, numbers_lc) = (
        month.to_lowercase(),
        id_day.to_lowercase(),
        day.to_lowercase(),
        numbers.to_lowercase(),
    );
    Patterns {
        numeric_paren: re(format!(
            r"(?:({day})(?:\s+(?:{tod}))?\s*,?\s*)?\(\s*(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})(?:\s*[/.-]\s*(\d{{4}}|\d{{2}}))?\s*\)"
        )),
        numeric_bare: re(format!(
            r"(?:({day}),?\s+)?(\d{{1,2}})[/-](\d{{1,2}})[/-](\d{{4}})"
        )),
        written: re(format!(
            r"(?:({day})(?:\s+(?:Kliwon|Legi|Pahing|Pon|Wage))?(?:\s+(?:{tod}))?,?\s+)?(?:(?-u:\b)(\d{{1,2}})({join}|\s+dan\s+))?(\d{{1,2}})\s+({month})\.?(?:\s+(\d{{4}}))?|(?:({day}),?\s+)?({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
        )),
        month_year: re(format!(r"({month})\.?\s+(?:tahun\s+)?(\d{{4}})")),
        year: re(format!(
            r"(?:[Tt]ahun\s+)?(?:19\d\d|20\d\d|2100)(?:(?:{join})(?:tahun\s+)?(?:19\d\d|20\d\d|2100))?"
        )),
        decade: re(
            r"(?:(?:[Tt]ahun|[Ee]ra|[Dd]ekade|[Tt]he)\s+)?(?:(\d{3}0)|'?([1-9]0))(?:-?an|'?s)"
                .to_string(),
        ),
        any_month: re(month.clone()),
        relative: re(format!(
            r"(?:(?P<tpre>{tod})\s+)?(?P<rday>hari\s+ini|kemarin\s+lusa|kemarin|besok|esok\s+hari|esok|lusa|yesterday|today|tomorrow)(?:\s+(?P<tpost>{tod}))?|(?P<tod>{tod})\s+(?P<todw>ini|tadi|nanti)|(?P<todw2>tadi|nanti)\s+(?P<tod2>{tod})|(?P<semalam>semalam)|bulan\s+(?P<bmonth>{month_lc})|(?P<unit>pekan|minggu|bulan|tahun|week|month|year)\s+(?P<udir>lalu|kemarin|depan|mendatang|ini)|(?P<endir>last|next|this)\s+(?P<enunit>week|month|year)|(?:(?-u:\b)(?P<n>\d{{1,2}}|{numbers_lc})\s+|(?-u:\b)(?P<se>se))(?P<nunit>hari|pekan|minggu|bulan|tahun|days?|weeks?|months?|years?)\s+(?:yang\s+)?(?:lalu|ago)|(?:(?P<hari>hari)\s+)?(?P<day>{id_day_lc})(?:\s+(?P<dtod>{tod}))?(?:\s+(?:pekan|minggu)\s+(?P<wdir>lalu|depan|ini|kemarin)|\s+(?P<ddir>lalu|kemarin|depan|mendatang|nanti|besok))?|(?P<endir2>last|next)\s+(?P<enday>{day_lc})"
        )),
    }
});

/// The captures of every match of `re` in `text`, exactly as `re.captures_iter(text)` yields
/// them, but cheaper: the matches are found without captures, and each one's groups are
/// then read from the text up to its end only. (`captures_iter` gives the capture engine
/// the whole rest of the text for every match, which for some patterns costs time in
/// proportion to it, per match.) The groups are the same: none of the date patterns looks
/// past a match's end (no `$`, and `\b` only before digits the match holds), so the matches that
/// start where `m` does and fit in `text[..m.end()]` are those of the full text that end by
/// `m.end()`; the highest-priority one of all, `m` itself, is among them and wins again.
/// No pattern matches the empty string, so both iterations step over the same matches.
fn captures<'t>(re: &'t Regex, text: &'t str) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    re.find_iter(text)
        .filter_map(move |m| captures_of(re, text, m))
}

/// The captures of `m`, a match of `re` in `text` (see [`captures`]).
fn captures_of<'t>(re: &Regex, text: &'t str, m: regex::Match<'t>) -> Option<regex::Captures<'t>> {
    re.captures_at(&text[..m.end()], m.start())
}

/// Whether `text` may hold a match of the `decade` pattern: every match ends in a "0"
/// followed by "an", "-an", "s" or "'s" ("1990an", "80-an", "1990s", "'80's"). Two
/// percent of corpus articles have one; the others skip the pattern's scan of the text.
fn may_hold_decade(text: &str) -> bool {
    text.match_indices('0').any(|(i, _)| {
        let rest = &text.as_bytes()[i + 1..];
        [&b"an"[..], b"-an", b"s", b"'s"]
            .iter()
            .any(|end| rest.starts_with(end))
    })
}

/// True when the match `[start, end)` is not glued to a word or number on either side.
fn isolated(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '/')
        && !after.is_some_and(|c| c.is_alphanumeric() || c == '/')
}

/// True when `start` begins a sentence: nothing but spaces since the text's start, a line
/// break, sentence punctuation or an opening quote.
fn sentence_initial(text: &str, start: usize) -> bool {
    text[..start]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | '”' | '\r'))
}

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|(_, v)| *v)
}

fn num(s: Option<regex::Match<'_>>) -> Option<u32> {
    s?.as_str().parse().ok()
}

/// A two-digit year: this century up to 49, the last one from 50.
fn full_year(y: u32, digits: usize) -> i32 {
    match (digits, y) {
        (2, y) if y < 50 => 2000 + y as i32,
        (2, y) => 1900 + y as i32,
        (_, y) => y as i32,
    }
}

/// Day and month from a numeric date: day first (Indonesian and British use), falling
/// back to month first only for English text when day first is impossible (`9/28/2020`).
fn numeric(d: u32, m: u32, year: Option<i32>, lang: &str) -> Option<Expr> {
    let valid = |d: u32, m: u32| match year {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(Expr::Full),
        // A leap year, so that 29/2 stays possible until the year is known.
        None => NaiveDate::from_ymd_opt(2000, m, d).map(|_| Expr::DayMonth(d, m)),
    };
    valid(d, m).or_else(|| if lang == "en" { valid(m, d) } else { None })
}

fn candidates(text: &str, lang: &str) -> Vec<Candidate> {
    let p = &*PATTERNS;
    let mut out = Vec::new();
    // `claim`: keep the span even when `expr` is None (an invalid date).
    let mut add = |start: usize, end: usize, expr: Option<Expr>, claim: bool| {
        if (claim || expr.is_some()) && isolated(text, start, end) {
            out.push(Candidate { start, end, expr });
        }
    };

    for c in captures(&p.numeric_paren, text) {
        let m = c.get(0).expect("group 0");
        let year = c
            .get(4)
            .and_then(|y| Some(full_year(y.as_str().parse().ok()?, y.len())));
        // A bare "(1/2)" is more often a fraction or a score than a date.
        if year.is_none() && c.get(1).is_none() {
            continue;
        }
        let expr = num(c.get(2))
            .zip(num(c.get(3)))
            .and_then(|(d, mo)| numeric(d, mo, year, lang));
        add(m.start(), m.end(), expr, true);
    }
    for c in captures(&p.numeric_bare, text) {
        let m = c.get(0).expect("group 0");
        let year = num(c.get(4)).map(|y| y as i32);
        let expr = num(c.get(2))
            .zip(num(c.get(3)))
            .and_then(|(d, mo)| numeric(d, mo, year, lang));
        add(m.start(), m.end(), expr, true);
    }
    // A pattern's scan, or none when the text cannot hold a match of it.
    let scan = |re, may_match: bool| may_match.then(|| captures(re, text)).into_iter().flatten();
    let months = p.any_month.is_match(text);
    for c in scan(&p.written, months) {
        let m = c.get(0).expect("group 0");
        // Month first: "September 28, 2020".
        if let (Some(mo), Some(d)) = (
            c.get(8).and_then(|x| lookup(MONTHS, x.as_str())),
            num(c.get(9)),
        ) {
            let year = num(c.get(10)).map(|y| y as i32);
            // "Mei 12 orang" is not a date: month-first without a year only in English.
            if year.is_some() || lang == "en" {
                add(m.start(), m.end(), numeric(d, mo, year, "id"), true);
            }
            continue;
        }
        let (Some(d), Some(mo)) = (
            num(c.get(4)),
            c.get(5).and_then(|x| lookup(MONTHS, x.as_str())),
        ) else {
            continue;
        };
        let year = num(c.get(6)).map(|y| y as i32);
        // "28 Juni." ends a sentence: the period is not part of the date.
        let end = if year.is_none() && m.as_str().ends_with('.') {
            m.end() - 1
        } else {
            m.end()
        };
        let expr = numeric(d, mo, year, "id");
        match (c.get(2), c.get(3)) {
            // "13 dan 14 Juni": two dates, the first taking the second's month and year.
            (Some(first), Some(join)) if join.as_str().trim() == "dan" => {
                let day = c.get(4).expect("day group");
                let first_expr = num(Some(first)).and_then(|d0| numeric(d0, mo, year, "id"));
                add(first.start(), first.end(), first_expr, true);
                add(day.start(), end, expr, true);
            }
            (Some(first), Some(_)) => {
                let range = num(Some(first)).zip(expr).map(|(d0, _)| {
                    Expr::Range(
                        ranges::Bound::Day(None, None, d0),
                        ranges::Bound::Day(year, Some(mo), d),
                    )
                });
                add(m.start(), end, range, true);
            }
            _ => add(m.start(), end, expr, true),
        }
    }
    for c in scan(&p.month_year, months) {
        let m = c.get(0).expect("group 0");
        let (Some(mo), Some(y)) = (
            c.get(1).and_then(|x| lookup(MONTHS, x.as_str())),
            num(c.get(2)).map(|y| y as i32),
        ) else {
            continue;
        };
        // `Januari-Agustus 2025`: the first month is read back from the match, which costs
        // less than a pattern that starts with an optional month.
        match ranges::first_month(text, m.start()) {
            Some((start, first)) => add(
                start,
                m.end(),
                Some(Expr::Range(
                    ranges::Bound::Month(None, first),
                    ranges::Bound::Month(Some(y), mo),
                )),
                false,
            ),
            None => add(m.start(), m.end(), Some(Expr::Month(y, mo)), false),
        }
    }
    // No captures: the match is `tahun`, a year and maybe a second one, read off its text.
    // Where the last year read as a date ends: `pada 2015, 2016 dan 2017` lists years.
    let mut last_year = None;
    for m in p.year.find_iter(text) {
        let s = m.as_str();
        let tahun = s.starts_with(['t', 'T']).then_some(m.start());
        let first = s
            .find(|c: char| c.is_ascii_digit())
            .expect("a year's digits");
        let last = s.len() - 4;
        let year_at = |i: usize| s[i..i + 4].parse::<i32>().expect("four digits");
        let (y, range) = (year_at(first), last > first);
        let listed = last_year.is_some_and(|end: usize| {
            let between = text[end..m.start()].trim();
            matches!(between, "," | "dan" | ", dan" | "atau" | "serta")
        });
        if !years::stands_as_date(text, tahun, m.start() + first, m.end(), range, listed) {
            continue;
        }
        last_year = Some(m.end());
        let expr = if range {
            Expr::Range(ranges::Bound::Year(y), ranges::Bound::Year(year_at(last)))
        } else {
            Expr::Year(y)
        };
        add(m.start(), m.end(), Some(expr), true);
    }
    for c in scan(&p.decade, may_hold_decade(text)) {
        let m = c.get(0).expect("group 0");
        let y = match (num(c.get(1)), num(c.get(2))) {
            (Some(y), _) if (1000..3000).contains(&y) => Some(y as i32),
            // "era 80-an": two digits only after a word that makes it a decade.
            (None, Some(y))
                if m.start() != c.get(2).map_or(0, |g| g.start())
                    || m.as_str().starts_with('\'') =>
            {
                Some(1900 + y as i32)
            }
            _ => None,
        };
        add(m.start(), m.end(), y.map(Expr::Decade), false);
    }
    let lowered = text.to_ascii_lowercase();
    for m in p.relative.find_iter(&lowered) {
        // A third of the matches are a day name alone (`Senin (28/9)`, `pada Rabu`): those
        // are read without the capture engine.
        let expr = match lookup(DAYS, m.as_str()) {
            Some(weekday) => weekdays::bare(
                text,
                m.start(),
                (m.start(), m.end()),
                m.end(),
                false,
                false,
                weekday,
            ),
            None => captures_of(&p.relative, &lowered, m).and_then(|c| relative(text, &c)),
        };
        add(m.start(), m.end(), expr, false);
    }
    out
}

/// The meaning of one match of the `relative` pattern (see its named groups there).
/// `c` is a match in the ASCII-lower-cased text: its groups' offsets are `text`'s, and
/// whatever depends on capitalisation is read from `text` at those offsets.
fn relative(text: &str, c: &regex::Captures<'_>) -> Option<Expr> {
    let whole = c.get(0)?;
    let lower = |name: &str| c.name(name).map(|g| g.as_str().to_lowercase());
    let unit_offset = |unit: &str, n: i64| -> Option<Expr> {
        match unit.trim_end_matches('s') {
            "hari" | "day" => Some(Expr::DaysFrom(n)),
            "pekan" | "minggu" | "week" => Some(Expr::WeeksFrom(n)),
            "bulan" | "month" => Some(Expr::MonthsFrom(n)),
            "tahun" | "year" => Some(Expr::YearsFrom(n)),
            _ => None,
        }
    };
    let direction = |w: &str| match w {
        "lalu" | "kemarin" | "last" | "ago" => -1,
        "depan" | "mendatang" | "next" => 1,
        _ => 0,
    };
    // The night before the anchor (`tadi malam`), the small hours after it (`dini hari
    // nanti`), else the anchor's day (`pagi ini`, `sore tadi`, `nanti malam`).
    let time_of_day = |tod: &str, when: &str| {
        let night = tod == "malam";
        let small_hours = tod.starts_with("dini");
        Some(Expr::DaysFrom(match when {
            "tadi" if night => -1,
            "nanti" if small_hours => 1,
            _ => 0,
        }))
    };
    if let Some(day) = lower("rday") {
        let day = day.split_whitespace().collect::<Vec<_>>().join(" ");
        return match day.as_str() {
            "kemarin lusa" => Some(Expr::DaysFrom(-2)),
            "kemarin" | "yesterday" => Some(Expr::DaysFrom(-1)),
            "hari ini" | "today" => Some(Expr::DaysFrom(0)),
            "besok" | "esok" | "esok hari" | "tomorrow" => Some(Expr::DaysFrom(1)),
            "lusa" => Some(Expr::DaysFrom(2)),
            _ => None,
        };
    }
    if let (Some(tod), Some(when)) = (
        lower("tod").or(lower("tod2")),
        lower("todw").or(lower("todw2")),
    ) {
        return time_of_day(&tod, &when);
    }
    if c.name("semalam").is_some() {
        // `dalam semalam`, `menginap semalam`: one night, a duration.
        let before = words::word_before(text, whole.start());
        let one_night = ["dalam", "selama", "hanya", "cuma", "menginap", "bermalam"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(before))
            || words::word_after(text, whole.end()).eq_ignore_ascii_case("suntuk");
        return (!one_night).then_some(Expr::DaysFrom(-1));
    }
    if let Some(month) = c.name("bmonth") {
        // `bulan Juni 2025` and `bulan Juni-Agustus 2025` are read by the `month_year`
        // pattern.
        let after = text[whole.end()..].trim_start();
        let after = after.strip_prefix("tahun").map_or(after, str::trim_start);
        if after.len() >= 4 && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            || ranges::joins(text, whole.end())
        {
            return None;
        }
        return lookup(MONTHS, month.as_str()).map(Expr::MonthNear);
    }
    if let (Some(unit), Some(dir)) = (c.name("unit"), lower("udir")) {
        // `belasan tahun lalu`, `bertahun-tahun lalu`, `dua minggu ini`: vague, not last
        // year; but `tanggal 5 bulan ini` is this month.
        let before = words::word_before(text, whole.start());
        let dated = || {
            let at = words::start_of(text, before);
            ["tanggal", "tgl"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(words::word_before(text, at)))
        };
        if words::VAGUE_QUANTITIES.has(before)
            || (words::is_number(before) && !dated())
            || text[..whole.start()].ends_with('-')
        {
            return None;
        }
        let dir = direction(&dir);
        // "pada Minggu lalu": Sunday when capitalised inside a sentence, else the week.
        if text[unit.range()].starts_with('M')
            && unit.as_str().eq_ignore_ascii_case("minggu")
            && dir != 0
            && !sentence_initial(text, unit.start())
        {
            return Some(Expr::Weekday(Weekday::Sun, dir > 0));
        }
        return unit_offset(&unit.as_str().to_lowercase(), dir);
    }
    if let (Some(dir), Some(unit)) = (lower("endir"), lower("enunit")) {
        return unit_offset(&unit, direction(&dir));
    }
    if let Some(unit) = lower("nunit") {
        let n = match (c.name("n"), c.name("se")) {
            (Some(n), _) => {
                // "2,5 tahun lalu": not five years.
                let before = text[..n.start()].chars().next_back();
                if matches!(before, Some(',' | '.')) {
                    return None;
                }
                n.as_str()
                    .parse()
                    .ok()
                    .or_else(|| lookup(NUMBER_WORDS, n.as_str()))?
            }
            (None, Some(_)) => 1,
            _ => return None,
        };
        return unit_offset(&unit, -n);
    }
    if let Some(day) = c.name("day") {
        let weekday = lookup(DAYS, day.as_str())?;
        if let Some(dir) = lower("wdir") {
            return Some(Expr::WeekdayOfWeek(weekday, direction(&dir)));
        }
        let hari = c.name("hari").is_some();
        if let Some(dir) = lower("ddir") {
            if dir == "nanti" || dir == "besok" {
                // "Minggu nanti" at a sentence's start or lower-case may be the week.
                let sunday_unclear = day.as_str().eq_ignore_ascii_case("minggu")
                    && !hari
                    && (text[day.range()].starts_with('m') || sentence_initial(text, day.start()));
                return (!sunday_unclear).then_some(Expr::BareWeekday(weekday, true));
            }
            return Some(Expr::Weekday(weekday, direction(&dir) > 0));
        }
        return weekdays::bare(
            text,
            whole.start(),
            (day.start(), day.end()),
            whole.end(),
            hari,
            c.name("dtod").is_some(),
            weekday,
        );
    }
    if let (Some(dir), Some(day)) = (lower("endir2"), c.name("enday")) {
        return Some(Expr::Weekday(
            lookup(DAYS, day.as_str())?,
            direction(&dir) > 0,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    /// (text, value) pairs found in `text`.
    fn found(text: &str, published: Option<NaiveDate>) -> Vec<(String, String)> {
        extract(text, published, "id")
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    fn values(text: &str, published: Option<NaiveDate>) -> Vec<String> {
        found(text, published).into_iter().map(|(_, v)| v).collect()
    }

    fn values_en(text: &str, published: Option<NaiveDate>) -> Vec<String> {
        extract(text, published, "en")
            .into_iter()
            .map(|m| m.value)
            .collect()
    }

    #[test]
    fn decades_and_months_pass_their_gates() {
        for t in [
            "tahun 1990an",
            "era 80-an",
            "the 1990s",
            "in the '80's",
            "1990-an",
        ] {
            assert!(may_hold_decade(t), "{t}");
            assert!(PATTERNS.decade.is_match(t), "{t}");
        }
        assert!(!may_hold_decade(
            "Senin (28/9/2020) pukul 10.00 WIB, 2 orang"
        ));
        assert!(
            !PATTERNS
                .any_month
                .is_match("Senin (28/9/2020) pukul 10.00 WIB")
        );
        assert!(PATTERNS.any_month.is_match("28 Sept. 2020"));
    }

    proptest::proptest! {
        /// The gates in `candidates` skip a pattern only where it cannot match.
        #[test]
        fn gates_never_hide_a_match(s in "([0-9 '-]|1990|80|an|s|Sept|September|Mei|Des|tahun|era|the|Senin|,|\\.|\\PC){0,30}") {
            let p = &*PATTERNS;
            if !may_hold_decade(&s) {
                proptest::prop_assert!(!p.decade.is_match(&s));
            }
            if !p.any_month.is_match(&s) {
                for re in [&p.written, &p.month_year] {
                    proptest::prop_assert!(!re.is_match(&s));
                }
            }
        }

        #[test]
        fn captures_are_those_of_captures_iter(s in "([0-9 /.,()-]|Senin|Minggu|Sept|September|Mei|tahun|an|s|lalu|kemarin|dua|se|hari|pekan|last|week|era|hingga|dan|bulan|malam|tadi|ini|Kliwon|2020|'|\\PC){0,40}") {
            let p = &*PATTERNS;
            for re in [&p.numeric_paren, &p.numeric_bare, &p.written, &p.month_year, &p.year, &p.decade, &p.relative] {
                let want: Vec<Vec<Option<(usize, usize)>>> = re.captures_iter(&s).map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect()).collect();
                let got: Vec<Vec<Option<(usize, usize)>>> = captures(re, &s).map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect()).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn day_name_with_numeric_date() {
        assert_eq!(
            found("Gempa terjadi pada Senin (28/9/2020) malam.", None),
            [("Senin (28/9/2020)".to_string(), "2020-09-28".to_string())]
        );
    }

    #[test]
    fn year_less_numeric_date_takes_the_published_year() {
        assert_eq!(
            values("Rapat digelar Minggu (27/9).", d(2020, 9, 29)),
            ["2020-09-27"]
        );
    }

    #[test]
    fn year_less_date_takes_the_closest_year() {
        assert_eq!(
            values("Pesta digelar Rabu (30/12).", d(2021, 1, 2)),
            ["2020-12-30"]
        );
        assert_eq!(
            values("Acara dimulai Sabtu (2/1).", d(2020, 12, 30)),
            ["2021-01-02"]
        );
    }

    #[test]
    fn year_less_date_without_anchor_is_left_out() {
        assert!(values("Rapat digelar Minggu (27/9).", None).is_empty());
    }

    #[test]
    fn written_dates_full_and_abbreviated() {
        assert_eq!(
            values("Ia lahir 17 Agustus 1945 di Blitar.", None),
            ["1945-08-17"]
        );
        assert_eq!(
            values("Sidang ditunda hingga 28 Sept 2020.", None),
            ["2020-09-28"]
        );
        assert_eq!(
            values("Sidang ditunda hingga 5 Okt. 2020.", None),
            ["2020-10-05"]
        );
        assert_eq!(
            found("Kamis, 1 Oktober 2020 pukul 10.00", None)[0].0,
            "Kamis, 1 Oktober 2020"
        );
        assert_eq!(
            found("Koran itu terbit Jumat Kliwon 18 Juli 1980.", None),
            [(
                "Jumat Kliwon 18 Juli 1980".to_string(),
                "1980-07-18".to_string()
            )]
        );
        assert_eq!(
            found("Batasnya 28 Juni.", d(2020, 6, 1))[0],
            ("28 Juni".to_string(), "2020-06-28".to_string())
        );
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            values("Harga naik sejak September 2020.", None),
            ["2020-09"]
        );
        assert_eq!(
            values("Proyek dimulai Agustus tahun 2019.", None),
            ["2019-08"]
        );
    }

    #[test]
    fn year_only_after_tahun() {
        assert_eq!(values("Pemilu tahun 2024 berjalan lancar.", None), ["2024"]);
        assert!(values("Sebanyak 2020 warga mengungsi.", None).is_empty());
        assert!(values("Gaji Rp 2500 per jam.", None).is_empty());
    }

    #[test]
    fn decades() {
        assert_eq!(
            found("konflik pada tahun 1990an.", None),
            [("tahun 1990an".to_string(), "199X".to_string())]
        );
        assert_eq!(values("musik era 1980-an", None), ["198X"]);
        assert_eq!(values("lagu era 80-an", None), ["198X"]);
        assert_eq!(values_en("music of the 1990s", None), ["199X"]);
    }

    #[test]
    fn relative_days_resolve_against_published() {
        let p = d(2020, 9, 30);
        assert_eq!(
            values("Polisi menangkap pelaku kemarin.", p),
            ["2020-09-29"]
        );
        assert_eq!(values("Sidang digelar hari ini.", p), ["2020-09-30"]);
        assert_eq!(values("Hasilnya diumumkan besok.", p), ["2020-10-01"]);
    }

    #[test]
    fn weekday_lalu_is_the_previous_such_day() {
        // 30 September 2020 was a Wednesday.
        let p = d(2020, 9, 30);
        assert_eq!(values("Ia diperiksa Selasa lalu.", p), ["2020-09-29"]);
        assert_eq!(values("Ia diperiksa Rabu lalu.", p), ["2020-09-23"]);
        assert_eq!(values("Ia akan diperiksa Jumat depan.", p), ["2020-10-02"]);
        assert_eq!(values("Ia diperiksa pada Minggu lalu.", p), ["2020-09-27"]);
    }

    #[test]
    fn minggu_as_week() {
        let p = d(2020, 9, 30); // ISO week 40
        assert_eq!(values("Harga cabai naik minggu lalu.", p), ["2020-W39"]);
        assert_eq!(values("Minggu lalu, harga cabai naik.", p), ["2020-W39"]);
        assert_eq!(values("Harga cabai naik pekan lalu.", p), ["2020-W39"]);
        assert_eq!(values("Sidang dilanjutkan minggu depan.", p), ["2020-W41"]);
        assert_eq!(values("Ia dirawat dua minggu lalu.", p), ["2020-W38"]);
        assert!(values("Ia dirawat selama dua minggu.", p).is_empty());
    }

    #[test]
    fn months_and_years_ago() {
        let p = d(2020, 3, 31);
        assert_eq!(values("Ia pindah bulan lalu.", p), ["2020-02"]);
        assert_eq!(values("Ia pindah tahun lalu.", p), ["2019"]);
        assert_eq!(values("Ia pindah tiga tahun yang lalu.", p), ["2017"]);
        assert_eq!(values("Ia pindah sebulan lalu.", p), ["2020-02"]);
        assert_eq!(values("Ia pindah 5 hari lalu.", p), ["2020-03-26"]);
        assert_eq!(values("Ia pindah 13 bulan lalu.", p), ["2019-02"]);
    }

    #[test]
    fn this_next_and_last_month_and_year() {
        let p = d(2025, 6, 10);
        assert_eq!(values("Harga naik bulan ini.", p), ["2025-06"]);
        assert_eq!(values("Tarif berlaku bulan depan.", p), ["2025-07"]);
        assert_eq!(values("Proyek selesai bulan mendatang.", p), ["2025-07"]);
        assert_eq!(values("Target tahun ini tercapai.", p), ["2025"]);
        assert_eq!(values("Pemilu digelar tahun depan.", p), ["2026"]);
        assert_eq!(values("Jatuh tempo tanggal 5 bulan ini.", p), ["2025-06"]);
    }

    #[test]
    fn vague_spans_are_left_out() {
        let p = d(2025, 6, 10);
        for t in [
            "Rumah itu dibangun belasan tahun lalu.",
            "Tradisi itu dimulai puluhan tahun lalu.",
            "Ia pindah beberapa tahun lalu.",
            "Ia menabung bertahun-tahun lalu membeli rumah.",
            "Konflik itu terjadi dua belas tahun lalu.",
            "Harga naik 2,5 tahun lalu.",
            "Harga naik beberapa bulan lalu.",
            "Perempuan 41 tahun ini ditangkap.",
        ] {
            assert!(values(t, p).is_empty(), "{t}: {:?}", values(t, p));
        }
    }

    #[test]
    fn quarters_durations_clock_times_and_hijri_years_are_left_out() {
        let p = d(2025, 6, 10);
        for t in [
            "Laba kuartal I 2025 naik.",
            "Ia ditahan selama dua tahun.",
            "Rapat dimulai pukul 20.20 WIB.",
            "Tahun baru 1446 H dirayakan warga.",
            "Umat Islam menyambut tahun 1446 Hijriah.",
        ] {
            assert!(values(t, p).is_empty(), "{t}: {:?}", values(t, p));
        }
    }

    #[test]
    fn times_of_day_resolve_against_published() {
        let p = d(2025, 6, 10);
        for (t, want) in [
            ("Sidang digelar pagi ini.", "2025-06-10"),
            ("Gempa terasa sore tadi.", "2025-06-10"),
            ("Laga dimulai malam ini.", "2025-06-10"),
            ("Hujan turun siang tadi.", "2025-06-10"),
            ("Laga dimulai nanti malam.", "2025-06-10"),
            ("Ia tiba dini hari tadi.", "2025-06-10"),
            ("Pesawat berangkat pagi hari ini.", "2025-06-10"),
            ("Laga digelar dini hari nanti.", "2025-06-11"),
            ("Rapat digelar tadi malam.", "2025-06-09"),
            ("Bursa saham AS melemah semalam.", "2025-06-09"),
            ("Ia pulang kemarin malam.", "2025-06-09"),
            ("Hasilnya diumumkan esok hari.", "2025-06-11"),
            ("Laga itu digelar akhir bulan Juni.", "2025-06"),
            ("Gaji dibayar pada bulan Oktober.", "2025-10"),
            ("Harga naik sejak bulan Januari.", "2025-01"),
        ] {
            assert_eq!(values(t, p), [want], "{t}");
        }
        // One night as a span of time, not last night.
        assert!(values("Jalan itu dibangun dalam semalam.", p).is_empty());
        assert!(values("Keesokan harinya ia pulang.", p).is_empty());
    }

    #[test]
    fn without_published_the_latest_full_date_anchors() {
        let text = "Rapat pada Senin (28/9/2020) dan Rabu (30/9/2020). Sehari sebelumnya, yakni kemarin, hujan.";
        assert_eq!(
            values(text, None),
            ["2020-09-28", "2020-09-30", "2020-09-29"]
        );
    }

    #[test]
    fn relative_without_any_anchor_is_left_out() {
        assert!(values("Polisi menangkap pelaku kemarin.", None).is_empty());
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert!(values("Rapat pada Senin (31/2/2020).", None).is_empty());
        assert!(values("Ia lahir 30 Februari 1990.", None).is_empty());
        assert!(values("Skor akhir (13/45/2020).", None).is_empty());
        assert_eq!(values("Kabisat: Sabtu (29/2/2020).", None), ["2020-02-29"]);
        assert!(values("Bukan kabisat: Jumat (29/2/2019).", None).is_empty());
    }

    #[test]
    fn fractions_and_glued_numbers_are_not_dates() {
        assert!(values("Sebanyak (1/2) warga hadir.", None).is_empty());
        assert!(values("Nomor 128 September2020", None).is_empty());
    }

    #[test]
    fn english_forms() {
        let p = d(2020, 9, 30);
        assert_eq!(
            values_en("It began on September 28, 2020.", None),
            ["2020-09-28"]
        );
        assert_eq!(
            values_en("It began on Monday, Sept. 28.", p),
            ["2020-09-28"]
        );
        assert_eq!(values_en("He left yesterday.", p), ["2020-09-29"]);
        assert_eq!(values_en("He left last Tuesday.", p), ["2020-09-29"]);
        assert_eq!(values_en("Prices rose last week.", p), ["2020-W39"]);
        assert_eq!(values_en("Prices rose last year.", p), ["2019"]);
        assert_eq!(values_en("He moved two years ago.", p), ["2018"]);
        assert_eq!(values_en("Elected in 2016.", p), ["2016"]);
        assert_eq!(values_en("Due 9/28/2020.", None), ["2020-09-28"]);
    }

    #[test]
    fn month_first_without_year_only_in_english() {
        assert!(values("Pada Mei 12 orang tewas.", d(2020, 9, 30)).is_empty());
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text() {
        let text = "Pemimpin “senior” itu tiba Selasa (29/9/2020).";
        let m = &extract(text, None, "id")[0];
        assert_eq!(&text[m.start..m.end], "Selasa (29/9/2020)");
        assert_eq!(m.text, "Selasa (29/9/2020)");
    }

    #[test]
    fn mentions_come_in_text_order_without_overlap() {
        let text = "Pada 1 Mei 2020, tahun 2020, dan September 2020, lalu kemarin.";
        let ms = extract(text, d(2020, 10, 1), "id");
        assert_eq!(
            ms.iter().map(|m| m.value.as_str()).collect::<Vec<_>>(),
            ["2020-05-01", "2020", "2020-09", "2020-09-30"]
        );
        assert!(ms.windows(2).all(|w| w[0].end <= w[1].start));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}", lang in "(id|en|und)") {
            let ms = extract(&text, d(2020, 9, 30), &lang);
            for m in ms {
                proptest::prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                proptest::prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            }
        }

        #[test]
        fn never_panics_on_a_year_after_a_stop_at_the_start(
            year in 1900u32..2100
        ) {
            // ",2025": the glue check looks two bytes back from the year, before the text.
            let _ = extract(&format!(",{year}"), None, "id");
            let _ = extract(&format!(".{year}"), None, "id");
        }

        #[test]
        fn never_panics_on_date_like_text(text in "((Senin|Minggu|minggu|Sept|Mei|tahun|lalu|kemarin|depan|dua|se|hingga|bulan|malam|tadi|nanti|hari|ini|setiap|akan|2025|\\(|\\)|/|-|,| |[0-9]{1,5}|an|s|9999|0000)){0,20}") {
            let _ = extract(&text, d(9999, 12, 31), "en");
            let _ = extract(&text, d(-9999, 1, 1), "id");
            let _ = extract(&text, None, "id");
        }
    }
}
