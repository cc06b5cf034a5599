//! The egui window: the app shell (`app`), one file per tab (`tabs/`), the background customer
//! search (`list_loader`), shared widgets and the theme. The UI calls the store and the domain;
//! it never builds SQL and never blocks a frame on long work.

mod app;
pub mod dialogs;
mod list_loader;
mod sign_in;
pub mod tabs;
mod theme;
mod widgets;

pub use app::{App, Tab};
pub use tabs::RequestsTab;

use crate::cli::{self, Cli};
use crate::domain::Lang;

/// Opens the window on the register the command line names (see `cli::register_to_open`).
pub fn run_window(args: &Cli, lang: Lang) -> anyhow::Result<()> {
    let (path, is_sample) = cli::register_to_open(args.db.as_deref(), args.demo);
    let prepared = cli::prepare_for_window(&path, is_sample);
    // Start-up measurements sign in from the environment, as a command does, so that the first
    // frame they time is the customer list's.
    let signed_in =
        if args.exit_after_first_frame { cli::signed_in_from_environment(&path, args.user.as_deref()) } else { None };
    let lang_flag = args.lang;
    let exit_after_first_frame = args.exit_after_first_frame;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rekisteri")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Rekisteri",
        options,
        Box::new(move |cc| {
            let lang = lang_flag.unwrap_or(lang);
            let mut app = match (prepared, signed_in) {
                (Ok(()), Some(opened)) => App::new(cc, opened, path, lang),
                (Ok(()), None) => App::signing_in(cc, path, is_sample, lang),
                (Err(error), _) => App::new(cc, Err(error), path, lang),
            };
            if lang_flag.is_none() {
                app.restore_language(cc);
            }
            app.exit_after_first_frame = exit_after_first_frame;
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("{error}"))
}
