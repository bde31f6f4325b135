//! Ranges with both ends: `10-13 Juni 2025`, `9 hingga 13 Juni 2025`, `21 Maret sampai 11
//! April 2025`, `Januari-Agustus 2025`, `2021-2024`, `Senin (9/6) hingga Rabu (11/6)`.
//!
//! One mention spans the range, and its value is an ISO 8601 interval of two values of the
//! same precision: `2025-06-10/2025-06-13`, `2025-01/2025-08`, `2021/2024`. The first end may
//! leave out what the second end says (`10-13 Juni 2025`: month and year; `21 Maret sampai 11
//! April 2025`: the year), and takes it from there; a first month later than the second
//! one's is in the year before (`Desember-Februari 2025` is `2024-12/2025-02`). A second end
//! without a year takes the first's (`10 Juni 2025 hingga 13 Juni`), and with neither, the
//! year nearest the anchor. Both ends must be valid dates and the first must not come after
//! the second, or the range is left out whole (no end of it is reported alone).
//!
//! Days of one month and year ranges are matched whole by the patterns in `dates.rs`
//! (`written`, `year`); a month range's first month is read back from the `month_year`
//! match of its second ([`first_month`]); any two dates of one precision joined by a dash,
//! `hingga`, `sampai (dengan)`, `s.d.` or `s/d` are joined here, after the overlap pass
//! ([`join`]). `dan` does not join: `13 dan 14 Juni` is two dates.

use super::{Candidate, Expr, MONTHS, isolated, lookup, nearest_day, words, years};
use chrono::{Datelike, NaiveDate};

/// One end of a range, as far as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bound {
    /// A day: year and month may be missing from a first end (`10` of `10-13 Juni 2025`).
    Day(Option<i32>, Option<u32>, u32),
    /// A month: the year may be missing from a first end (`Januari` of `Januari-Agustus 2025`).
    Month(Option<i32>, u32),
    Year(i32),
}

impl Bound {
    /// The end a found date can be, if any.
    fn of(e: Expr) -> Option<Bound> {
        match e {
            Expr::Full(d) => Some(Bound::Day(Some(d.year()), Some(d.month()), d.day())),
            Expr::DayMonth(d, m) => Some(Bound::Day(None, Some(m), d)),
            Expr::Month(y, m) => Some(Bound::Month(Some(y), m)),
            Expr::Year(y) => Some(Bound::Year(y)),
            _ => None,
        }
    }

    fn same_precision(self, other: Bound) -> bool {
        matches!(
            (self, other),
            (Bound::Day(..), Bound::Day(..))
                | (Bound::Month(..), Bound::Month(..))
                | (Bound::Year(_), Bound::Year(_))
        )
    }
}

/// Whether the text between two dates joins them into a range.
fn is_connector(between: &str) -> bool {
    let t = between.trim();
    if t.len() > 16 {
        return false;
    }
    matches!(t, "-" | "–" | "—")
        || [
            "hingga",
            "sampai",
            "sampai dengan",
            "hingga tanggal",
            "sampai tanggal",
            "s.d.",
            "s.d",
            "s/d",
            "sd",
            "to",
            "until",
        ]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(t))
}

/// Whether a range connector comes at `pos` (`-`, ` hingga `, ...), so that what ends there
/// opens a range.
pub(super) fn joins(text: &str, pos: usize) -> bool {
    let rest = &text[pos..];
    let word = words::word_after(text, pos);
    rest.trim_start().starts_with(['-', '–', '—'])
        || (rest.starts_with(char::is_whitespace) && is_connector(word))
}

/// The start and month of a month name that opens a range ending at `end` (`Januari-` of
/// `Januari-Agustus 2025`, `Maret hingga ` of `Maret hingga Mei 2024`), if there is one.
pub(super) fn first_month(text: &str, end: usize) -> Option<(usize, u32)> {
    const WORD_JOINS: &[&str] = &[
        "sampai dengan",
        "hingga",
        "sampai",
        "s.d.",
        "s.d",
        "s/d",
        "sd",
    ];
    let head = text[..end].trim_end();
    let spaced = head.len() < end;
    let rest = ["-", "–", "—"]
        .iter()
        .find_map(|d| head.strip_suffix(d))
        .or_else(|| {
            WORD_JOINS.iter().find_map(|j| {
                let cut = head.len().checked_sub(j.len())?;
                (spaced
                    && head.is_char_boundary(cut)
                    && head[cut..].eq_ignore_ascii_case(j)
                    && head[..cut].ends_with(char::is_whitespace))
                .then(|| &head[..cut])
            })
        })?
        .trim_end();
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    let name = words::word_before(text, rest.len());
    let start = words::start_of(text, name);
    let month = lookup(MONTHS, name)?;
    isolated(text, start, rest.len()).then_some((start, month))
}

/// Joins each two neighbouring candidates (in text order, without overlaps) that are dates
/// of one precision with a connector between them into one range candidate.
pub(super) fn join(text: &str, kept: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(kept.len());
    for c in kept {
        if let Some(prev) = out.last_mut()
            && let (Some(a), Some(b)) = (prev.expr.and_then(Bound::of), c.expr.and_then(Bound::of))
            && a.same_precision(b)
            && is_connector(&text[prev.end..c.start])
        {
            prev.end = c.end;
            prev.expr = Some(Expr::Range(a, b));
            continue;
        }
        out.push(c);
    }
    out
}

