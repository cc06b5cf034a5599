//! A customer or prospect with every category of data the notice's §4 lists, and where each datum
//! came from (§5, provenance). Plain values: the store loads and saves them, the UI shows them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Lang, coded_enum};

/// The customer number shown to the user; the same number is the row's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CustomerId(pub i64);

impl std::fmt::Display for CustomerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

coded_enum! {
    /// §2: the register holds both prospects and customers.
    pub enum CustomerStatus {
        Prospect = "prospect",
        Customer = "customer",
    }
}

coded_enum! {
    /// §5: where a datum came from.
    pub enum Source {
        Phone = "phone",
        ReplyCard = "reply_card",
        Internet = "internet",
        Email = "email",
        InPerson = "in_person",
        Cookie = "cookie",
        PopulationRegister = "population_register",
        PostiAddresses = "posti",
        TelephoneDirectory = "telephone_directory",
        ImportFile = "import_file",
        Other = "other",
    }
}

impl Source {
    /// The channels a person gives their own data through: what a manual entry asks for.
    pub const FROM_THE_PERSON: &'static [Source] =
        &[Source::Phone, Source::ReplyCard, Source::Internet, Source::Email, Source::InPerson];
}

/// Where and when a datum was obtained (§5), kept on every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub source: Source,
    /// Free text: the file name of an import, "reply card 12.3.2026", the web form's name.
    pub detail: String,
    pub obtained_on: NaiveDate,
}

impl Provenance {
    pub fn new(source: Source, detail: impl Into<String>, obtained_on: NaiveDate) -> Self {
        Self { source, detail: detail.into(), obtained_on }
    }
}

coded_enum! {
    pub enum Gender {
        Female = "female",
        Male = "male",
        Other = "other",
    }
}

coded_enum! {
    pub enum AddressKind {
        Home = "home",
        Billing = "billing",
        Delivery = "delivery",
        Other = "other",
    }
}

coded_enum! {
    pub enum PhoneKind {
        Mobile = "mobile",
        Landline = "landline",
        Work = "work",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub kind: AddressKind,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2, "FI" for Finland.
    pub country: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub kind: PhoneKind,
    /// E.164, "+358401234567": validated and normalised at the edge.
    pub number: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub address: String,
    pub provenance: Provenance,
}

coded_enum! {
    pub enum PaymentMethod {
        Card = "card",
        Invoice = "invoice",
        BankTransfer = "bank_transfer",
        MobilePay = "mobilepay",
        Cash = "cash",
    }
}

coded_enum! {
    pub enum BillingStatus {
        Paid = "paid",
        Open = "open",
        Refunded = "refunded",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// §4 relationship data: an order with its products, billing and payment and seller. A payment
/// reference is never a full card number (the store refuses one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub order_no: String,
    pub ordered_on: NaiveDate,
    pub lines: Vec<OrderLine>,
    pub payment_method: PaymentMethod,
    /// A masked reference such as "**** 4242" or an invoice number.
    pub payment_reference: String,
    pub billing_status: BillingStatus,
    pub seller: String,
    pub provenance: Provenance,
}

impl Order {
    pub fn total_cents(&self) -> i64 {
        self.lines.iter().map(|line| line.quantity * line.unit_price_cents).sum()
    }
}

coded_enum! {
    /// §4 relationship and communication records other than orders.
    pub enum InteractionKind {
        Feedback = "feedback",
        Contact = "contact",
        Competition = "competition",
        Cancellation = "cancellation",
        Communication = "communication",
        Usage = "usage",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub kind: InteractionKind,
    pub occurred_at: NaiveDateTime,
    pub summary: String,
    pub provenance: Provenance,
}

coded_enum! {
    /// §4: profiling and interest data, and segments made for marketing.
    pub enum TagKind {
        Interest = "interest",
        Profile = "profile",
        Segment = "segment",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub kind: TagKind,
    pub tag: String,
    pub provenance: Provenance,
}

/// §4: "other data collected with consent": a labelled free-form datum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherDatum {
    pub label: String,
    pub value: String,
    pub provenance: Provenance,
}

coded_enum! {
    pub enum AttachmentKind {
        CallRecording = "call_recording",
        CustomerEmail = "customer_email",
        ScannedLetter = "scanned_letter",
        Other = "other",
    }
}

/// A recorded call, a customer's e-mail or a scanned letter; the bytes are loaded only on demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub kind: AttachmentKind,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub provenance: Provenance,
}

/// The whole §4 record of one person, as the detail panel, the form and the access reply see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Option<CustomerId>,
    pub status: CustomerStatus,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    // Registration data; a web-shop password is never kept here.
    pub username: String,
    pub nickname: String,
    pub other_identifier: String,
    // Person.
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub title: String,
    /// ISO 639-1 code such as "fi" or "sv".
    pub mother_tongue: String,
    pub letter_lang: Lang,
    pub note: String,
    pub provenance: Provenance,
    pub addresses: Vec<Address>,
    pub phones: Vec<Phone>,
    pub emails: Vec<Email>,
    pub orders: Vec<Order>,
    pub interactions: Vec<Interaction>,
    pub tags: Vec<Tag>,
    pub other_data: Vec<OtherDatum>,
    pub attachments: Vec<AttachmentInfo>,
}

impl Customer {
    /// A new, empty record whose core data came from `provenance`.
    pub fn new(status: CustomerStatus, provenance: Provenance) -> Self {
        Self {
            id: None,
            status,
            first_name: String::new(),
            last_name: String::new(),
            company: String::new(),
            username: String::new(),
            nickname: String::new(),
            other_identifier: String::new(),
            birth_year: None,
            gender: None,
            title: String::new(),
            mother_tongue: String::new(),
            letter_lang: Lang::Fi,
            note: String::new(),
            provenance,
            addresses: Vec::new(),
            phones: Vec::new(),
            emails: Vec::new(),
            orders: Vec::new(),
            interactions: Vec::new(),
            tags: Vec::new(),
            other_data: Vec::new(),
            attachments: Vec::new(),
        }
    }

    /// "First Last", or the company name when the record has no person's name.
    pub fn display_name(&self) -> String {
        display_name(&self.first_name, &self.last_name, &self.company)
    }

    /// The date of the last thing that happened with this person: what retention rules count from.
    pub fn last_activity(&self) -> NaiveDate {
        let orders = self.orders.iter().map(|order| order.ordered_on);
        let interactions = self.interactions.iter().map(|event| event.occurred_at.date());
        orders.chain(interactions).chain([self.provenance.obtained_on]).max().unwrap_or(self.provenance.obtained_on)
    }
}

/// "First Last", or the company name when there is no person's name.
pub fn display_name(first_name: &str, last_name: &str, company: &str) -> String {
    let person = format!("{} {}", first_name.trim(), last_name.trim());
    let person = person.trim();
    if person.is_empty() { company.trim().to_owned() } else { person.to_owned() }
}

/// The key the customer list sorts names by, in Finnish alphabetical order: surname first, case
/// folded, accented Latin letters with their base letter, and å, ä, ö after z in that order (plain
/// code-point order would put ä before å).
pub fn name_sort_key(first_name: &str, last_name: &str, company: &str) -> String {
    let source = if last_name.trim().is_empty() && first_name.trim().is_empty() {
        company.trim().to_owned()
    } else {
        format!("{} {}", last_name.trim(), first_name.trim())
    };
    source
        .to_lowercase()
        .chars()
        .map(|letter| match letter {
            'å' => '\u{7b}', // '{' : right after z
            'ä' | 'æ' => '\u{7c}',
            'ö' | 'ø' => '\u{7d}',
            'á' | 'à' | 'â' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'û' => 'u',
            'ü' | 'ý' => 'y',
            'š' => 's',
            'ž' => 'z',
            other => other,
        })
        .collect()
}

/// One row of the customer list: just what the table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: CustomerId,
    pub status: CustomerStatus,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub city: String,
}

