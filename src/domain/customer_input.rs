//! The customer form's contents as typed (strings), and their parsing into a [`Customer`]: every
//! field validated, every error named by its field so the form can show it beside the field, and
//! every datum given its provenance — unchanged data keeps where it came from, new or changed data
//! gets the channel and date of this manual entry (§5).

use chrono::NaiveDate;

use super::customer::{
    Address, AddressKind, Customer, CustomerStatus, Email, Gender, Phone, PhoneKind, Provenance, Source, Tag, TagKind,
};
use super::validate::{self, ValidationError};
use super::{Lang, finnish_date, parse_date};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressInput {
    pub kind: AddressKind,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    /// Where the saved value came from; `None` for a row added in this form.
    pub provenance: Option<Provenance>,
    original: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneInput {
    pub kind: PhoneKind,
    pub number: String,
    pub provenance: Option<Provenance>,
    original: Option<Phone>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailInput {
    pub address: String,
    pub provenance: Option<Provenance>,
    original: Option<Email>,
}

impl AddressInput {
    pub fn blank() -> Self {
        Self {
            kind: AddressKind::Home,
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            country: "FI".into(),
            provenance: None,
            original: None,
        }
    }
}

impl PhoneInput {
    pub fn blank() -> Self {
        Self { kind: PhoneKind::Mobile, number: String::new(), provenance: None, original: None }
    }
}

impl EmailInput {
    pub fn blank() -> Self {
        Self { address: String::new(), provenance: None, original: None }
    }
}

/// The form's fields; list fields carry the row index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Name,
    BirthYear,
    EntryDate,
    Street(usize),
    PostalCode(usize),
    Phone(usize),
    Email(usize),
}

/// A field's value is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: FormField,
    pub error: ValidationError,
}

/// What the customer form edits, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerInput {
    pub status: CustomerStatus,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub username: String,
    pub nickname: String,
    pub other_identifier: String,
    pub birth_year: String,
    pub gender: Option<Gender>,
    pub title: String,
    pub mother_tongue: String,
    pub letter_lang: Lang,
    pub note: String,
    pub addresses: Vec<AddressInput>,
    pub phones: Vec<PhoneInput>,
    pub emails: Vec<EmailInput>,
    /// Interests as one comma-separated line.
    pub interests: String,
    /// The channel new or changed data came through in this entry (§5), and when.
    pub entry_source: Source,
    pub entry_date: String,
    /// The record being edited, `None` for a new one.
    base: Option<Customer>,
}

