//! Every integration test in one binary: the store against real SQLite files, the command line,
//! import and export, and the window driven headless with egui_kittest. One binary links once
//! instead of a dozen times, which is most of a test run's time on a two-core machine.

mod common;

mod audit_trail;
mod cli;
mod cli_backup;
mod crash;
mod hardening_keys;
mod import_export;
mod one_writer;
mod store_backups;
mod store_consents;
mod store_customer_edits;
mod store_encryption;
mod store_erasure;
mod store_files;
mod store_marketing;
mod store_register;
mod store_requests;
mod store_retention;
mod store_search;
mod store_users;
mod ui_app;
mod ui_backups;
mod ui_consents;
mod ui_customers;
mod ui_marketing;
mod ui_register;
mod ui_requests;
mod ui_retention;
mod ui_sign_in;
