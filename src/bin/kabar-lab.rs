//! `kabar-lab`: the developers' tools (eval, train), built only with the `lab` feature.

use clap::Parser;

fn main() {
    let cli = kabar::lab::Cli::parse();
    match kabar::lab::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("kabar-lab: {err:#}");
            std::process::exit(1);
        }
    }
}
