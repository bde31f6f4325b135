//! Builds the Indonesian root-word lexicon used by the stemmer (see analysis/stem.rs).
