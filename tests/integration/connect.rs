//! Connecting: a wrong password or vhost says what to fix in one line, and a worker with
//! several broker addresses fails over to one that takes the connection.

use crate::common::*;

/// The test broker's URL with `edit` applied.
fn broker_url_with(edit: impl FnOnce(&mut url::Url)) -> String {
    let mut url = url::Url::parse(&amqp_url()).unwrap();
    edit(&mut url);
    url.to_string()
}

#[test]
fn a_wrong_password_says_so_in_one_line() {
    let url = broker_url_with(|u| u.set_password(Some("not-the-password-7f3b")).unwrap());
    let user = url::Url::parse(&url).unwrap().username().to_string();
    let (code, stderr) = submit_to(&url);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line, without the client library's own ERROR lines:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("refused the login for user {user}"))
            && stderr.contains("check amqp.url's user and password (or amqp.password_file)"),
        "{stderr}"
    );
    assert!(!stderr.contains("is it running"), "{stderr}");
    assert!(
        !stderr.contains("not-the-password"),
        "the password leaked: {stderr}"
    );
}

#[test]
fn an_unknown_vhost_is_named_in_one_line() {
    let vhost = format!(
        "kabar-test-no-vhost-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let url = broker_url_with(|u| u.set_path(&format!("/{vhost}")));
    let (code, stderr) = submit_to(&url);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("has no virtual host `{vhost}`")) && stderr.contains("create it"),
        "{stderr}"
    );
    assert!(!stderr.contains("is it running"), "{stderr}");
}

#[test]
fn a_closed_port_still_asks_whether_the_broker_runs() {
    let (code, stderr) = submit_to(&broker_url_with(|u| u.set_port(Some(1)).unwrap()));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("is it running?"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_fails_over_to_the_next_broker_address() {
    let mut scope = Scope::new("failover");
    let live = scope.settings.amqp.url.clone();
    // First a port where nothing listens, as for a node that died; then the real broker.
    scope.settings.amqp.url = broker_url_with(|u| u.set_port(Some(1)).unwrap());
    scope.settings.amqp.fallback_urls = vec![live];
    let worker = InProcessWorker::start(scope.settings.clone()).ready().await;
    let client = scope.client().await;
    client.publish_many("failover", 3).await;
    let results = client.take(&scope.settings.amqp.results_queue, 3).await;
    assert!(results.iter().all(|r| r.json()["status"] == "ok"));
    worker.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_refused_at_start_exits_with_what_to_fix_instead_of_retrying() {
    let mut scope = Scope::new("refusedworker");
    scope.settings.amqp.url =
        broker_url_with(|u| u.set_password(Some("not-the-password-7f3b")).unwrap());
    // Before, the worker retried for ever; the patience bounds the wait for the exit.
    let ended = tokio::time::timeout(
        PATIENCE,
        kabar::run_worker(scope.settings.clone(), std::future::pending()),
    )
    .await
    .expect("the worker must stop, not retry a refused login for ever");
    let err = ended.unwrap_err().to_string();
    assert!(err.contains("refused the login"), "{err}");
    assert!(!err.contains("not-the-password-7f3b"), "{err}");
}