impl CustomerInput {
    /// An empty form for a new person, given by `source` today.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            status: CustomerStatus::Prospect,
            first_name: String::new(),
            last_name: String::new(),
            company: String::new(),
            username: String::new(),
            nickname: String::new(),
            other_identifier: String::new(),
            birth_year: String::new(),
            gender: None,
            title: String::new(),
            mother_tongue: "fi".into(),
            letter_lang: Lang::Fi,
            note: String::new(),
            addresses: vec![AddressInput::blank()],
            phones: vec![PhoneInput::blank()],
            emails: vec![EmailInput::blank()],
            interests: String::new(),
            entry_source: Source::Phone,
            entry_date: finnish_date(today),
            base: None,
        }
    }

    /// The form filled from a saved record.
    pub fn from_customer(customer: &Customer, today: NaiveDate) -> Self {
        let interests = customer
            .tags
            .iter()
            .filter(|tag| tag.kind == TagKind::Interest)
            .map(|tag| tag.tag.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            status: customer.status,
            first_name: customer.first_name.clone(),
            last_name: customer.last_name.clone(),
            company: customer.company.clone(),
            username: customer.username.clone(),
            nickname: customer.nickname.clone(),
            other_identifier: customer.other_identifier.clone(),
            birth_year: customer.birth_year.map(|year| year.to_string()).unwrap_or_default(),
            gender: customer.gender,
            title: customer.title.clone(),
            mother_tongue: customer.mother_tongue.clone(),
            letter_lang: customer.letter_lang,
            note: customer.note.clone(),
            addresses: customer
                .addresses
                .iter()
                .map(|address| AddressInput {
                    kind: address.kind,
                    street: address.street.clone(),
                    postal_code: address.postal_code.clone(),
                    city: address.city.clone(),
                    country: address.country.clone(),
                    provenance: Some(address.provenance.clone()),
                    original: Some(address.clone()),
                })
                .collect(),
            phones: customer
                .phones
                .iter()
                .map(|phone| PhoneInput {
                    kind: phone.kind,
                    number: validate::phone_display(&phone.number),
                    provenance: Some(phone.provenance.clone()),
                    original: Some(phone.clone()),
                })
                .collect(),
            emails: customer
                .emails
                .iter()
                .map(|email| EmailInput {
                    address: email.address.clone(),
                    provenance: Some(email.provenance.clone()),
                    original: Some(email.clone()),
                })
                .collect(),
            interests,
            entry_source: Source::Phone,
            entry_date: finnish_date(today),
            base: Some(customer.clone()),
        }
    }

    /// Whether this form edits a saved record.
    pub fn is_new(&self) -> bool {
        self.base.is_none()
    }

    /// Parses the form: the customer to save, or every field error at once.
    pub fn to_customer(&self, today: NaiveDate) -> Result<Customer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, error| errors.push(FieldError { field, error });
        let entry_date = match parse_date(&self.entry_date) {
            Some(date) if date <= today => date,
            _ => {
                fail(FormField::EntryDate, ValidationError::Empty);
                today
            }
        };
        let entry = Provenance::new(self.entry_source, "", entry_date);
        let mut customer = match &self.base {
            Some(base) => base.clone(),
            None => Customer::new(self.status, entry.clone()),
        };
        customer.status = self.status;
        customer.first_name = self.first_name.trim().to_owned();
        customer.last_name = self.last_name.trim().to_owned();
        customer.company = self.company.trim().to_owned();
        if customer.display_name().is_empty() {
            fail(FormField::Name, ValidationError::Empty);
        }
        customer.username = self.username.trim().to_owned();
        customer.nickname = self.nickname.trim().to_owned();
        customer.other_identifier = self.other_identifier.trim().to_owned();
        customer.birth_year = None;
        if !self.birth_year.trim().is_empty() {
            match self.birth_year.trim().parse::<i32>().map_err(|_| ValidationError::BirthYearRange) {
                Ok(year) => match validate::birth_year(year, chrono::Datelike::year(&today)) {
                    Ok(year) => customer.birth_year = Some(year),
                    Err(error) => fail(FormField::BirthYear, error),
                },
                Err(error) => fail(FormField::BirthYear, error),
            }
        }
        customer.gender = self.gender;
        customer.title = self.title.trim().to_owned();
        customer.mother_tongue = self.mother_tongue.trim().to_owned();
        customer.letter_lang = self.letter_lang;
        customer.note = self.note.trim().to_owned();

        customer.addresses.clear();
        for (index, input) in self.addresses.iter().enumerate() {
            if [&input.street, &input.postal_code, &input.city].iter().all(|part| part.trim().is_empty()) {
                continue;
            }
            let finnish = matches!(input.country.trim().to_uppercase().as_str(), "" | "FI" | "SUOMI" | "FINLAND");
            let postal_code = if finnish && !input.postal_code.trim().is_empty() {
                match validate::postal_code(&input.postal_code) {
                    Ok(code) => code,
                    Err(error) => {
                        fail(FormField::PostalCode(index), error);
                        continue;
                    }
                }
            } else {
                input.postal_code.trim().to_owned()
            };
            if input.street.trim().is_empty() {
                fail(FormField::Street(index), ValidationError::Empty);
                continue;
            }
            let mut address = Address {
                kind: input.kind,
                street: input.street.trim().to_owned(),
                postal_code,
                city: input.city.trim().to_owned(),
                country: if input.country.trim().is_empty() {
                    "FI".into()
                } else {
                    input.country.trim().to_uppercase()
                },
                provenance: entry.clone(),
            };
            address.provenance = kept_provenance(
                input.original.as_ref().map(|original| (original, &original.provenance)),
                &address,
                &entry,
                |a, b| {
                    a.street == b.street && a.postal_code == b.postal_code && a.city == b.city && a.country == b.country
                },
            );
            customer.addresses.push(address);
        }
        customer.phones.clear();
        for (index, input) in self.phones.iter().enumerate() {
            if input.number.trim().is_empty() {
                continue;
            }
            match validate::phone(&input.number) {
                Ok(number) => {
                    let mut phone = Phone { kind: input.kind, number, provenance: entry.clone() };
                    phone.provenance = kept_provenance(
                        input.original.as_ref().map(|original| (original, &original.provenance)),
                        &phone,
                        &entry,
                        |a, b| a.number == b.number,
                    );
                    customer.phones.push(phone);
                }
                Err(error) => fail(FormField::Phone(index), error),
            }
        }
        customer.emails.clear();
        for (index, input) in self.emails.iter().enumerate() {
            if input.address.trim().is_empty() {
                continue;
            }
            match validate::email(&input.address) {
                Ok(address) => {
                    let mut email = Email { address, provenance: entry.clone() };
                    email.provenance = kept_provenance(
                        input.original.as_ref().map(|original| (original, &original.provenance)),
                        &email,
                        &entry,
                        |a, b| validate::email_match_key(&a.address) == validate::email_match_key(&b.address),
                    );
                    customer.emails.push(email);
                }
                Err(error) => fail(FormField::Email(index), error),
            }
        }
        let old_tags = std::mem::take(&mut customer.tags);
        customer.tags = old_tags.iter().filter(|tag| tag.kind != TagKind::Interest).cloned().collect();
        for interest in self.interests.split(',').map(str::trim).filter(|interest| !interest.is_empty()) {
            let provenance = old_tags
                .iter()
                .find(|tag| tag.kind == TagKind::Interest && tag.tag.eq_ignore_ascii_case(interest))
                .map_or_else(|| entry.clone(), |tag| tag.provenance.clone());
            if customer.tags.iter().all(|tag| !tag.tag.eq_ignore_ascii_case(interest)) {
                customer.tags.push(Tag { kind: TagKind::Interest, tag: interest.to_owned(), provenance });
            }
        }
        // Other data given with consent stays as it was: it is added with its evidence, not typed here.
        if errors.is_empty() { Ok(customer) } else { Err(errors) }
    }
}

