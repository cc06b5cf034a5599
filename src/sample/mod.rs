//! The sample register the app opens on first start and with `--demo`, and the seeded generator
//! behind `rekisteri demo --customers N`: the same N and seed give the same people (dates are
//! relative to the day it runs). Every person is fictitious: names from common-name lists,
//! addresses on real postal codes, e-mails on reserved `example` domains.

pub mod data;
mod description;

use chrono::{Datelike as _, Duration, NaiveDate, NaiveDateTime};

pub use description::{default_retention_rules, sample_info, sample_items, sample_purposes};

use crate::domain::Lang;
use crate::domain::consent::{Channel, ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind};
use crate::domain::customer::{
    Address, AddressKind, BillingStatus, Customer, CustomerId, CustomerStatus, Email, Gender, Interaction,
    InteractionKind, Order, OrderLine, PaymentMethod, Phone, PhoneKind, Provenance, Source, Tag, TagKind,
};
use crate::domain::password::PasswordCost;
use crate::domain::register::{PurposeId, RegisterDescription};
use crate::domain::request::{Request, RequestChannel, RequestKind, RequestStatus};
use crate::store::{self, BUILTIN_USER, BulkCustomer, Store};

/// How many customers the sample register the app opens holds.
pub const SAMPLE_CUSTOMERS: usize = 300;
/// The seed of the sample register.
pub const SAMPLE_SEED: u64 = 2026;

/// The sample register's administrator, the shop's owner; the credentials are printed in the
/// README and on the sample's sign-in screen (the people in it are fictitious).
pub const SAMPLE_USERNAME: &str = "satu";
pub const SAMPLE_DISPLAY_NAME: &str = "Satu Heikkilä";
pub const SAMPLE_PASSWORD: &str = "kaura-pelto-2026";

/// SplitMix64: tiny, fast and reproducible; enough for fictitious people.
#[derive(Debug, Clone)]
pub struct SampleRng(u64);

impl SampleRng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[index.min(items.len().saturating_sub(1))]
    }

    fn days_back(&mut self, today: NaiveDate, max_days: u64) -> NaiveDate {
        today - Duration::days(i64::try_from(self.below(max_days)).unwrap_or(0))
    }
}

/// What the generator needs to know of the register: the purposes consents refer to.
#[derive(Debug, Clone, Copy)]
struct PurposeIds {
    direct_marketing: PurposeId,
    remarketing: PurposeId,
    profiling: PurposeId,
    research: PurposeId,
}

impl PurposeIds {
    fn from(description: &RegisterDescription) -> Option<Self> {
        let id = |code| description.purpose_by_code(code).map(|purpose| purpose.id);
        Some(Self {
            direct_marketing: id("direct_marketing")?,
            remarketing: id("remarketing")?,
            profiling: id("profiling")?,
            research: id("research")?,
        })
    }
}

/// Folds a name to the ASCII an e-mail address uses: "Mäkelä" → "makela".
fn email_part(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'ä' | 'å' | 'á' => Some('a'),
            'ö' | 'ø' => Some('o'),
            'é' | 'è' => Some('e'),
            'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn at(date: NaiveDate, rng: &mut SampleRng) -> NaiveDateTime {
    let hour = 8 + u32::try_from(rng.below(10)).unwrap_or(0);
    let minute = u32::try_from(rng.below(60)).unwrap_or(0);
    date.and_hms_opt(hour, minute, 0).unwrap_or_default()
}

