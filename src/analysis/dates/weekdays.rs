//! Bare day names: `pada Rabu`, `hari Sabtu`, `Rabu petang`, `Jumat pagi`.
//!
//! News names a day without its date when it is close to the publication day, so a bare day
//! name is resolved against the anchor: the last such day up to and including the anchor
//! (six days back at most), or, with a future cue before it in its sentence (`akan`,
//! `bakal`, `nanti`, `mendatang`, `besok`, `pekan depan`) or `nanti`/`besok` right after it,
//! the next one from the anchor on (six days ahead at most). The same day as the anchor is
//! the anchor's day both ways: in the corpus, `akan ... pada Sabtu malam` in an article of a
//! Saturday is that evening. (`Sabtu depan` and `Sabtu mendatang`, the first Saturday after
//! the anchor's day, are read in `dates.rs` beside `Sabtu lalu`, the last one before it.)
//!
//! Left out, because they name no one day: recurring days (`setiap Senin`, `Senin-Jumat`,
//! `Senin hingga Kamis`, `Sabtu Minggu`, `Sabtu atau Minggu`), a Javanese weton (`Selasa
//! Pon`), a day in a name (`Jumat Agung`, `Kamis English`: a capitalised word right after
//! it), idioms (`malam Minggu`), a lower-case day name without `hari` (`minggu` is the
//! week), and `Minggu` at a sentence's start without `hari` or a time of day (the week as
//! often as Sunday). A day name followed by its date is left to the date patterns.

use super::words::{
    VAGUE_QUANTITIES, WEEKDAY_GENERIC_CUES, future_before, is_number, next_char, prev_char,
    start_of, word_after, word_before,
};
use super::{DAYS, Expr, INDONESIAN_DAYS, lookup};
use chrono::Weekday;

/// Javanese market days: `Selasa Pon` is a weton, a kind of day, not a date.
const PASARAN: &[&str] = &["Pon", "Wage", "Kliwon", "Legi", "Pahing"];

/// Words joining two day names into a span or a choice (`Senin hingga Jumat`).
const JOINS: &[&str] = &["hingga", "sampai", "s.d.", "s/d", "sd", "atau"];

/// Whether `word` is an Indonesian day name, the ones read bare.
fn is_day(word: &str) -> bool {
    lookup(&DAYS[..INDONESIAN_DAYS], word).is_some()
}

