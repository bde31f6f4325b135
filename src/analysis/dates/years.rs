//! Whether a four-digit number stands as a year.
//!
//! A year is reported when it is written as a date: after `tahun` (`tahun 2018`), after a
//! preposition or a time word (`sejak 2018`, `pada 2019`, `awal 2024`, `TA 2024`; the lists
//! are `lexicon/year_cues.txt` and `lexicon/year_time_words.txt`), alone in parentheses
//! (`laporan The Guardian (2023)`, `Tbk (2021-2022)`), or after such a year in a list
//! (`pada 2015, 2016 dan 2017`). Anything else is taken for part of a name or a number and
//! left out, because a wrong year is worse than a missed one: events, programmes and
//! seasons (`Piala Dunia 2022`, `Pemilu 2024`, `APBN 2025`, `Liga 1 2023/2024`), laws and
//! titles (`UU Nomor 11 Tahun 2020`, `Perpres No 5/2020`, `Standar Biaya Tahun Anggaran
//! 2026`), counts and money (`2018 orang`, `Rp 2.018`), phone numbers and ids. A year range
//! (`2021-2024`) may also follow any lower-case word (`anggota DPR terpilih 2019-2024`) that
//! is not a season's (`musim 2023-2024`). Only years from 1900 to 2100 are read.

use super::words::{
    COUNT_NOUNS, SEASON_WORDS, YEAR_CUES, YEAR_TIME_WORDS, next_char, prev_char, start_of,
    word_after, word_before,
};

/// The years read as years.
pub(super) const RANGE: std::ops::RangeInclusive<u32> = 1900..=2100;

/// Whether the year (or year range) at `first..last_end` stands as a date. `tahun` is the
/// start of a `tahun` written before the first year, if any; `range` says whether a second
/// year ends the match; `listed` whether a year that stands as a date comes just before,
/// joined by a comma, `dan`, `atau` or `serta`.
pub(super) fn stands_as_date(
    text: &str,
    tahun: Option<usize>,
    first: usize,
    last_end: usize,
    range: bool,
    listed: bool,
) -> bool {
    let start = tahun.unwrap_or(first);
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    // Glued into a longer number, an id or a phone number: `0812-2018`, `2.018`, `2018,5`.
    // Glued to a word or a date (`20/6/2025`): the commonest case, so the first test.
    if let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i))
        && (b.is_ascii_alphanumeric()
            || matches!(b, b'/' | b'-' | b'+' | b'#')
            || (matches!(b, b'.' | b',' | b':') && start.checked_sub(2).is_some_and(digit_at)))
    {
        return false;
    }
    if let Some(&b) = bytes.get(last_end)
        && (b.is_ascii_alphanumeric()
            || b == b'/'
            || (matches!(b, b'-' | b'.' | b',' | b':') && digit_at(last_end + 1)))
    {
        return false;
    }
    // `1950-an`, `1980 hingga 1990-an`: decades, read by the `decade` pattern.
    if text[last_end..].starts_with("-an") {
        return false;
    }
    let word = word_before(text, start);
    let date_like = if let Some(t) = tahun {
        // `UU Nomor 11 Tahun 2020`, `Perda ... Nomor e-0066 Tahun 2025`: a law's number.
        !word.bytes().any(|b| b.is_ascii_digit()) && !in_title(text, t, word)
    } else if bytes.get(start.wrapping_sub(1)) == Some(&b'(') && bytes.get(last_end) == Some(&b')')
    {
        // `(2023)`: a year of publication, release or office; not `dua ribu (2000) orang`.
        !COUNT_NOUNS.has(word_after(text, last_end + 1))
            && !COUNT_NOUNS.has(word_before(text, start - 1))
    } else if is_cue(word) {
        // A time word in a title names the title's year (`Tahun Anggaran 2026`).
        YEAR_CUES.has(word)
            || !in_title(
                text,
                start_of(text, word),
                word_before(text, start_of(text, word)),
            )
    } else {
        listed
            || (range
                && !word.is_empty()
                && word.chars().all(char::is_lowercase)
                && !SEASON_WORDS.has(word))
    };
    date_like
        && next_char(text, last_end) != Some('%')
        && !COUNT_NOUNS.has(word_after(text, last_end))
}

/// A preposition or time word before a year; an all-capitals word of more than two letters
/// is a name (`© ANTARA 2025`), not `antara`.
fn is_cue(word: &str) -> bool {
    (YEAR_CUES.has(word) || YEAR_TIME_WORDS.has(word))
        && !(word.len() > 2 && word.chars().all(|c| c.is_uppercase()))
}

/// Whether the word at `at` (`Tahun`, `Anggaran`) is capitalised inside a title: after a
/// capitalised word (`before`), not at a sentence's start (`Mitra Makan Siang Gratis Tahun
/// 2025`, `Standar Biaya Masukan Tahun Anggaran 2026`).
fn in_title(text: &str, at: usize, before: &str) -> bool {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut word = text[at..].chars();
    let titlecase =
        word.next().is_some_and(char::is_uppercase) && word.next().is_some_and(char::is_lowercase);
    titlecase
        && capital(before)
        && !YEAR_CUES.has(before)
        && !prev_char(text, at)
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | '”'))
}

