//! Starts Rekisteri: parses the command line, runs a command or opens the window, and turns any
//! failure into one clear line and a non-zero exit code (never a panic trace).

use std::process::ExitCode;

use clap::Parser as _;
use rekisteri::cli::{self, Cli};

fn main() -> ExitCode {
    rekisteri::bench::startup::mark_process_start();
    let args = Cli::parse();
    let lang = cli::resolve_lang(args.lang);
    let result = match &args.command {
        Some(command) => cli::run_command(command, args.db.as_deref(), args.user.as_deref(), lang, args.lang),
        None => rekisteri::ui::run_window(&args, lang).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("rekisteri: {error:#}");
            ExitCode::FAILURE
        }
    }
}
