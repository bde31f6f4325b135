//! The word lists under `lexicon/` (and `models/id_roots.txt`): one entry a line, `#`
//! starts a comment line, blank lines are ignored. Each analyser embeds its files with
//! `include_str!` and builds its own lookup from [`entries`] once.

/// The entries of a word-list file, trimmed, comments and blank lines left out.
pub(crate) fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_and_blank_lines_are_not_entries() {
        let got: Vec<_> = super::entries("# header\n\n kata \n#x\nlain\n").collect();
        assert_eq!(got, ["kata", "lain"]);
    }
}
