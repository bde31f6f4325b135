//! The broker objects kabar relies on (DESIGN.md section 2), as plain data.
//!
//! Kept free of lapin types so that deploy files (RabbitMQ definitions, docs) can be checked
//! against exactly what the worker declares; `broker::declare` turns it into AMQP calls.

use crate::config::AmqpSettings;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// An exchange kabar declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeSpec {
    /// Its name.
    pub name: String,
    /// "topic" or "fanout".
    pub kind: String,
    /// Survives a broker restart.
    pub durable: bool,
}

/// A queue kabar declares.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSpec {
    /// Its name.
    pub name: String,
    /// Survives a broker restart.
    pub durable: bool,
    /// `x-queue-type`, `x-dead-letter-exchange`, `x-delivery-limit`, ...
    pub arguments: BTreeMap<String, Value>,
}

/// A binding of a queue to an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSpec {
    /// The exchange.
    pub source: String,
    /// The queue.
    pub destination: String,
    /// The binding key (`#` for every message of a topic exchange).
    pub routing_key: String,
}

/// Everything the worker declares (or, in passive mode, checks).
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// The exchanges, declared first.
    pub exchanges: Vec<ExchangeSpec>,
    /// The queues.
    pub queues: Vec<QueueSpec>,
    /// The bindings, declared last.
    pub bindings: Vec<BindingSpec>,
}

impl Topology {
    /// What the worker declares for `a`: the jobs queue, the results exchange and queue, the
    /// dead exchange and queue, and their bindings.
    pub fn from_settings(a: &AmqpSettings) -> Topology {
        let queue_type = |args: &mut BTreeMap<String, Value>| {
            args.insert("x-queue-type".into(), json!(a.queue_type.as_str()));
        };
        let mut jobs_args = BTreeMap::new();
        queue_type(&mut jobs_args);
        jobs_args.insert("x-dead-letter-exchange".into(), json!(a.dead_exchange));
        if a.is_quorum() {
            // A job that kills its worker every time must end somewhere: after this many
            // deliveries the broker dead-letters it instead of redelivering forever.
            jobs_args.insert("x-delivery-limit".into(), json!(a.delivery_limit));
            // Dead-lettering from a quorum queue is at-most-once unless asked otherwise; a
            // rejected job must not vanish between the two queues.
            jobs_args.insert("x-dead-letter-strategy".into(), json!("at-least-once"));
            jobs_args.insert("x-overflow".into(), json!("reject-publish"));
        }
        // The dead queue is classic whatever the jobs queue is: `kabar dead list` reads it and
        // gives every message back (nack + requeue), which on a quorum queue counts as a
        // delivery; past the delivery limit (20 by default on RabbitMQ 4) the broker would
        // drop what it lists. A classic queue has no delivery count.
        let mut dead_args = BTreeMap::new();
        dead_args.insert("x-queue-type".into(), json!("classic"));
        let mut results_args = BTreeMap::new();
        queue_type(&mut results_args);
        if a.results_max_length > 0 {
            results_args.insert("x-max-length".into(), json!(a.results_max_length));
        }
        if a.results_max_bytes > 0 {
            results_args.insert("x-max-length-bytes".into(), json!(a.results_max_bytes));
        }
        if a.results_max_length > 0 || a.results_max_bytes > 0 {
            // reject-publish: a full queue refuses new results (a negative confirm); the
            // worker holds their jobs and retries, so nothing is lost (back-pressure).
            results_args.insert("x-overflow".into(), json!(a.results_overflow.as_str()));
        }

        let mut exchanges = vec![
            ExchangeSpec {
                name: a.results_exchange.clone(),
                kind: "topic".into(),
                durable: true,
            },
            ExchangeSpec {
                name: a.dead_exchange.clone(),
                kind: "fanout".into(),
                durable: true,
            },
        ];
        exchanges.sort_by(|x, y| x.name.cmp(&y.name));
        let mut queues = vec![
            QueueSpec {
                name: a.jobs_queue.clone(),
                durable: true,
                arguments: jobs_args,
            },
            QueueSpec {
                name: a.dead_queue.clone(),
                durable: true,
                arguments: dead_args,
            },
        ];
        let mut bindings = vec![BindingSpec {
            source: a.dead_exchange.clone(),
            destination: a.dead_queue.clone(),
            routing_key: String::new(),
        }];
        if !a.results_queue.is_empty() {
            queues.push(QueueSpec {
                name: a.results_queue.clone(),
                durable: true,
                arguments: results_args,
            });
            bindings.push(BindingSpec {
                source: a.results_exchange.clone(),
                destination: a.results_queue.clone(),
                routing_key: "#".into(),
            });
        }
        Topology {
            exchanges,
            queues,
            bindings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_topology_is_the_designed_one() {
        let t = Topology::from_settings(&AmqpSettings::default());
        let names: Vec<_> = t.queues.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["kabar.jobs", "kabar.jobs.dead", "kabar.results"]);
        let jobs = &t.queues[0];
        assert_eq!(jobs.arguments["x-queue-type"], "quorum");
        assert_eq!(jobs.arguments["x-delivery-limit"], 5);
        assert_eq!(jobs.arguments["x-dead-letter-exchange"], "kabar.dead");
        assert_eq!(t.queues[1].arguments["x-queue-type"], "classic");
        let results = &t.queues[2].arguments;
        assert_eq!(results["x-max-length"], 1_000_000);
        assert_eq!(results["x-max-length-bytes"], 1u64 << 30);
        assert_eq!(results["x-overflow"], "reject-publish");
        assert_eq!(t.bindings.len(), 2);
    }

    #[test]
    fn classic_queues_get_no_quorum_arguments_and_results_queue_is_optional() {
        let a = AmqpSettings {
            queue_type: crate::config::QueueType::Classic,
            results_queue: String::new(),
            ..AmqpSettings::default()
        };
        let t = Topology::from_settings(&a);
        assert!(!t.queues[0].arguments.contains_key("x-delivery-limit"));
        assert_eq!(t.queues.len(), 2);
        assert_eq!(t.bindings.len(), 1);
    }
}
