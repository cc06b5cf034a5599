//! One file per tab; each tab is a struct holding only its view state, with a `ui` function.

mod audit;
mod backups;
pub mod consent_lists;
mod consent_overview;
mod consent_person;
mod consents;
mod customer_form;
mod customers;
mod import_dialog;
mod register;
mod register_form;
mod register_lists;
mod requests;
mod retention;
mod retention_candidates;
mod retention_rules;
mod users;

pub use audit::AuditTab;
pub use backups::BackupsTab;
pub use consent_lists::{ContactListPanel, WithdrawalImportPanel};
pub use consents::ConsentsTab;
pub use customers::CustomersTab;
pub use register::RegisterTab;
pub use requests::RequestsTab;
pub use retention::RetentionTab;