/// One customer as a row of the exported list: the columns of the customer list, plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerListing {
    pub customer_number: CustomerId,
    pub status: CustomerStatus,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    /// E.164, as stored.
    pub phone: String,
    /// May hold line breaks (a second address line); the cell is quoted then.
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub created_on: NaiveDate,
}

impl CustomerListing {
    /// The row of `customer`: its first e-mail, first phone and first address.
    pub fn from_customer(customer_number: CustomerId, customer: &Customer, created_on: NaiveDate) -> Self {
        let address = customer.addresses.first();
        let address_part = |part: fn(&Address) -> &str| address.map(part).unwrap_or_default().to_owned();
        Self {
            customer_number,
            status: customer.status,
            first_name: customer.first_name.clone(),
            last_name: customer.last_name.clone(),
            company: customer.company.clone(),
            email: customer.emails.first().map(|email| email.address.clone()).unwrap_or_default(),
            phone: customer.phones.first().map(|phone| phone.number.clone()).unwrap_or_default(),
            street: address_part(|address| &address.street),
            postal_code: address_part(|address| &address.postal_code),
            city: address_part(|address| &address.city),
            country: address_part(|address| &address.country),
            created_on,
        }
    }
}

/// A person read from an import file, with what the file says about marketing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingCustomer {
    pub customer: Customer,
    /// The file's "accepts e-mail marketing" column; `None` when it says nothing.
    pub accepts_email: Option<bool>,
    pub accepts_sms: Option<bool>,
    /// When the file last changed this person, if it says.
    pub updated_at: Option<NaiveDateTime>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    /// Matched people the file was not newer for: nothing of theirs was changed.
    pub unchanged: usize,
    pub consents_recorded: usize,
    /// "Accepts marketing: yes" for someone who has withdrawn that consent: never re-granted by a
    /// file; the owner records a new consent with its evidence if the person gives one.
    pub consents_not_regranted: usize,
}

coded_enum! {
    /// The columns the customer list can be sorted by.
    pub enum CustomerSort {
        Number = "number",
        Name = "name",
        Email = "email",
        Phone = "phone",
        City = "city",
        Status = "status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_letters_sort_after_z_in_finnish_order() {
        let mut names = ["Öhman", "Åberg", "Ärrä", "Zetterberg", "Aalto", "Éclair"]
            .map(|last| (name_sort_key("", last, ""), last))
            .to_vec();
        names.sort();
        let order: Vec<_> = names.iter().map(|(_, name)| *name).collect();
        assert_eq!(order, ["Aalto", "Éclair", "Zetterberg", "Åberg", "Ärrä", "Öhman"]);
    }

    #[test]
    fn display_name_falls_back_to_the_company() {
        assert_eq!(display_name(" Satu ", "Heikkilä", "MiMa"), "Satu Heikkilä");
        assert_eq!(display_name("", "", "MiMa Organics"), "MiMa Organics");
        assert_eq!(name_sort_key("Satu", "Heikkilä", ""), "heikkil| satu");
    }

    #[test]
    fn last_activity_is_the_latest_order_or_contact() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let mut customer = Customer::new(CustomerStatus::Customer, Provenance::new(Source::Phone, "", day(1)));
        assert_eq!(customer.last_activity(), day(1));
        customer.interactions.push(Interaction {
            kind: InteractionKind::Feedback,
            occurred_at: day(9).and_hms_opt(10, 0, 0).unwrap(),
            summary: "Kiitos".into(),
            provenance: Provenance::new(Source::Email, "", day(9)),
        });
        assert_eq!(customer.last_activity(), day(9));
    }
}
