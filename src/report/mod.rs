//! Documents made from register data: the PDF letter layout every document shares (`letter`) and
//! the reply to an access request (`access_reply`). A document is a pure function of the data it
//! is given: nothing here queries the store.

pub mod access_reply;
pub mod letter;
