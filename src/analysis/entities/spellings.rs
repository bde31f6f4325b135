//! Forms of one name that differ by more than a prefix or a suffix, joined after
//! [`super::merge`]'s own joins:
//!
//! - words left out in the middle: "Pangkalan TNI AU Halim Perdanakusuma" beside
//!   "Pangkalan Udara TNI AU Halim Perdanakusuma", "Cristian Chivu" beside "Cristian Eugen
//!   Chivu" ([`join_inner_omissions`]);
//! - the country written after a national body: "DPR RI" and "DPR" ([`join_country_suffix`]);
//! - a province by its name and by its short form: "Provinsi Jawa Tengah", "Jateng"
//!   ([`join_province_names`]);
//! - a short form in brackets inside the name: "Pemerintah Kota (Pemkot) Sukamaju" and
//!   "Pemkot Sukamaju" ([`join_inner_brackets`]);
//! - a one-off misspelling of a person's name in the same article: "Khoizin" beside
//!   "Muhammad Khozin" ([`join_typos`]).
//!
//! Each is linear in the forms, with a hash lookup or a short scan per form.

use super::{EntityType, Form, HashMap, find, places, union};
use compact_str::CompactString;

/// The forms by their type and words.
type Index<'a> = HashMap<(EntityType, &'a [CompactString]), usize>;

/// Runs every join of this file over the forms.
pub(super) fn join_spellings(forms: &[Form], root: &mut [usize]) {
    join_inner_omissions(forms, root);
    // Two joins look forms up by their words; the index is built once, and only for the
    // articles that have a form either one starts from.
    let country = forms
        .iter()
        .any(|f| f.key.len() > 1 && f.key[f.key.len() - 1] == "ri");
    let bracket = forms.iter().any(|f| f.text.contains('('));
    let index: Index = if country || bracket {
        forms
            .iter()
            .enumerate()
            .map(|(i, f)| ((f.kind, f.key.as_slice()), i))
            .collect()
    } else {
        Index::default()
    };
    if country {
        join_country_suffix(forms, &index, root);
    }
    join_province_names(forms, root);
    join_typos(forms, root);
    if bracket {
        join_inner_brackets(forms, &index, root);
    }
}

/// Joins a name with its short form in brackets inside it ("Pemerintah Kota (Pemkot)
/// Sukamaju") to the short form with what follows the bracket ("Pemkot Sukamaju") and to
/// the short form alone ("Pemkot"), of the same type.
fn join_inner_brackets(forms: &[Form], index: &Index, root: &mut [usize]) {
    let inner = |f: &Form| -> Option<usize> {
        let open = f.text.find('(')?;
        let close = open + f.text.get(open..)?.find(')')?;
        let word = f.text.get(open + 1..close)?.trim();
        let after = f.text.get(close + 1..)?.trim();
        if word.is_empty() || after.is_empty() {
            return None;
        }
        let word = super::lower(word);
        f.key.iter().position(|w| *w == word).filter(|&p| p > 0)
    };
    for (i, f) in forms.iter().enumerate() {
        let Some(p) = inner(f) else {
            continue;
        };
        for short in [&f.key[p..], &f.key[p..=p]] {
            if let Some(&j) = index.get(&(f.kind, short)) {
                union(root, i, j);
            }
        }
    }
}

/// Whether `short` is `long` with words left out, neither the first nor the last.
fn inner_omission(short: &[CompactString], long: &[CompactString]) -> bool {
    if short.len() < 2 || long.len() <= short.len() {
        return false;
    }
    if short[0] != long[0] || short[short.len() - 1] != long[long.len() - 1] {
        return false;
    }
    let mut rest = long[1..long.len() - 1].iter();
    short[1..short.len() - 1]
        .iter()
        .all(|w| rest.by_ref().any(|l| l == w))
}

/// Joins a form of two words or more to the one longer form of its type that opens and
/// closes with the same words and holds its words in order ("Cristian Chivu", "Cristian
/// Eugen Chivu"): news drops a middle name or a middle word of a long name freely, but
/// rarely writes two different things that share both ends. Only when one longer form
/// fits.
fn join_inner_omissions(forms: &[Form], root: &mut [usize]) {
    if !forms.iter().any(|f| f.key.len() >= 3) {
        return;
    }
    let mut by_ends: HashMap<(EntityType, &str, &str), Vec<usize>> = HashMap::default();
    for (i, f) in forms.iter().enumerate().filter(|(_, f)| f.key.len() >= 3) {
        let (a, b) = (&f.key[0], &f.key[f.key.len() - 1]);
        by_ends.entry((f.kind, a, b)).or_default().push(i);
    }
    if by_ends.is_empty() {
        return;
    }
    for (i, f) in forms.iter().enumerate().filter(|(_, f)| f.key.len() >= 2) {
        let (a, b) = (&f.key[0], &f.key[f.key.len() - 1]);
        let Some(longer) = by_ends.get(&(f.kind, a.as_str(), b.as_str())) else {
            continue;
        };
        let mut fits = longer
            .iter()
            .filter(|&&c| inner_omission(&f.key, &forms[c].key))
            .map(|&c| find(root, c));
        if let Some(c) = fits.next()
            && fits.all(|d| d == c)
        {
            union(root, c, i);
        }
    }
}

