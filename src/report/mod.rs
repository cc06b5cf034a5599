//! Documents made from register data: the PDF letter layout every document shares (`letter`).
//! A document is a pure function of the data it is given: nothing here queries the store.

pub mod letter;
