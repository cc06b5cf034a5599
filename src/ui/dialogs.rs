//! The system's open and save dialogs, behind a trait so that tests can answer them (a real
//! dialog would block a headless test, and under a display without a portal it does not open).

use std::path::PathBuf;

/// Asks the user for a file.
pub trait FileDialogs {
    /// A CSV file to import; `None` when the user cancels.
    fn open_csv(&self) -> Option<PathBuf>;
    /// Where to save a CSV file, suggesting `file_name`; `None` when the user cancels.
    fn save_csv(&self, file_name: &str) -> Option<PathBuf>;
}

/// The platform's dialogs (rfd).
#[derive(Debug, Default)]
pub struct SystemDialogs;

impl FileDialogs for SystemDialogs {
    fn open_csv(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().add_filter("CSV", &["csv", "txt"]).pick_file()
    }

    fn save_csv(&self, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().add_filter("CSV", &["csv"]).set_file_name(file_name).save_file()
    }
}

/// Dialogs that answer with fixed paths, for tests and scripted runs.
#[derive(Debug, Default, Clone)]
pub struct FixedDialogs {
    pub open: Option<PathBuf>,
    pub save: Option<PathBuf>,
}

impl FileDialogs for FixedDialogs {
    fn open_csv(&self) -> Option<PathBuf> {
        self.open.clone()
    }

    fn save_csv(&self, _file_name: &str) -> Option<PathBuf> {
        self.save.clone()
    }
}
