//! Customers in and out of CSV files: reading the exports of web shops (Shopify, WooCommerce),
//! mailing tools (Mailchimp, MailerLite) and Finnish spreadsheets.
//!
//! The way in starts with two steps, so that the import dialog can show each: [`read_table`]
//! (bytes → cleaned cells) and [`guess_mapping`] (headers → a field per column, which the user may
//! change).
//!
//! Not here: SQL (the store saves what is imported), egui, opening files (callers hand over bytes),
//! translated texts (errors are codes).

mod mapping;
mod table;

pub use mapping::{ImportField, guess_mapping};
pub use table::{Encoding, ImportError, Table, TableRow, clean_cell, read_table};
