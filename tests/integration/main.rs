//! Integration tests: one binary, one module per area, helpers in tests/common.
//! Every broker test talks to a real RabbitMQ (KABAR_AMQP_URL, default the local one).

#[path = "../common/mod.rs"]
mod common;

mod bench;
mod binary;
mod connect;
mod contract;
mod dead;
mod deploy;
#[cfg(feature = "lab")]
mod lab;
mod limits;
mod producers;
mod scale;
mod security;
mod worker;
