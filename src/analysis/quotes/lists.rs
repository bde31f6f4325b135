//! The word lists the attributor reads (`analysis/lexicon/*.txt`), each parsed once into a
//! hash set and looked up in any ASCII letter case without allocating: these lookups run
//! for every word of every attribution, where a linear scan of the longer lists cost more
//! than the hash.

use crate::analysis::fasthash::{FastMap, FastSet as HashSet};
use crate::analysis::lexicon::entries;
use std::sync::LazyLock;

/// Longest entry a [`WordList`] holds, in bytes: lookups lower-case into a buffer this long.
const WORD_MAX: usize = 32;

/// A word list from `lexicon/`.
pub(super) struct WordList {
    /// The entries (lower case) as bytes: the lower-cased buffer needs no UTF-8 check.
    pub(super) words: HashSet<&'static [u8]>,
}

impl WordList {
    fn parse(file: &'static str) -> Self {
        let words: HashSet<&'static [u8]> = entries(file).map(str::as_bytes).collect();
        for w in &words {
            assert!(
                w.len() <= WORD_MAX && !w.iter().any(u8::is_ascii_uppercase),
                "lexicon entries are lower case and at most {WORD_MAX} bytes: {:?}",
                String::from_utf8_lossy(w)
            );
        }
        WordList { words }
    }

    /// Whether `word` is an entry, ignoring ASCII letter case (as `eq_ignore_ascii_case`).
    pub(super) fn contains(&self, word: &str) -> bool {
        if word.len() > WORD_MAX {
            return false;
        }
        let mut buf = [0u8; WORD_MAX];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.words.contains(&*lower)
    }

    /// Whether `word`, exactly as written, is an entry (so only in lower case).
    pub(super) fn contains_as_written(&self, word: &str) -> bool {
        self.words.contains(word.as_bytes())
    }
}

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(super) static $name: LazyLock<WordList> =
            LazyLock::new(|| WordList::parse(include_str!(concat!("../lexicon/", $file))));
    };
}

/// Attribution verbs that follow a quote and take the speaker after them (`kata X`), or a
/// pronoun (`kata dia`), or `-nya` (`ujarnya`: "said he/she").
pub(super) const CUES_FILE: &str = include_str!("../lexicon/attribution_cues.txt");
pub(super) static CUES: LazyLock<WordList> = LazyLock::new(|| WordList::parse(CUES_FILE));

/// Speech verbs that follow the speaker (`X mengatakan, "..."`, `"...," X menambahkan`).
pub(super) const SPEECH_VERBS_FILE: &str = include_str!("../lexicon/speech_verbs.txt");
pub(super) static SPEECH_VERBS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(SPEECH_VERBS_FILE));

word_list!(
    /// Words that stand for a person named elsewhere (`kata dia`, `Dirinya mengatakan`).
    PRONOUNS,
    "speaker_pronouns.txt"
);
word_list!(
    /// Titles, ranks and offices ("Kapolres", "Menteri", "Juru Bicara"): the list the entity
    /// recogniser's gazetteer reads too.
    TITLES,
    "titles.txt"
);
word_list!(
    /// Entries of titles.txt that only continue a title ("Direktur *Utama*"): no role opens
    /// at them.
    TITLE_CONTINUATIONS,
    "title_continuations.txt"
);
word_list!(
    /// Police and military ranks (and the corps after them): the full name follows at once.
    RANKS,
    "ranks.txt"
);
word_list!(
    /// Words that qualify a title ("Menteri *Luar Negeri*", "Kapolres *Metro*").
    QUALIFIERS,
    "title_qualifiers.txt"
);
word_list!(
    /// Honorifics, dropped from the name and kept out of the role (`Pak Budi` is Budi).
    HONORIFICS,
    "honorifics.txt"
);
word_list!(
    /// Words that begin an organisation's name ("PT", "Polda", "Universitas").
    ORG_HEADS,
    "org_heads.txt"
);
word_list!(
    /// Occupations, standings and relations that head a role ("pakar", "warga", "mantan").
    ROLE_NOUNS,
    "role_nouns.txt"
);
word_list!(
    /// Lower-case words that join the parts of a role ("Kepala Perwakilan X untuk Y").
    ROLE_CONNECTORS,
    "role_connectors.txt"
);
word_list!(
    /// Words that tie a role to the name before them ("selaku", "adalah").
    COPULAS,
    "role_copulas.txt"
);
word_list!(
    /// Prepositions: a role noun after one is an object ("di hadapan warga").
    PREPOSITIONS,
    "prepositions.txt"
);
word_list!(
    /// Places: a single-word entry is never part of a person's name.
    PLACES,
    "places.txt"
);
word_list!(
    /// Abbreviations that keep their period inside a name run ("Dr. Budi", "M. Yusuf").
    DOTTED,
    "dotted_abbreviations.txt"
);
word_list!(
    /// Words after which a comma phrase is not a role ("kata Budi, saat ditemui").
    NOT_ROLE,
    "not_role.txt"
);
word_list!(
    /// Day names: they end a name run and are not a role.
    WEEKDAYS,
    "weekdays.txt"
);
word_list!(
    /// Words that end a role phrase, looked up as written
    /// ([`WordList::contains_as_written`]): a capitalised one belongs to the role.
    ROLE_STOP,
    "role_ends.txt"
);
word_list!(
    /// Lower-case words that may sit inside a capitalised name ("Ahmad bin Yusuf").
    NAME_CONNECTORS,
    "name_connectors.txt"
);
word_list!(
    /// Sentence-initial words that are not part of the name after them ("Sementara Budi").
    CLAUSE_OPENERS,
    "clause_openers.txt"
);
word_list!(
    /// Adverbs that may sit between a speaker and the speech verb ("Budi juga mengatakan").
    ADVERBS,
    "speech_adverbs.txt"
);
word_list!(
    /// Cues that attribute a question (`tanya jaksa`).
    QUESTION_CUES,
    "question_cues.txt"
);
word_list!(
    /// Cues that attribute an answer (`jawab Cecep`).
    ANSWER_CUES,
    "answer_cues.txt"
);
word_list!(
    /// Words opening a role that is a family relation or a part in a case: a speaker's
    /// role, never an entity's title.
    NOT_TITLE,
    "not_title.txt"
);

