//! The `kabar` binary: parse, run, and turn an error chain into one clear message.

use clap::Parser;

/// mimalloc instead of glibc's malloc: the analysis allocates many small, short-lived
/// strings and vectors per article, and glibc's malloc/free were ~10% of the core's
/// instructions (callgrind over 300 corpus articles); see README, Performance.
/// Built with `no_thp` (Cargo.toml): with transparent huge pages the idle worker grew from
/// 17.7 MB to 31.7 MB RSS; without, 19.0 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = kabar::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kabar: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = match runtime.block_on(kabar::cli::run(cli)) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            eprintln!("kabar: {err:#}");
            1
        }
    };
    // Do not wait for blocking-pool threads still running a timed-out analysis.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    std::process::exit(code);
}

/// `kabar analyze dir | head` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
