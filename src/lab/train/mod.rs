//! `kabar-lab train`: builds the models the analysis core embeds, from the data under
//! `../shared/data`. The trained files are committed under `src/analysis/models/` so that a
//! build needs no data; these commands regenerate them.

pub mod ner;
pub mod stem;
