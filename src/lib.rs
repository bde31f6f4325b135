//! kabar: a RabbitMQ worker daemon for news analysis.

pub mod analysis;
pub mod datasets;
pub mod eval;
pub mod train;
