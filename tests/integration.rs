//! Integration tests: one test binary whose modules live in tests/integration/.

#[path = "integration/deploy.rs"]
mod deploy;

#[path = "integration/scale.rs"]
mod scale;