/// Joins "X RI" to "X" of the same type ("DPR RI", "DPR"; "Kejagung RI", "Kejagung"): the
/// article names the national body with and without its country.
fn join_country_suffix(forms: &[Form], index: &Index, root: &mut [usize]) {
    for (i, f) in forms.iter().enumerate() {
        if f.kind == EntityType::Person {
            continue;
        }
        if let [bare @ .., last] = f.key.as_slice()
            && !bare.is_empty()
            && last == "ri"
            && let Some(&j) = index.get(&(f.kind, bare))
        {
            union(root, i, j);
        }
    }
}

/// Joins the location forms that name one province: by its name, with or without
/// "Provinsi", and by its short form ("Jawa Tengah", "Jateng").
fn join_province_names(forms: &[Form], root: &mut [usize]) {
    let mut first: HashMap<&'static str, usize> = HashMap::default();
    for (i, f) in forms.iter().enumerate() {
        if f.kind != EntityType::Location || f.key.len() > 4 {
            continue;
        }
        let Some(p) = places::province_named_key(&f.key) else {
            continue;
        };
        match first.get(p) {
            Some(&j) => union(root, j, i),
            None => {
                first.insert(p, i);
            }
        }
    }
}

/// Whether two lower-cased words are one edit apart (one letter added, left out,
/// changed, or two neighbours swapped). Compared byte by byte: a non-ASCII letter is a
/// few bytes, which only makes a near spelling look farther.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[head..], &b[head..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

/// Joins a one-word person form written once to the one person whose name has a word one
/// edit from it, with the same first letter and five letters or more ("Khoizin" beside
/// "Muhammad Khozin", "Marharet" beside "Margaret"): a misspelling in the article. Only
/// when exactly one person fits, and the other spelling is written more often or within
/// a longer name, so that two people with near names ("Susanti", "Susanto") written as
/// often each stay apart.
fn join_typos(forms: &[Form], root: &mut [usize]) {
    let persons: Vec<usize> = (0..forms.len())
        .filter(|&i| forms[i].kind == EntityType::Person)
        .collect();
    if persons.len() < 2 {
        return;
    }
    for &i in &persons {
        let f = &forms[i];
        if f.key.len() != 1 || f.spans.len() != 1 || find(root, i) != i {
            continue;
        }
        let w = &f.key[0];
        if w.len() < 5 || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let lead = w.as_bytes()[0];
        let mut fits = persons.iter().filter(|&&c| c != i).filter(|&&c| {
            let g = &forms[c];
            (g.key.len() > 1 || g.spans.len() > 1)
                && g.key
                    .iter()
                    .any(|v| v.as_bytes().first() == Some(&lead) && one_edit(w, v))
        });
        if let Some(&c) = fits.next()
            && fits.all(|&d| find(root, d) == find(root, c))
        {
            union(root, c, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<CompactString> {
        s.split(' ').map(CompactString::from).collect()
    }

    #[test]
    fn inner_omission_keeps_both_ends_and_the_order() {
        let long = key("pangkalan udara tni au halim perdanakusuma");
        assert!(inner_omission(
            &key("pangkalan tni au halim perdanakusuma"),
            &long
        ));
        assert!(inner_omission(
            &key("cristian chivu"),
            &key("cristian eugen chivu")
        ));
        assert!(!inner_omission(&key("pangkalan halim tni"), &long));
        assert!(!inner_omission(
            &key("udara tni au halim perdanakusuma"),
            &long
        ));
        assert!(!inner_omission(&long, &long));
    }

    #[test]
    fn one_edit_takes_one_change_only() {
        assert!(one_edit("khoizin", "khozin"));
        assert!(one_edit("marharet", "margaret"));
        assert!(one_edit("kenneth", "keneth"));
        assert!(one_edit("sutikno", "sutkino"));
        assert!(!one_edit("susanto", "susanto"));
        assert!(!one_edit("sutikno", "stusikno"));
        assert!(!one_edit("widodo", "wibowo"));
    }
}
