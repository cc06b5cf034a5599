//! The system's open, save and folder dialogs, behind a trait so that tests can answer them (a real
//! dialog would block a headless test, and under a display without a portal it does not open).

use std::path::{Path, PathBuf};

/// Asks the user for a file.
pub trait FileDialogs {
    /// A CSV file to import; `None` when the user cancels.
    fn open_csv(&self) -> Option<PathBuf>;
    /// Where to save a CSV file, suggesting `file_name`; `None` when the user cancels.
    fn save_csv(&self, file_name: &str) -> Option<PathBuf>;
    /// Where to save a document of type `extension` (`pdf`, `md`, `html`), suggesting
    /// `file_name.extension`; `None` when the user cancels.
    fn save_file(&self, file_name: &str, extension: &str) -> Option<PathBuf>;
    /// Any file to attach (a recorded call, an e-mail, a scanned letter).
    fn open_any(&self) -> Option<PathBuf>;
    /// A folder (where backups go), starting in `start` when given.
    fn pick_folder(&self, start: Option<&Path>) -> Option<PathBuf>;
    /// A backup file to restore, starting in `start` when given.
    fn open_backup(&self, start: Option<&Path>) -> Option<PathBuf>;
    /// Shows a file in the system's viewer (for reading or printing).
    fn show_file(&self, path: &Path) -> Result<(), String>;
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

    fn save_file(&self, file_name: &str, extension: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(extension.to_uppercase(), &[extension])
            .set_file_name(format!("{file_name}.{extension}"))
            .save_file()
    }

    fn open_any(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().pick_file()
    }

    fn pick_folder(&self, start: Option<&Path>) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new();
        let dialog = if let Some(start) = start { dialog.set_directory(start) } else { dialog };
        dialog.pick_folder()
    }

    fn open_backup(&self, start: Option<&Path>) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new().add_filter("SQLite", &["sqlite", "db"]);
        let dialog = if let Some(start) = start { dialog.set_directory(start) } else { dialog };
        dialog.pick_file()
    }

    fn show_file(&self, path: &Path) -> Result<(), String> {
        open::that_detached(path).map_err(|error| error.to_string())
    }
}

/// Dialogs that answer with fixed paths, for tests and scripted runs.
#[derive(Debug, Default, Clone)]
pub struct FixedDialogs {
    /// The answer of every open dialog (a CSV, an attachment, a backup to restore).
    pub open: Option<PathBuf>,
    /// The answer of every save dialog.
    pub save: Option<PathBuf>,
    /// The answer of the folder dialog.
    pub folder: Option<PathBuf>,
}

impl FileDialogs for FixedDialogs {
    fn open_csv(&self) -> Option<PathBuf> {
        self.open.clone()
    }

    fn save_csv(&self, _file_name: &str) -> Option<PathBuf> {
        self.save.clone()
    }

    fn save_file(&self, _file_name: &str, _extension: &str) -> Option<PathBuf> {
        self.save.clone()
    }

    fn open_any(&self) -> Option<PathBuf> {
        self.open.clone()
    }

    fn pick_folder(&self, _start: Option<&Path>) -> Option<PathBuf> {
        self.folder.clone()
    }

    fn open_backup(&self, _start: Option<&Path>) -> Option<PathBuf> {
        self.open.clone()
    }

    fn show_file(&self, path: &Path) -> Result<(), String> {
        if path.exists() { Ok(()) } else { Err(format!("{} does not exist", path.display())) }
    }
}