/// The interval from `a` to `b`, or `None` when an end is invalid, the ends are of
/// different precision, or `a` comes after `b`.
pub(super) fn resolve(a: Bound, b: Bound, anchor: Option<NaiveDate>) -> Option<String> {
    match (a, b) {
        (Bound::Day(ya, ma, da), Bound::Day(yb, mb, db)) => {
            let mb = mb?;
            let end = match yb.or(ya) {
                Some(y) => NaiveDate::from_ymd_opt(y, mb, db)?,
                None => nearest_day(db, mb, anchor?)?,
            };
            let start = match (ya, ma) {
                (Some(y), m) => NaiveDate::from_ymd_opt(y, m.unwrap_or(mb), da)?,
                (None, Some(m)) if m > end.month() => {
                    NaiveDate::from_ymd_opt(end.year() - 1, m, da)?
                }
                (None, m) => NaiveDate::from_ymd_opt(end.year(), m.unwrap_or(mb), da)?,
            };
            (start <= end)
                .then(|| format!("{}/{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d")))
        }
        (Bound::Month(ya, ma), Bound::Month(yb, mb)) => {
            let yb = yb.or(ya)?;
            let ya = ya.unwrap_or(if ma > mb { yb - 1 } else { yb });
            ((ya, ma) <= (yb, mb) && (0..=9999).contains(&ya))
                .then(|| format!("{ya:04}-{ma:02}/{yb:04}-{mb:02}"))
        }
        (Bound::Year(ya), Bound::Year(yb)) => {
            let valid = |y: i32| u32::try_from(y).is_ok_and(|y| years::RANGE.contains(&y));
            (valid(ya) && valid(yb) && ya <= yb).then(|| format!("{ya:04}/{yb:04}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use chrono::NaiveDate;

    fn found(text: &str) -> Vec<(String, String)> {
        extract(text, NaiveDate::from_ymd_opt(2025, 6, 10), "id")
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    fn values(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn days_of_one_month() {
        assert_eq!(
            found("Pameran digelar 10-13 Juni 2025 di Bogor."),
            [(
                "10-13 Juni 2025".to_string(),
                "2025-06-10/2025-06-13".to_string()
            )]
        );
        assert_eq!(
            values("Pameran digelar 9 hingga 13 Juni 2025."),
            ["2025-06-09/2025-06-13"]
        );
        assert_eq!(
            values("Pameran digelar 9 sampai 13 Juni."),
            ["2025-06-09/2025-06-13"]
        );
        assert_eq!(
            values("Bursa kerja dibuka 16–17 Juni."),
            ["2025-06-16/2025-06-17"]
        );
        assert_eq!(
            values("Lomba berlangsung 25-29 Agustus."),
            ["2025-08-25/2025-08-29"]
        );
    }

    #[test]
    fn days_of_two_months_and_years() {
        assert_eq!(
            values("Mudik berlangsung 21 Maret 2025 sampai 11 April 2025."),
            ["2025-03-21/2025-04-11"]
        );
        assert_eq!(
            values("Turnamen itu digelar 10 Juni sampai 2 Juli 2000."),
            ["2000-06-10/2000-07-02"]
        );
        assert_eq!(
            values("Libur sekolah 28 Desember - 3 Januari 2026."),
            ["2025-12-28/2026-01-03"]
        );
        assert_eq!(
            values("Sidang digelar Senin (9/6) hingga Rabu (11/6)."),
            ["2025-06-09/2025-06-11"]
        );
    }

    #[test]
    fn months() {
        assert_eq!(
            found("Realisasi Januari-Agustus 2025 naik."),
            [(
                "Januari-Agustus 2025".to_string(),
                "2025-01/2025-08".to_string()
            )]
        );
        assert_eq!(
            values("Data Maret hingga Mei 2024 dirilis."),
            ["2024-03/2024-05"]
        );
        assert_eq!(
            values("Musim hujan Desember-Februari 2025."),
            ["2024-12/2025-02"]
        );
        assert_eq!(
            values("Harga naik dari Januari 2024 hingga Maret 2025."),
            ["2024-01/2025-03"]
        );
    }

    #[test]
    fn two_dates_joined_by_dan_stay_two() {
        assert_eq!(
            values("Kolekte dilakukan 13 dan 14 Juni 2025."),
            ["2025-06-13", "2025-06-14"]
        );
    }

    #[test]
    fn backwards_or_invalid_ranges_are_left_out_whole() {
        assert!(values("Pameran digelar 13-10 Juni 2025.").is_empty());
        assert!(values("Pameran digelar 30-31 Juni 2025.").is_empty());
        assert!(values("Data Mei 2025 hingga Maret 2024 hilang.").is_empty());
    }

    #[test]
    fn different_precisions_are_not_joined() {
        assert_eq!(
            values("Harga naik 1 Mei 2025 hingga Juni 2025."),
            ["2025-05-01", "2025-06"]
        );
    }
}