/// All the lists, for the test that parses every one of them.
#[cfg(test)]
pub(super) fn all() -> [&'static WordList; 24] {
    [
        &CUES,
        &SPEECH_VERBS,
        &PRONOUNS,
        &TITLES,
        &TITLE_CONTINUATIONS,
        &RANKS,
        &QUALIFIERS,
        &HONORIFICS,
        &ORG_HEADS,
        &ROLE_NOUNS,
        &ROLE_CONNECTORS,
        &COPULAS,
        &PREPOSITIONS,
        &PLACES,
        &DOTTED,
        &NOT_ROLE,
        &WEEKDAYS,
        &ROLE_STOP,
        &NAME_CONNECTORS,
        &CLAUSE_OPENERS,
        &NOT_TITLE,
        &ADVERBS,
        &QUESTION_CUES,
        &ANSWER_CUES,
    ]
}

/// What the word lists say about one word, as bits: the name and role tests ask several
/// lists about every word of an attribution, and one lookup here answers them all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Kinds(u16);

impl Kinds {
    pub(super) const TITLE: u16 = 1;
    pub(super) const TITLE_CONTINUATION: u16 = 1 << 1;
    pub(super) const RANK: u16 = 1 << 2;
    pub(super) const HONORIFIC: u16 = 1 << 3;
    pub(super) const ROLE_NOUN: u16 = 1 << 4;
    pub(super) const ORG_HEAD: u16 = 1 << 5;
    pub(super) const PLACE: u16 = 1 << 6;
    pub(super) const QUALIFIER: u16 = 1 << 7;
    pub(super) const WEEKDAY: u16 = 1 << 8;
    pub(super) const PRONOUN: u16 = 1 << 9;

    /// Whether any of the `bits` is set.
    pub(super) fn any(self, bits: u16) -> bool {
        self.0 & bits != 0
    }
}

/// The kinds of a word (any ASCII letter case).
pub(super) fn kinds(word: &str) -> Kinds {
    static TABLE: LazyLock<FastMap<&'static [u8], u16>> = LazyLock::new(|| {
        let mut table: FastMap<&'static [u8], u16> = FastMap::default();
        for (list, bit) in [
            (&TITLES, Kinds::TITLE),
            (&TITLE_CONTINUATIONS, Kinds::TITLE_CONTINUATION),
            (&RANKS, Kinds::RANK),
            (&HONORIFICS, Kinds::HONORIFIC),
            (&ROLE_NOUNS, Kinds::ROLE_NOUN),
            (&ORG_HEADS, Kinds::ORG_HEAD),
            (&PLACES, Kinds::PLACE),
            (&QUALIFIERS, Kinds::QUALIFIER),
            (&WEEKDAYS, Kinds::WEEKDAY),
            (&PRONOUNS, Kinds::PRONOUN),
        ] {
            for w in &list.words {
                *table.entry(w).or_default() |= bit;
            }
        }
        table
    });
    if word.len() > WORD_MAX {
        return Kinds::default();
    }
    let mut buf = [0u8; WORD_MAX];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    Kinds(TABLE.get(&*lower).copied().unwrap_or(0))
}
