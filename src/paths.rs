//! Where the register lives when no `--db` is given: the user's data folder, as the platform
//! defines it (`~/.local/share/rekisteri` on Linux, `%APPDATA%\Rekisteri` on Windows).

use std::path::PathBuf;

/// The user's data folder for Rekisteri, or the current folder when the platform has none.
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("fi", "Rekisteri", "rekisteri")
        .map_or_else(|| PathBuf::from("."), |dirs| dirs.data_dir().to_owned())
}

/// The shop's own register.
pub fn default_register() -> PathBuf {
    data_dir().join("rekisteri.sqlite")
}

/// The sample register the app opens on first start and with `--demo`.
pub fn sample_register() -> PathBuf {
    data_dir().join("esimerkki.sqlite")
}