#[cfg(test)]
mod tests {
    use super::super::extract;

    fn values(text: &str) -> Vec<String> {
        extract(text, None, "id")
            .into_iter()
            .map(|m| m.value)
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        extract(text, None, "id")
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn a_year_after_a_preposition_or_time_word() {
        assert_eq!(values("Ia menjabat sejak 2018."), ["2018"]);
        assert_eq!(
            values("Tarif itu naik pada 2019 dan turun di 2021."),
            ["2019", "2021"]
        );
        assert_eq!(
            values("Target itu berlaku hingga 2030 mendatang."),
            ["2030"]
        );
        assert_eq!(
            values("Ia pensiun pada akhir 2018, lalu menetap di Bogor."),
            ["2018"]
        );
        assert_eq!(values("Anggaran APBD TA 2024 sudah dibahas."), ["2024"]);
        assert_eq!(texts("Panen raya pada 2019 berlangsung lama."), ["2019"]);
    }

    #[test]
    fn a_year_after_tahun_keeps_tahun_in_its_text() {
        assert_eq!(texts("Sekolah itu dibangun tahun 1985."), ["tahun 1985"]);
        assert_eq!(values("Pada Tahun 2020 harga naik."), ["2020"]);
    }

    #[test]
    fn years_inside_names_are_left_out() {
        for t in [
            "Timnas lolos ke Piala Dunia 2022 di Qatar.",
            "Partai itu menang di Pemilu 2024 kemarin.",
            "Dana APBN 2025 dipangkas.",
            "Klub itu juara Liga 1 2023/2024.",
            "Aturan itu ada di UU Nomor 11 Tahun 2020 tentang Cipta Kerja.",
            "Hal itu diatur dalam Perda Nomor 21 tahun 2021.",
            "Aturan itu tercantum di Perpres No 5/2020.",
            "Pendaftaran Mitra Makan Siang Gratis Tahun 2025 dibuka.",
            "Sebanyak 2018 orang hadir pada acara itu.",
            "Jumlah pengungsi hingga 2000 orang.",
            "Harganya mencapai Rp 2.018 per butir.",
            "Hubungi nomor 0812-2018-3344 untuk mendaftar.",
            "Kenaikan pada 2018,5 persen itu kecil.",
            "Peta itu dibuat pada 1850 oleh Belanda.",
            "Bantuan untuk dua ribu (2000) orang disalurkan.",
            "Hak cipta © ANTARA 2025",
            "Aturan itu ada dalam Standar Biaya Masukan Tahun Anggaran 2026.",
        ] {
            assert!(values(t).is_empty(), "{t}: {:?}", values(t));
        }
    }

    #[test]
    fn a_year_alone_in_parentheses_or_listed_after_one() {
        assert_eq!(
            values("Menurut laporan lembaga itu (2023), harga naik."),
            ["2023"]
        );
        assert_eq!(values("Ia menjabat komandan (2017-2018)."), ["2017/2018"]);
        assert_eq!(
            values("Indonesia menjadi tuan rumah pada 2019, 2023, dan 2024."),
            ["2019", "2023", "2024"]
        );
        assert_eq!(
            values("Laba naik pada tahun 2020 dan 2021."),
            ["2020", "2021"]
        );
        // A list needs a first year that stands as a date.
        assert!(values("Ia ikut Pemilu 2019 dan 2024.").is_empty());
    }

    #[test]
    fn year_ranges_are_intervals() {
        assert_eq!(values("Ia melatih klub itu pada 2007-2014."), ["2007/2014"]);
        assert_eq!(
            values("Wabah itu terjadi pada tahun 2002 hingga 2003."),
            ["2002/2003"]
        );
        assert_eq!(
            values("Laporan APBD TA 2021 sd 2024 diperiksa."),
            ["2021/2024"]
        );
        assert_eq!(
            values("Anggota DPR terpilih 2019-2024 dilantik."),
            ["2019/2024"]
        );
        assert_eq!(
            texts("Ia bermain di sana periode 1998–2007."),
            ["1998–2007"]
        );
    }

    #[test]
    fn a_year_with_a_decade_suffix_is_the_decade() {
        assert_eq!(values("Ia lahir pada 1950-an."), ["195X"]);
        assert_eq!(values("Musik era 1980 hingga 1990-an populer."), ["199X"]);
    }

    #[test]
    fn year_ranges_that_are_seasons_or_backwards_are_left_out() {
        assert!(values("Ia bermain di musim 2023-2024 dengan baik.").is_empty());
        assert!(values("Dokumen RPJMN 2020-2024 disusun.").is_empty());
        assert!(values("Data itu berlaku pada 2024-2021.").is_empty());
    }
}
