//! Customers in and out of CSV files: reading the exports of web shops (Shopify, WooCommerce),
//! mailing tools (Mailchimp, MailerLite) and Finnish spreadsheets.
//!
//! The way in starts with [`read_table`] (bytes → cleaned cells).
//!
//! Not here: SQL (the store saves what is imported), egui, opening files (callers hand over bytes),
//! translated texts (errors are codes).

mod table;

pub use table::{Encoding, ImportError, Table, TableRow, clean_cell, read_table};
