//! Trains the NER model (see analysis/entities.rs).
