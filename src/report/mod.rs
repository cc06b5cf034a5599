//! Documents made from register data: the PDF letter layout every document shares (`letter`),
//! the reply to an access request (`access_reply`), the privacy notice (`notice`, also as Markdown
//! and HTML), the record of processing activities (`record_of_processing`, GDPR Art. 30) and the
//! words they share (`words`). A document is a pure function of the data it
//! is given: nothing here queries the store.

pub mod access_reply;
pub mod letter;
pub mod notice;
pub mod record_of_processing;
mod words;

#[cfg(test)]
mod test_support;
