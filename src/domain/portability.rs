//! Data portability (GDPR Art. 20): the data a person provided to the register, gathered into one
//! value that the exchange layer writes as JSON or CSV for them to take elsewhere.
//!
//! Not here: reading it from the store (`Store::portable_data`) or the file formats
//! (`exchange::portability`). Left out on purpose: what the shop derived or wrote itself (staff
//! notes, profiling tags and segments, contact history, attachments), which Art. 20 does not reach.

use serde::{Deserialize, Serialize};

use super::Lang;
use super::consent::ConsentEvent;
use super::customer::{
    Address, Customer, CustomerId, CustomerStatus, Email, Gender, Order, OtherDatum, Phone, Provenance, Tag, TagKind,
};

/// Everything a person provided, as they get it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortableData {
    pub customer_number: CustomerId,
    pub status: CustomerStatus,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    // Registration data.
    pub username: String,
    pub nickname: String,
    pub other_identifier: String,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub title: String,
    pub mother_tongue: String,
    pub letter_lang: Lang,
    /// Where and when the core data was obtained.
    pub provenance: Provenance,
    pub addresses: Vec<Address>,
    pub phones: Vec<Phone>,
    pub emails: Vec<Email>,
    /// The interests the person told (profiling tags and segments are the shop's own).
    pub interests: Vec<Tag>,
    pub other_data: Vec<OtherDatum>,
    /// The whole consent ledger, oldest first: every consent given and withdrawn.
    pub consents: Vec<ConsentEvent>,
    pub orders: Vec<Order>,
}

impl PortableData {
    /// The portable part of a person's record and their consent ledger.
    pub fn from_record(customer_number: CustomerId, customer: Customer, consents: Vec<ConsentEvent>) -> Self {
        let Customer {
            status,
            first_name,
            last_name,
            company,
            username,
            nickname,
            other_identifier,
            birth_year,
            gender,
            title,
            mother_tongue,
            letter_lang,
            provenance,
            addresses,
            phones,
            emails,
            orders,
            tags,
            other_data,
            ..
        } = customer;
        Self {
            customer_number,
            status,
            first_name,
            last_name,
            company,
            username,
            nickname,
            other_identifier,
            birth_year,
            gender,
            title,
            mother_tongue,
            letter_lang,
            provenance,
            addresses,
            phones,
            emails,
            interests: tags.into_iter().filter(|tag| tag.kind == TagKind::Interest).collect(),
            other_data,
            consents,
            orders,
        }
    }
}
