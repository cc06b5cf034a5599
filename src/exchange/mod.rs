//! Customers in and out of CSV files: reading the exports of web shops (Shopify, WooCommerce),
//! mailing tools (Mailchimp, MailerLite) and Finnish spreadsheets into validated customers plus a list
//! of row problems.
//!
//! The way in is three steps, so that the import dialog can show each: [`read_table`] (bytes → cells),
//! [`guess_mapping`] (headers → a field per column, which the user may change), [`parse_rows`]
//! (cells → customers and [`RowError`]s).
//!
//! Not here: SQL (the store matches imported customers by [`match_keys`] and saves them), egui,
//! opening files (callers hand over bytes), translated texts (errors are codes).

mod mapping;
mod rows;
mod table;
mod values;

pub use mapping::{ImportField, guess_mapping};
pub use rows::{ImportRow, ParsedImport, RowError, RowProblem, match_keys, parse_rows};
pub use table::{Encoding, ImportError, Table, TableRow, clean_cell, read_table};
