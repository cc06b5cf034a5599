//! Customers in and out of CSV files: reading the exports of web shops (Shopify, WooCommerce),
//! mailing tools (Mailchimp, MailerLite) and Finnish spreadsheets into validated customers plus a list
//! of row problems, and writing the customer list for a Finnish Excel.
//!
//! The way in is three steps, so that the import dialog can show each: [`read_table`] (bytes → cells),
//! [`guess_mapping`] (headers → a field per column, which the user may change), [`parse_rows`]
//! (cells → customers and [`RowError`]s). The way out is [`write_customers_csv`]; a contact list
//! (who may be contacted for a purpose over a channel) goes out with [`ContactListWriter`], and a
//! mailing tool's unsubscribe list comes in with [`read_unsubscribe_list`].
//!
//! A person's portable data (GDPR Art. 20) goes out as JSON or CSV with [`portable_json`] and
//! [`portable_csv`].
//!
//! Not here: SQL (the store matches imported customers by [`match_keys`] and saves them), egui,
//! opening files (callers hand over bytes and writers), translated texts (errors are codes).

mod contact_csv;
mod csv_export;
mod mapping;
mod portability;
mod requests_csv;
mod rows;
mod table;
mod unsubscribe;
mod values;

pub use contact_csv::{ContactListWriter, contact_headers};
pub use csv_export::{EXPORT_DELIMITER, ExportError, ExportRow, defuse_cell, export_headers, write_customers_csv};
pub use mapping::{ImportField, guess_mapping};
pub use portability::{PORTABLE_CSV_HEADERS, portable_csv, portable_json};
pub use requests_csv::write_requests_csv;
pub use rows::{ImportRow, ParsedImport, RowError, RowProblem, match_keys, parse_each_row, parse_rows};
pub use table::{Encoding, ImportError, Table, TableRow, clean_cell, read_rows, read_table};
pub use unsubscribe::{UnsubscribeError, UnsubscribeList, read_unsubscribe_list};