/// Makes one fictitious person with their consents and objections.
fn generate_person(rng: &mut SampleRng, index: usize, today: NaiveDate, purposes: PurposeIds) -> BulkCustomer {
    use data::*;
    let swedish = rng.chance(12);
    let female = rng.chance(52);
    let first_name = match (swedish, female) {
        (false, true) => *rng.pick(FINNISH_FIRST_NAMES_FEMALE),
        (false, false) => *rng.pick(FINNISH_FIRST_NAMES_MALE),
        (true, true) => *rng.pick(SWEDISH_FIRST_NAMES_FEMALE),
        (true, false) => *rng.pick(SWEDISH_FIRST_NAMES_MALE),
    };
    let last_name = if swedish { *rng.pick(SWEDISH_SURNAMES) } else { *rng.pick(FINNISH_SURNAMES) };
    let obtained_on = rng.days_back(today, 5 * 365);
    let source = *rng.pick(Source::FROM_THE_PERSON);
    let provenance = Provenance::new(source, "", obtained_on);
    let status = if rng.chance(70) { CustomerStatus::Customer } else { CustomerStatus::Prospect };
    let mut customer = Customer::new(status, provenance.clone());
    customer.first_name = first_name.to_owned();
    customer.last_name = last_name.to_owned();
    customer.gender = Some(if female { Gender::Female } else { Gender::Male });
    customer.mother_tongue = if swedish { "sv".into() } else { "fi".into() };
    customer.letter_lang = if rng.chance(5) { Lang::En } else { Lang::Fi };
    if rng.chance(60) {
        customer.birth_year = Some(today.year() - 18 - i32::try_from(rng.below(65)).unwrap_or(0));
    }
    if rng.chance(30) {
        customer.title = (*rng.pick(TITLES)).to_owned();
    }
    if source == Source::Internet && rng.chance(60) {
        customer.username = format!("{}{}", email_part(first_name), index % 1000);
        if rng.chance(40) {
            customer.nickname = format!("{}_{}", email_part(last_name), rng.below(100));
        }
    }
    if rng.chance(90) {
        let address =
            format!("{}.{}{}@{}", email_part(first_name), email_part(last_name), index % 100, rng.pick(EMAIL_DOMAINS));
        customer.emails.push(Email { address, provenance: provenance.clone() });
    }
    if rng.chance(80) {
        let prefix = *rng.pick(&["40", "44", "45", "50", "46"]);
        let number = format!("+358{prefix}{:07}", rng.below(10_000_000));
        customer.phones.push(Phone { kind: PhoneKind::Mobile, number, provenance: provenance.clone() });
    }
    if rng.chance(85) {
        let (postal_code, city) = *rng.pick(CITIES);
        let street = format!("{} {}", rng.pick(STREETS), 1 + rng.below(120));
        let address_source = if rng.chance(10) { Source::PostiAddresses } else { source };
        customer.addresses.push(Address {
            kind: AddressKind::Home,
            street,
            postal_code: postal_code.to_owned(),
            city: city.to_owned(),
            country: "FI".into(),
            provenance: Provenance::new(address_source, "", obtained_on),
        });
    }
    if status == CustomerStatus::Customer {
        let order_count = 1 + rng.below(3);
        for number in 0..order_count {
            let ordered_on = obtained_on + Duration::days(i64::try_from(rng.below(700)).unwrap_or(0));
            let ordered_on = ordered_on.min(today);
            let lines = (0..1 + rng.below(3))
                .map(|_| {
                    let (product, price) = *rng.pick(PRODUCTS);
                    OrderLine {
                        product: product.to_owned(),
                        quantity: 1 + i64::try_from(rng.below(3)).unwrap_or(0),
                        unit_price_cents: i64::from(price),
                    }
                })
                .collect();
            let payment_method = *rng.pick(PaymentMethod::ALL);
            let payment_reference = match payment_method {
                PaymentMethod::Card => format!("**** {:04}", rng.below(10_000)),
                PaymentMethod::Invoice => format!("{}{:04}", ordered_on.year(), index % 10_000),
                _ => String::new(),
            };
            customer.orders.push(Order {
                order_no: format!("{}-{}", index + 1, number + 1),
                ordered_on,
                lines,
                payment_method,
                payment_reference,
                billing_status: if rng.chance(95) { BillingStatus::Paid } else { BillingStatus::Open },
                seller: (*rng.pick(SELLERS)).to_owned(),
                provenance: Provenance::new(Source::Internet, "verkkokauppa", ordered_on),
            });
        }
    }
    if rng.chance(30) {
        let when = rng.days_back(today, 900).max(obtained_on);
        let kind = if rng.chance(50) { InteractionKind::Feedback } else { InteractionKind::Contact };
        customer.interactions.push(Interaction {
            kind,
            occurred_at: at(when, rng),
            summary: (*rng.pick(FEEDBACK)).to_owned(),
            provenance: Provenance::new(Source::Phone, "", when),
        });
    }
    if rng.chance(5) {
        let when = rng.days_back(today, 700).max(obtained_on);
        customer.interactions.push(Interaction {
            kind: InteractionKind::Competition,
            occurred_at: at(when, rng),
            summary: format!("Mikä on lempimarjasi? – {}", rng.pick(COMPETITION_ANSWERS)),
            provenance: Provenance::new(Source::ReplyCard, "kesäkilpailu", when),
        });
    }
    if rng.chance(35) {
        for _ in 0..1 + rng.below(3) {
            let tag = (*rng.pick(INTERESTS)).to_owned();
            if customer.tags.iter().all(|existing| existing.tag != tag) {
                customer.tags.push(Tag { kind: TagKind::Interest, tag, provenance: provenance.clone() });
            }
        }
    }
    let (consents, objections) = generate_ledger(rng, &customer, obtained_on, today, purposes);
    BulkCustomer { customer, consents, objections }
}