/// The meaning of a bare day name: the match runs from `start` (at `hari` if written) to
/// `end` (after a time of day if written); `day` is the day name's span in it.
pub(super) fn bare(
    text: &str,
    start: usize,
    day: (usize, usize),
    end: usize,
    hari: bool,
    time_of_day: bool,
    weekday: Weekday,
) -> Option<Expr> {
    let name = &text[day.0..day.1];
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    if !hari && !capitalised {
        return None;
    }
    // `Senin (28/9)`, `hari Senin, 28 September`: the date patterns read those whole. The
    // commonest case, so the first test.
    let rest = text[end..].trim_start_matches([' ', ',', '\u{a0}']);
    let rest = rest.strip_prefix('(').map_or(rest, str::trim_start);
    if rest.starts_with(|c: char| c.is_ascii_digit()) || !is_day(name) {
        return None;
    }
    let before = word_before(text, start);
    if WEEKDAY_GENERIC_CUES.has(before) || VAGUE_QUANTITIES.has(before) || is_number(before) {
        return None;
    }
    // `Senin-Jumat`, `Sabtu Minggu`, `Senin hingga Kamis`, `Sabtu atau Minggu`, `hari
    // Sabtu, Minggu, dan libur nasional`: recurring, or a list of kinds of day.
    if matches!(prev_char(text, start), Some('-' | '–' | '—' | '/')) || is_day(before) {
        return None;
    }
    if prev_char(text, start) == Some(',') {
        let comma = text[..start].trim_end_matches([' ', '\u{a0}']);
        if is_day(word_before(text, comma.len() - 1)) {
            return None;
        }
    }
    if next_char(text, end) == Some(',') {
        let comma = end + text[end..].find(',').expect("a comma");
        if is_day(word_after(text, comma + 1)) {
            return None;
        }
    }
    if JOINS.iter().any(|j| j.eq_ignore_ascii_case(before))
        && is_day(word_before(text, start_of(text, before)))
    {
        return None;
    }
    let after = word_after(text, end);
    if matches!(next_char(text, end), Some('-' | '–' | '—' | '/'))
        || is_day(after)
        || (JOINS.iter().any(|j| j.eq_ignore_ascii_case(after))
            && is_day(word_after(text, start_of(text, after) + after.len())))
    {
        return None;
    }
    if PASARAN.contains(&after) {
        return None;
    }
    // A capitalised word right after it: a name (`Jumat Agung`) or a title.
    if after.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // `Minggu` opening a sentence is the week as often as Sunday.
    if name.eq_ignore_ascii_case("minggu") && !hari && !time_of_day {
        let opening = prev_char(text, start)
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | '”'));
        if opening {
            return None;
        }
    }
    Some(Expr::BareWeekday(weekday, future_before(text, start, 8)))
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use chrono::NaiveDate;

    /// 10 June 2025 was a Tuesday.
    fn values(text: &str) -> Vec<String> {
        extract(text, NaiveDate::from_ymd_opt(2025, 6, 10), "id")
            .into_iter()
            .map(|m| m.value)
            .collect()
    }

    fn found(text: &str) -> Vec<(String, String)> {
        extract(text, NaiveDate::from_ymd_opt(2025, 6, 10), "id")
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    #[test]
    fn a_bare_day_is_the_last_such_day_up_to_the_anchor() {
        assert_eq!(
            values("Polisi menangkap pelaku pada Minggu."),
            ["2025-06-08"]
        );
        assert_eq!(values("Gempa terasa hari Sabtu."), ["2025-06-07"]);
        assert_eq!(values("Rapat itu digelar Rabu petang."), ["2025-06-04"]);
        assert_eq!(values("kata Budi di Jakarta, Senin."), ["2025-06-09"]);
        assert_eq!(
            found("Hujan turun deras Jumat pagi."),
            [("Jumat pagi".to_string(), "2025-06-06".to_string())]
        );
    }

    #[test]
    fn the_anchor_s_own_day_is_the_anchor() {
        assert_eq!(values("Harga beras turun pada Selasa."), ["2025-06-10"]);
        assert_eq!(
            values("Laga itu akan digelar Selasa malam."),
            ["2025-06-10"]
        );
    }

    #[test]
    fn a_future_cue_makes_it_the_next_such_day() {
        assert_eq!(
            values("Sidang akan dilanjutkan pada Kamis."),
            ["2025-06-12"]
        );
        assert_eq!(
            values("Pengumuman bakal disampaikan hari Senin."),
            ["2025-06-16"]
        );
        assert_eq!(values("Kami bertemu lagi Jumat nanti."), ["2025-06-13"]);
        assert_eq!(values("Hasilnya keluar Senin depan."), ["2025-06-16"]);
        assert_eq!(values("Hasilnya keluar Selasa depan."), ["2025-06-17"]);
        assert_eq!(values("Ia diperiksa Selasa lalu."), ["2025-06-03"]);
    }

    #[test]
    fn a_cue_in_a_quote_does_not_reach_the_attribution() {
        assert_eq!(
            values("\"Harga akan naik,\" kata pedagang itu, Senin."),
            ["2025-06-09"]
        );
    }

    #[test]
    fn a_day_of_a_named_week() {
        assert_eq!(
            values("Saham itu turun pada Kamis pekan lalu."),
            ["2025-06-05"]
        );
        assert_eq!(
            values("Saham itu naik pada Senin pekan ini."),
            ["2025-06-09"]
        );
        assert_eq!(values("Rapat digelar Jumat pekan depan."), ["2025-06-20"]);
    }

    #[test]
    fn recurring_days_names_and_idioms_are_left_out() {
        for t in [
            "Kereta itu melayani penumpang setiap Senin.",
            "Kantor buka Senin-Jumat pukul 08.00.",
            "Drama itu tayang Senin hingga Kamis malam.",
            "Ganjil genap tidak berlaku hari Sabtu atau Minggu.",
            "Jadi Sabtu Minggu itu ia berjualan.",
            "Weton yang dicari adalah Selasa Pon.",
            "Umat Kristiani merayakan Jumat Agung.",
            "Lagu Malam Minggu itu populer.",
            "Ia dirawat selama dua Minggu.",
            "Ia dirawat beberapa Minggu.",
            "Minggu, harga cabai naik.",
            "harga cabai naik selama satu minggu.",
        ] {
            assert!(values(t).is_empty(), "{t}: {:?}", values(t));
        }
    }

    #[test]
    fn a_day_with_its_date_is_one_mention() {
        assert_eq!(
            found("Gempa terjadi hari Senin (9/6/2025)."),
            [("Senin (9/6/2025)".to_string(), "2025-06-09".to_string())]
        );
        assert_eq!(
            found("Banjir datang Minggu malam (8/6/2025)."),
            [(
                "Minggu malam (8/6/2025)".to_string(),
                "2025-06-08".to_string()
            )]
        );
        assert_eq!(
            found("Gunung itu meletus Rabu pagi, 4 Juni 2025."),
            [(
                "Rabu pagi, 4 Juni 2025".to_string(),
                "2025-06-04".to_string()
            )]
        );
    }

    #[test]
    fn minggu_inside_a_sentence_or_with_hari_is_sunday() {
        assert_eq!(values("Warga berkumpul pada Minggu."), ["2025-06-08"]);
        assert_eq!(values("Hari Minggu, warga berkumpul."), ["2025-06-08"]);
        assert_eq!(values("Minggu pagi, warga berkumpul."), ["2025-06-08"]);
        // The week: `minggu ini` and `minggu lalu` keep their week values.
        assert_eq!(values("Harga naik minggu ini."), ["2025-W24"]);
    }
}
