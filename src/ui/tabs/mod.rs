//! One file per tab; each tab is a struct holding only its view state, with a `ui` function.

mod audit;
mod consents;
mod customer_form;
mod customers;
mod import_dialog;
mod register;
mod register_form;
mod requests;
mod retention;
mod users;

pub use audit::AuditTab;
pub use consents::ConsentsTab;
pub use customers::CustomersTab;
pub use register::RegisterTab;
pub use requests::RequestsTab;
pub use retention::RetentionTab;