fn generate_ledger(
    rng: &mut SampleRng,
    customer: &Customer,
    obtained_on: NaiveDate,
    today: NaiveDate,
    purposes: PurposeIds,
) -> (Vec<ConsentEvent>, Vec<ObjectionEvent>) {
    let mut consents = Vec::new();
    let mut consent = |rng: &mut SampleRng, purpose: PurposeId, channel: Channel, percent: u64| {
        if !rng.chance(percent) {
            return;
        }
        let (source, evidence) = if rng.chance(50) {
            (Source::ReplyCard, format!("palautuskortti {}", crate::domain::finnish_date(obtained_on)))
        } else {
            (Source::Internet, "verkkokaupan tilauslomake".to_owned())
        };
        let given_at = at(obtained_on, rng);
        consents.push(ConsentEvent {
            id: 0,
            customer_id: CustomerId(0),
            purpose_id: purpose,
            channel,
            action: ConsentAction::Given,
            occurred_at: given_at,
            source,
            evidence,
            recorded_by: BUILTIN_USER,
        });
        if rng.chance(15) {
            let withdrawn_on =
                (obtained_on + Duration::days(1 + i64::try_from(rng.below(600)).unwrap_or(0))).min(today);
            consents.push(ConsentEvent {
                id: 0,
                customer_id: CustomerId(0),
                purpose_id: purpose,
                channel,
                action: ConsentAction::Withdrawn,
                occurred_at: at(withdrawn_on, rng).max(given_at + Duration::minutes(1)),
                source: Source::Email,
                evidence: "uutiskirjeen peruutuslinkki".to_owned(),
                recorded_by: BUILTIN_USER,
            });
        }
    };
    if !customer.emails.is_empty() {
        consent(rng, purposes.direct_marketing, Channel::Email, 55);
        consent(rng, purposes.research, Channel::Email, 10);
    }
    if !customer.phones.is_empty() {
        consent(rng, purposes.direct_marketing, Channel::Sms, 20);
    }
    if !customer.addresses.is_empty() {
        consent(rng, purposes.direct_marketing, Channel::Post, 15);
    }
    consent(rng, purposes.remarketing, Channel::Any, 25);
    consent(rng, purposes.profiling, Channel::Any, 20);
    let mut objections = Vec::new();
    for (kind, percent) in
        [(ObjectionKind::MarketingBan, 3), (ObjectionKind::Research, 2), (ObjectionKind::DirectMarketing, 2)]
    {
        if rng.chance(percent) {
            let when = rng.days_back(today, 400).max(obtained_on);
            objections.push(ObjectionEvent {
                id: 0,
                customer_id: CustomerId(0),
                kind,
                action: ObjectionAction::Made,
                occurred_at: at(when, rng),
                source: Source::Phone,
                evidence: "asiakas soitti".to_owned(),
                recorded_by: BUILTIN_USER,
            });
        }
    }
    (consents, objections)
}

/// Writes the sample description (controller, purposes, lists, retention rules) into a new register.
pub fn write_sample_description(store: &mut Store) -> store::Result<()> {
    store.save_register_info(&sample_info())?;
    for purpose in sample_purposes() {
        store.add_purpose(&purpose)?;
    }
    for item in sample_items() {
        store.add_register_item(&item)?;
    }
    for rule in default_retention_rules() {
        store.add_retention_rule(&rule)?;
    }
    Ok(())
}

/// Fills a new register with the sample description and `customers` fictitious people (one
/// transaction for the people), a few requests in different states and a past review.
/// `progress` gets the number written so far and may return `false` to cancel.
pub fn populate(
    store: &mut Store,
    customers: usize,
    seed: u64,
    progress: impl FnMut(usize) -> bool,
) -> store::Result<()> {
    let today = store::today();
    write_sample_description(store)?;
    let description = store.register_description()?;
    let purposes = PurposeIds::from(&description).ok_or(store::Error::NotFound("purpose"))?;
    let mut rng = SampleRng::new(seed);
    let people = (0..customers).map(move |index| generate_person(&mut rng, index, today, purposes));
    let ids = store.add_customers_bulk(people, &format!("sample seed {seed}"), progress)?;
    add_sample_requests(store, &ids, today)?;
    let last_review = today - Duration::days(100);
    store.add_past_review(
        at(last_review, &mut SampleRng::new(seed)),
        "Katselmointi tehty: vanhat prospektit poistettu, varmuuskopiot kierrätetty.",
    )?;
    store.mark_as_sample()
}

