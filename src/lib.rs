//! Rekisteri keeps a small shop's customer and prospect register the way its privacy notice
//! (tietosuojaseloste) promises. The crate is a library so that the window, the command line,
//! the tests and the benchmarks all run the same code.
//!
//! The map of the crate, lower layers first (dependencies point down only):
//! - [`domain`]: the register's vocabulary and rules as plain Rust (no SQL, no UI, no files).
//! - [`i18n`]: every sentence a user reads, in Finnish and English.
//! - [`store`]: the one owner of the SQLite file; all SQL lives there.
//! - [`sample`]: the sample register and the seeded generator of large demo registers.
//! - [`paths`]: where the register lives by default (the user's data folder).
//! - [`report`]: documents as pure functions of data: access replies (PDF), the privacy notice
//!   (PDF, Markdown, HTML).
//! - [`exchange`]: CSV import (shop and mailing-tool exports → customers and row errors) and export;
//!   a person's portable data (GDPR Art. 20) as JSON or CSV.
//! - [`customer_import`]: a customer file into the register, each row parsed as it is written.
//! - [`replies`]: printing an access reply: dossier from the store, letter, file, record.
//! - [`contact_lists`]: marketing lists (who may be contacted, written and recorded as a
//!   disclosure) and unsubscribe lists turned into consent withdrawals.
//! - [`ui`]: the egui window: tabs, widgets, view state.
//! - [`cli`]: the command line, calling the same functions as the window.
//! - [`bench`]: the measurements behind `cargo bench` and `rekisteri bench` (ratios against bare
//!   SQLite, `sqlite3 .import`, LibreOffice, and the small register).

pub mod bench;
pub mod cli;
pub mod contact_lists;
pub mod customer_import;
pub mod domain;
pub mod exchange;
pub mod i18n;
pub mod paths;
pub mod replies;
pub mod report;
pub mod sample;
pub mod store;
pub mod ui;