/// An order typed in the detail panel (one product line; more come from the web shop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderInput {
    pub order_no: String,
    pub ordered_on: String,
    pub product: String,
    pub quantity: String,
    pub unit_price: String,
    pub payment_method: super::customer::PaymentMethod,
    pub payment_reference: String,
    pub billing_status: super::customer::BillingStatus,
    pub seller: String,
    pub source: Source,
}

/// What is wrong with a typed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderProblem {
    Date,
    Product,
    Quantity,
    Price,
    /// A payment reference holding a full card number: only the last digits may be kept.
    CardNumber,
}

impl OrderInput {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            order_no: String::new(),
            ordered_on: finnish_date(today),
            product: String::new(),
            quantity: "1".into(),
            unit_price: String::new(),
            payment_method: super::customer::PaymentMethod::Card,
            payment_reference: String::new(),
            billing_status: super::customer::BillingStatus::Paid,
            seller: String::new(),
            source: Source::InPerson,
        }
    }

    /// The order to save, or what is wrong with it.
    pub fn to_order(&self, today: NaiveDate) -> Result<super::customer::Order, OrderProblem> {
        let ordered_on = parse_date(&self.ordered_on).filter(|date| *date <= today).ok_or(OrderProblem::Date)?;
        if self.product.trim().is_empty() {
            return Err(OrderProblem::Product);
        }
        let quantity =
            self.quantity.trim().parse::<i64>().ok().filter(|quantity| *quantity > 0).ok_or(OrderProblem::Quantity)?;
        let unit_price_cents =
            super::parse_euros(&self.unit_price).filter(|cents| *cents >= 0).ok_or(OrderProblem::Price)?;
        let longest_digit_run =
            self.payment_reference.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
        if longest_digit_run >= 13 {
            return Err(OrderProblem::CardNumber);
        }
        Ok(super::customer::Order {
            order_no: self.order_no.trim().to_owned(),
            ordered_on,
            lines: vec![super::customer::OrderLine {
                product: self.product.trim().to_owned(),
                quantity,
                unit_price_cents,
            }],
            payment_method: self.payment_method,
            payment_reference: self.payment_reference.trim().to_owned(),
            billing_status: self.billing_status,
            seller: self.seller.trim().to_owned(),
            provenance: Provenance::new(self.source, "", today),
        })
    }
}