/// Requests in every state the Requests tab shows: overdue, due soon, awaiting identity,
/// extended, answered, refused, and one from a person not in the register.
fn add_sample_requests(store: &mut Store, ids: &[CustomerId], today: NaiveDate) -> store::Result<()> {
    if ids.len() < 8 {
        return Ok(());
    }
    let request = |customer: Option<CustomerId>, kind, channel, days_ago: i64, status, verified: bool| Request {
        status,
        identity_verified: verified,
        identity_method: if verified { "allekirjoitus verrattu tilaukseen".into() } else { String::new() },
        ..Request::received(kind, channel, today - Duration::days(days_ago), customer)
    };
    use RequestChannel::{Email, Phone, SignedLetter};
    use RequestKind::{Access, Erasure, Objection, Portability, Rectification, Restriction};
    use RequestStatus::{Answered, IdentityVerified, InProgress, Received, Refused};
    let mut answered = request(Some(ids[4]), Access, SignedLetter, 60, Answered, true);
    answered.answered_on = Some(today - Duration::days(45));
    let mut refused = request(None, Erasure, Email, 50, Refused, false);
    refused.subject_name = "Aino Esimerkki".into();
    refused.refusal_reason = "Henkilöä ei löydy rekisteristä; asiasta vastattu kirjeitse.".into();
    let mut extended = request(Some(ids[5]), Portability, Email, 40, InProgress, true);
    extended.extension_months = 1;
    extended.extension_reason =
        "Tiedot koottava useasta järjestelmästä; asiakkaalle ilmoitettu 10 päivän kuluessa.".into();
    let requests = [
        request(Some(ids[0]), Access, SignedLetter, 35, IdentityVerified, true),
        request(Some(ids[1]), Rectification, Email, 26, InProgress, true),
        request(Some(ids[2]), Access, SignedLetter, 3, Received, false),
        request(Some(ids[3]), Objection, Phone, 12, IdentityVerified, true),
        request(Some(ids[6]), Restriction, SignedLetter, 8, InProgress, true),
        answered,
        refused,
        extended,
    ];
    for request in &requests {
        store.add_request(request)?;
    }
    Ok(())
}

/// Creates the sample register at `path` (replacing nothing: the file must not exist yet), its
/// administrator [`SAMPLE_USERNAME`] signed in.
pub fn create_sample_register(path: &std::path::Path) -> store::Result<Store> {
    create_sample_register_with_cost(path, PasswordCost::STANDARD)
}

/// [`create_sample_register`] with the administrator's password hashed at `cost` (tests pass
/// `PasswordCost::insecure_fast_for_tests()`).
pub fn create_sample_register_with_cost(path: &std::path::Path, cost: PasswordCost) -> store::Result<Store> {
    let mut store = Store::create(path, SAMPLE_USERNAME, SAMPLE_DISPLAY_NAME, SAMPLE_PASSWORD, cost)?;
    populate(&mut store, SAMPLE_CUSTOMERS, SAMPLE_SEED, |_| true)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_reproducible() {
        let purposes = PurposeIds {
            direct_marketing: PurposeId(7),
            remarketing: PurposeId(8),
            profiling: PurposeId(9),
            research: PurposeId(10),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let first: Vec<_> =
            (0..50).scan(SampleRng::new(1), |rng, i| Some(generate_person(rng, i, today, purposes).customer)).collect();
        let again: Vec<_> =
            (0..50).scan(SampleRng::new(1), |rng, i| Some(generate_person(rng, i, today, purposes).customer)).collect();
        assert_eq!(first, again);
        let other: Vec<_> =
            (0..50).scan(SampleRng::new(2), |rng, i| Some(generate_person(rng, i, today, purposes).customer)).collect();
        assert_ne!(first, other);
    }

    #[test]
    fn sample_e_mails_are_on_reserved_domains_and_valid() {
        let purposes = PurposeIds {
            direct_marketing: PurposeId(7),
            remarketing: PurposeId(8),
            profiling: PurposeId(9),
            research: PurposeId(10),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut rng = SampleRng::new(5);
        for index in 0..500 {
            let person = generate_person(&mut rng, index, today, purposes).customer;
            for email in &person.emails {
                assert!(
                    email.address.ends_with(".example") || email.address.contains("@example."),
                    "{}",
                    email.address
                );
                assert!(crate::domain::validate::email(&email.address).is_ok(), "{}", email.address);
            }
            for phone in &person.phones {
                assert!(crate::domain::validate::phone(&phone.number).is_ok(), "{}", phone.number);
            }
        }
    }

    #[test]
    fn e_mail_parts_fold_finnish_letters() {
        assert_eq!(email_part("Mäkelä"), "makela");
        assert_eq!(email_part("Åberg-Öhman"), "abergohman");
    }
}
