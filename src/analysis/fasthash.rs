//! Hash sets and maps keyed by short words, with a cheap hasher.
//!
//! The analysers look words up in fixed lists (stopwords, language markers, the gazetteer)
//! and group tokens by stem for every article; with the standard SipHash those lookups
//! were a visible share of the profile. The keys are words of the article or of embedded
//! lists, and no analyser's output depends on iteration order, so the flooding resistance
//! SipHash buys is not needed here.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

pub use super::stem::indonesian::WordHasher;

/// A `HashSet` with [`WordHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<WordHasher>>;
/// A `HashMap` with [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