/// An unchanged datum keeps its provenance; a new or changed one gets this entry's.
fn kept_provenance<T>(
    original: Option<(&T, &Provenance)>,
    value: &T,
    entry: &Provenance,
    same: impl Fn(&T, &T) -> bool,
) -> Provenance {
    match original {
        Some((original, provenance)) if same(original, value) => provenance.clone(),
        _ => entry.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_new_person_is_parsed_with_this_entrys_provenance() {
        let mut input = CustomerInput::new(today());
        input.first_name = " Pekka ".into();
        input.last_name = "Mäkelä".into();
        input.phones[0].number = "040 123 4567".into();
        input.emails[0].address = "Pekka@Example.FI".into();
        input.addresses[0].street = "Koulukatu 1".into();
        input.addresses[0].postal_code = "47200".into();
        input.addresses[0].city = "Elimäki".into();
        input.entry_source = Source::ReplyCard;
        let customer = input.to_customer(today()).unwrap();
        assert_eq!(customer.first_name, "Pekka");
        assert_eq!(customer.phones[0].number, "+358401234567");
        assert_eq!(customer.emails[0].address, "Pekka@example.fi");
        assert_eq!(customer.addresses[0].provenance.source, Source::ReplyCard);
        assert_eq!(customer.provenance.obtained_on, today());
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut input = CustomerInput::new(today());
        input.phones[0].number = "040 ABC".into();
        input.emails[0].address = "ei-osoite".into();
        input.addresses[0].street = "Koulukatu 1".into();
        input.addresses[0].postal_code = "4720".into();
        input.birth_year = "1850".into();
        input.entry_date = "31.2.2026".into();
        let errors = input.to_customer(today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|error| error.field).collect();
        for expected in [
            FormField::Name,
            FormField::Phone(0),
            FormField::Email(0),
            FormField::PostalCode(0),
            FormField::BirthYear,
            FormField::EntryDate,
        ] {
            assert!(fields.contains(&expected), "{expected:?} in {fields:?}");
        }
    }

    #[test]
    fn unchanged_data_keeps_where_it_came_from_and_changed_data_gets_the_new_source() {
        let old = Provenance::new(Source::PostiAddresses, "", NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        let mut customer = Customer::new(CustomerStatus::Customer, old.clone());
        customer.first_name = "Åsa".into();
        customer.phones.push(Phone {
            kind: PhoneKind::Mobile,
            number: "+358401234567".into(),
            provenance: old.clone(),
        });
        customer.emails.push(Email { address: "asa@example.fi".into(), provenance: old.clone() });
        let mut input = CustomerInput::from_customer(&customer, today());
        assert_eq!(input.phones[0].number, "040 123 4567");
        input.emails[0].address = "asa.ohman@example.fi".into();
        input.entry_source = Source::Email;
        let saved = input.to_customer(today()).unwrap();
        assert_eq!(saved.phones[0].provenance, old, "the phone did not change");
        assert_eq!(saved.emails[0].provenance.source, Source::Email);
        assert_eq!(saved.provenance, old, "the record's own provenance stays");
    }

    #[test]
    fn a_typed_order_is_checked_and_never_keeps_a_card_number() {
        let mut order = OrderInput::new(today());
        order.product = "Luomu hunaja 500 g".into();
        order.quantity = "2".into();
        order.unit_price = "12,90 €".into();
        let parsed = order.to_order(today()).unwrap();
        assert_eq!(parsed.total_cents(), 2580);
        order.payment_reference = "4242 4242 4242 4242".replace(' ', "");
        assert_eq!(order.to_order(today()), Err(OrderProblem::CardNumber));
        order.payment_reference = "**** 4242".into();
        order.unit_price = "kaksitoista".into();
        assert_eq!(order.to_order(today()), Err(OrderProblem::Price));
    }

    #[test]
    fn empty_rows_are_dropped_and_a_company_is_a_name() {
        let mut input = CustomerInput::new(today());
        input.company = "Öhmanin Puutarha Oy".into();
        input.phones.push(PhoneInput::blank());
        let customer = input.to_customer(today()).unwrap();
        assert!(customer.phones.is_empty() && customer.emails.is_empty() && customer.addresses.is_empty());
        assert_eq!(customer.display_name(), "Öhmanin Puutarha Oy");
    }
}
