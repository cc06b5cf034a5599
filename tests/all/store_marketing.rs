//! Who may be contacted today, on real register files: each rule that keeps a person off a
//! marketing list (no consent, withdrawn, objection, marketing ban, no address for the channel,
//! erased, restricted) and the customer basis that lets one on without consent; the list written
//! and recorded as a disclosure with its members and the file's SHA-256; and consents withdrawn in
//! bulk by customer number, by e-mail address in any case, and from an unsubscribe file.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;

use crate::common;

use chrono::NaiveDateTime;
use common::{day, empty_register};
use rekisteri::contact_lists::{ContactListError, ListOrder, export_contact_list, read_unsubscribe_file};
use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{
    Channel, ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind, standing_objections,
};
use rekisteri::domain::contact::{ContactRule, PersonFacts, WithdrawalScope, consent_answer};
use rekisteri::domain::customer::{
    Address, AddressKind, Customer, CustomerId, CustomerStatus, Email, Phone, PhoneKind, Provenance, Source,
};
use rekisteri::domain::register::PurposeId;
use rekisteri::domain::request::{Request, RequestChannel, RequestKind};
use rekisteri::domain::timeline::{TimelineItem, timeline};
use rekisteri::domain::user::UserId;
use rekisteri::sample;
use rekisteri::store::{AuditFilter, Error, Store};
use sha2::{Digest as _, Sha256};

/// The sample description's purposes the tests use.
struct Purposes {
    marketing: PurposeId,
    research: PurposeId,
    remarketing: PurposeId,
}

fn register() -> (tempfile::TempDir, Store, Purposes) {
    let (dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let description = store.register_description().unwrap();
    let id = |code| description.purpose_by_code(code).unwrap().id;
    let purposes =
        Purposes { marketing: id("direct_marketing"), research: id("research"), remarketing: id("remarketing") };
    (dir, store, purposes)
}

/// What a fixture person has: which contact details, and whether they are a customer yet.
#[derive(Clone, Copy)]
struct Has {
    customer: bool,
    email: bool,
    mobile: bool,
    landline: bool,
    street: bool,
}

const EVERYTHING: Has = Has { customer: false, email: true, mobile: true, landline: false, street: true };

fn add(store: &mut Store, first: &str, has: Has) -> CustomerId {
    let provenance = Provenance::new(Source::ReplyCard, "", day(2026, 3, 1));
    let status = if has.customer { CustomerStatus::Customer } else { CustomerStatus::Prospect };
    let mut person = Customer::new(status, provenance.clone());
    person.first_name = first.into();
    person.last_name = "Testinen".into();
    let number = 1_000_000 + first.bytes().map(u32::from).sum::<u32>();
    if has.email {
        person
            .emails
            .push(Email { address: format!("{}@example.fi", first.to_lowercase()), provenance: provenance.clone() });
    }
    if has.mobile {
        person.phones.push(Phone {
            kind: PhoneKind::Mobile,
            number: format!("+35840{number}"),
            provenance: provenance.clone(),
        });
    }
    if has.landline {
        person.phones.push(Phone {
            kind: PhoneKind::Landline,
            number: format!("+3589{number}"),
            provenance: provenance.clone(),
        });
    }
    if has.street {
        person.addresses.push(Address {
            kind: AddressKind::Home,
            street: "Vanhamaantie 1".into(),
            postal_code: "47200".into(),
            city: "Elimäki".into(),
            country: "FI".into(),
            provenance,
        });
    }
    store.add_customer(&person).unwrap()
}

fn at(day_of_march: u32, hour: u32) -> NaiveDateTime {
    day(2026, 3, day_of_march).and_hms_opt(hour, 0, 0).unwrap()
}

fn consent(
    store: &mut Store,
    customer: CustomerId,
    purpose: PurposeId,
    channel: Channel,
    action: ConsentAction,
    when: NaiveDateTime,
) {
    store
        .record_consent(&ConsentEvent {
            id: 0,
            customer_id: customer,
            purpose_id: purpose,
            channel,
            action,
            occurred_at: when,
            source: Source::ReplyCard,
            evidence: "palautuskortti 1.3.2026".into(),
            recorded_by: UserId(1),
        })
        .unwrap();
}

fn objection(
    store: &mut Store,
    customer: CustomerId,
    kind: ObjectionKind,
    action: ObjectionAction,
    when: NaiveDateTime,
) {
    store
        .record_objection(&ObjectionEvent {
            id: 0,
            customer_id: customer,
            kind,
            action,
            occurred_at: when,
            source: Source::Phone,
            evidence: "asiakas soitti".into(),
            recorded_by: UserId(1),
        })
        .unwrap();
}

/// Who the list of `purpose` over `channel` holds, in order.
fn listed(store: &Store, purpose: PurposeId, channel: Channel) -> Vec<CustomerId> {
    let rule = store.contact_rule(purpose, channel).unwrap();
    let mut ids = Vec::new();
    store
        .for_each_contact(&rule, |row| -> Result<bool, Error> {
            ids.push(row.customer_id);
            Ok(true)
        })
        .unwrap();
    ids
}

#[test]
fn only_people_with_a_standing_consent_and_an_address_are_listed() {
    let (_dir, mut store, purposes) = register();
    let asked = add(&mut store, "Aino", EVERYTHING);
    let never_asked = add(&mut store, "Bertta", EVERYTHING);
    consent(&mut store, asked, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [asked]);
    assert_eq!(listed(&store, purposes.marketing, Channel::Sms), [], "a consent is per channel");
    assert!(!listed(&store, purposes.marketing, Channel::Email).contains(&never_asked));
}

#[test]
fn a_withdrawn_consent_takes_the_person_off_and_a_new_consent_puts_them_back() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Sms, ConsentAction::Given, at(2, 9));
    consent(&mut store, person, purposes.marketing, Channel::Sms, ConsentAction::Withdrawn, at(3, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Sms), []);
    consent(&mut store, person, purposes.marketing, Channel::Sms, ConsentAction::Given, at(4, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Sms), [person]);
}

#[test]
fn an_objection_overrides_consent_until_it_is_lifted() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Post, ConsentAction::Given, at(2, 9));
    objection(&mut store, person, ObjectionKind::DirectMarketing, ObjectionAction::Made, at(3, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Post), []);
    objection(&mut store, person, ObjectionKind::DirectMarketing, ObjectionAction::Lifted, at(4, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Post), [person], "the lifted objection brings them back");
    // An objection the purpose does not name leaves the list alone.
    objection(&mut store, person, ObjectionKind::Research, ObjectionAction::Made, at(5, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Post), [person]);
}

#[test]
fn a_marketing_ban_keeps_a_person_off_every_list() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    consent(&mut store, person, purposes.research, Channel::Email, ConsentAction::Given, at(2, 9));
    objection(&mut store, person, ObjectionKind::MarketingBan, ObjectionAction::Made, at(3, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), []);
    assert_eq!(listed(&store, purposes.research, Channel::Email), [], "research does not name the ban, yet it holds");
    objection(&mut store, person, ObjectionKind::MarketingBan, ObjectionAction::Lifted, at(4, 9));
    assert_eq!(listed(&store, purposes.research, Channel::Email), [person]);
}

#[test]
fn each_channel_needs_its_own_kind_of_address() {
    let (_dir, mut store, purposes) = register();
    let nothing = Has { customer: false, email: false, mobile: false, landline: false, street: false };
    let landline_only = add(&mut store, "Aino", Has { landline: true, ..nothing });
    let no_contact = add(&mut store, "Bertta", nothing);
    let all = add(&mut store, "Cecilia", EVERYTHING);
    for person in [landline_only, no_contact, all] {
        for channel in [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post] {
            consent(&mut store, person, purposes.marketing, channel, ConsentAction::Given, at(2, 9));
        }
    }
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [all]);
    assert_eq!(listed(&store, purposes.marketing, Channel::Sms), [all], "an SMS needs a mobile number");
    assert_eq!(listed(&store, purposes.marketing, Channel::Phone), [landline_only, all]);
    assert_eq!(listed(&store, purposes.marketing, Channel::Post), [all]);
}

#[test]
fn an_erased_person_is_never_listed() {
    let (_dir, mut store, purposes) = register();
    let erased = add(&mut store, "Aino", EVERYTHING);
    let kept = add(&mut store, "Bertta", EVERYTHING);
    for person in [erased, kept] {
        consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    }
    store.erase_customer(erased, None).unwrap();
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [kept]);
}

#[test]
fn a_restricted_person_is_left_out_until_the_restriction_is_lifted() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    let restriction =
        Request::received(RequestKind::Restriction, RequestChannel::SignedLetter, day(2026, 3, 5), Some(person));
    let (request, _) = store.add_request(&restriction).unwrap();
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), []);
    store.lift_restriction(request, day(2026, 3, 20)).unwrap();
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [person]);
}

#[test]
fn an_existing_customer_is_reached_without_consent_where_the_purpose_allows_until_they_say_no() {
    let (_dir, mut store, purposes) = register();
    let customer = add(&mut store, "Aino", Has { customer: true, ..EVERYTHING });
    let prospect = add(&mut store, "Bertta", EVERYTHING);
    let unsubscribed = add(&mut store, "Cecilia", Has { customer: true, ..EVERYTHING });
    let objecting = add(&mut store, "Doris", Has { customer: true, ..EVERYTHING });
    consent(&mut store, unsubscribed, purposes.marketing, Channel::Email, ConsentAction::Withdrawn, at(2, 9));
    objection(&mut store, objecting, ObjectionKind::DirectMarketing, ObjectionAction::Made, at(2, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [customer], "direct marketing to customers");
    assert_eq!(listed(&store, purposes.research, Channel::Email), [], "research rests on consent alone");
    assert!(!listed(&store, purposes.marketing, Channel::Sms).contains(&prospect));
}

#[test]
fn a_consent_for_every_channel_covers_each_until_one_is_withdrawn() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.remarketing, Channel::Any, ConsentAction::Given, at(2, 9));
    assert_eq!(listed(&store, purposes.remarketing, Channel::Email), [person]);
    consent(&mut store, person, purposes.remarketing, Channel::Email, ConsentAction::Withdrawn, at(3, 9));
    assert_eq!(listed(&store, purposes.remarketing, Channel::Email), []);
    assert_eq!(listed(&store, purposes.remarketing, Channel::Sms), [person]);
    // Of two events at the same moment the later ledger entry decides, whichever channel it names.
    consent(&mut store, person, purposes.remarketing, Channel::Post, ConsentAction::Withdrawn, at(4, 9));
    assert_eq!(listed(&store, purposes.remarketing, Channel::Post), []);
    consent(&mut store, person, purposes.remarketing, Channel::Any, ConsentAction::Given, at(4, 9));
    assert_eq!(listed(&store, purposes.remarketing, Channel::Post), [person], "the later consent for all");
    consent(&mut store, person, purposes.remarketing, Channel::Sms, ConsentAction::Withdrawn, at(4, 9));
    assert_eq!(listed(&store, purposes.remarketing, Channel::Sms), []);
    assert_eq!(listed(&store, purposes.remarketing, Channel::Email), [person]);
}

#[test]
fn a_list_is_refused_for_a_purpose_or_channel_no_one_is_contacted_for() {
    let (_dir, store, purposes) = register();
    assert!(matches!(store.contact_rule(purposes.research, Channel::Sms), Err(Error::NotAllowed(_))));
    let bookkeeping = store.register_description().unwrap().purpose_by_code("bookkeeping").unwrap().id;
    assert!(matches!(store.contact_rule(bookkeeping, Channel::Post), Err(Error::NotAllowed(_))));
    assert!(matches!(store.contact_rule(purposes.marketing, Channel::Any), Err(Error::NotAllowed(_))));
}

/// Whether the person has the address a channel's list needs, as the record shows it.
fn has_address(customer: &Customer, channel: Channel) -> bool {
    match channel {
        Channel::Email => !customer.emails.is_empty(),
        Channel::Sms => customer.phones.iter().any(|phone| phone.kind == PhoneKind::Mobile),
        Channel::Phone => !customer.phones.is_empty(),
        Channel::Post | Channel::Any => customer
            .addresses
            .iter()
            .any(|address| !address.street.trim().is_empty() && !address.city.trim().is_empty()),
    }
}

#[test]
fn the_one_pass_query_agrees_with_the_rule_person_by_person_on_the_sample() {
    let (_dir, mut store) = common::sample_register(400);
    // Objections lifted and made again, so that the newest event decides.
    for (customer, hour) in [(CustomerId(11), 9), (CustomerId(12), 10), (CustomerId(13), 11)] {
        objection(&mut store, customer, ObjectionKind::DirectMarketing, ObjectionAction::Made, at(1, hour));
        objection(&mut store, customer, ObjectionKind::DirectMarketing, ObjectionAction::Lifted, at(2, hour));
    }
    objection(&mut store, CustomerId(13), ObjectionKind::DirectMarketing, ObjectionAction::Made, at(3, 9));
    let restricted: BTreeSet<CustomerId> = store.restricted_customers().unwrap().into_iter().collect();
    assert!(!restricted.is_empty(), "the sample has a restriction");
    let ids = store.customer_ids(&rekisteri::store::CustomerQuery::default()).unwrap();
    let people: Vec<_> = ids
        .iter()
        .map(|id| {
            let objections = store.objection_events(*id).unwrap();
            (*id, store.customer(*id).unwrap(), store.consent_events(*id).unwrap(), standing_objections(&objections))
        })
        .collect();
    let mut lists_checked = 0;
    for purpose in store.purposes().unwrap() {
        for channel in [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post] {
            let Ok(rule) = ContactRule::for_purpose(&purpose, channel) else { continue };
            let expected: Vec<CustomerId> = people
                .iter()
                .filter(|(id, customer, consents, objections)| {
                    rule.allows(&PersonFacts {
                        status: customer.status,
                        consents,
                        standing_objections: objections,
                        has_address: has_address(customer, channel),
                        restricted: restricted.contains(id),
                    })
                })
                .map(|(id, ..)| *id)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let listed = listed(&store, purpose.id, channel);
            assert_eq!(listed, expected, "{} over {channel}", purpose.code);
            lists_checked += usize::from(!listed.is_empty());
        }
    }
    assert!(lists_checked >= 8, "the sample fills most lists ({lists_checked})");
    // The customer basis is exercised: some customers are on the e-mail list without any answer.
    let marketing = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let email_list = listed(&store, marketing, Channel::Email);
    let on_customer_basis = people.iter().filter(|(id, customer, consents, _)| {
        customer.status == CustomerStatus::Customer
            && consent_answer(consents, marketing, Channel::Email).is_none()
            && email_list.contains(id)
    });
    assert!(on_customer_basis.count() > 10);
}

fn order(purpose: PurposeId, channel: Channel, recipient: &str) -> ListOrder {
    ListOrder { purpose, channel, recipient: recipient.into(), lang: Lang::Fi }
}

/// Everything in a folder but the register's own files.
fn other_files(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("register.sqlite"))
        .collect();
    names.sort();
    names
}

#[test]
fn an_exported_list_is_recorded_as_a_disclosure_with_its_members_and_the_files_hash() {
    let (dir, mut store, purposes) = register();
    let listed_people: Vec<CustomerId> = ["Aino", "Bertta", "Cecilia"]
        .into_iter()
        .map(|name| {
            let id = add(&mut store, name, EVERYTHING);
            consent(&mut store, id, purposes.marketing, Channel::Post, ConsentAction::Given, at(2, 9));
            id
        })
        .collect();
    let left_out = add(&mut store, "Doris", EVERYTHING);
    let out = dir.path().join("kirjepostitus.csv");
    let written =
        export_contact_list(&mut store, &order(purposes.marketing, Channel::Post, " Kirjapaino Oy "), &out).unwrap();
    assert_eq!(written.rows, 3);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(written.sha256, format!("{:x}", Sha256::digest(&bytes)), "the hash of the file's own bytes");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}Etunimi;Sukunimi;Yritys;Katuosoite;Postinumero;Postitoimipaikka;Maa\r\n"));
    assert_eq!(text.lines().count(), 4);
    assert!(!text.contains("Doris"));
    assert_eq!(other_files(dir.path()), ["kirjepostitus.csv"], "no temporary file is left behind");

    for person in &listed_people {
        let disclosures = store.disclosures_of(*person).unwrap();
        assert_eq!(disclosures.len(), 1);
        let disclosure = &disclosures[0];
        assert_eq!(disclosure.id, written.disclosure_id);
        assert_eq!(disclosure.recipient, "Kirjapaino Oy");
        assert_eq!((disclosure.purpose_id, disclosure.channel), (Some(purposes.marketing), Channel::Post));
        assert_eq!((disclosure.row_count, disclosure.sha256.as_str()), (3, written.sha256.as_str()));
        assert_eq!(disclosure.disclosed_on, rekisteri::store::today());
    }
    assert_eq!(store.disclosures_of(left_out).unwrap(), []);
    // The person's history shows the list they were in.
    let customer = store.customer(listed_people[0]).unwrap();
    let disclosures = store.disclosures_of(listed_people[0]).unwrap();
    let history = timeline(&customer, &[], &[], &[], &disclosures);
    assert!(
        history.iter().any(|(_, item)| matches!(item, TimelineItem::Disclosure(d) if d.recipient == "Kirjapaino Oy"))
    );
    // The audit trail has it without personal data: counts and the hash.
    let filter = AuditFilter { action: Some(AuditAction::MarketingListExported), ..AuditFilter::default() };
    let audit = store.audit_entries(&filter, 10).unwrap();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("3 people") && audit[0].detail.contains(&written.sha256), "{}", audit[0].detail);
    assert!(!audit[0].detail.contains("Aino"));
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn the_access_reply_dossier_lists_the_disclosures_a_person_was_in() {
    let (dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", Has { customer: true, ..EVERYTHING });
    export_contact_list(&mut store, &order(purposes.marketing, Channel::Email, "Mailchimp"), &dir.path().join("a.csv"))
        .unwrap();
    let access = Request::received(RequestKind::Access, RequestChannel::SignedLetter, day(2026, 3, 5), Some(person));
    let (request, _) = store.add_request(&access).unwrap();
    let dossier = store.dossier(request).unwrap();
    assert_eq!(dossier.disclosures.len(), 1);
    assert_eq!(dossier.disclosures[0].recipient, "Mailchimp");
}

#[test]
fn a_list_that_cannot_be_put_in_place_records_nothing_and_leaves_no_file() {
    let (dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    // A folder where the file should go: the list is written, but the rename onto it fails.
    let occupied = dir.path().join("lista.csv");
    std::fs::create_dir(&occupied).unwrap();
    let result = export_contact_list(&mut store, &order(purposes.marketing, Channel::Email, "Mailchimp"), &occupied);
    assert!(matches!(result, Err(ContactListError::Store(_))), "{result:?}");
    assert_eq!(store.disclosures_of(person).unwrap(), []);
    assert_eq!(other_files(dir.path()), ["lista.csv"], "only the folder that was in the way");
    assert!(std::fs::read_dir(&occupied).unwrap().next().is_none());
    // A file where the folder should be: nothing can be written at all.
    let blocked = dir.path().join("tiedosto");
    std::fs::write(&blocked, "x").unwrap();
    let result = export_contact_list(
        &mut store,
        &order(purposes.marketing, Channel::Email, "Mailchimp"),
        &blocked.join("lista.csv"),
    );
    assert!(matches!(result, Err(ContactListError::File(_))), "{result:?}");
    assert_eq!(store.disclosures_of(person).unwrap(), []);
    let filter = AuditFilter { action: Some(AuditAction::MarketingListExported), ..AuditFilter::default() };
    assert_eq!(store.audit_entries(&filter, 10).unwrap(), []);
}

#[test]
fn a_refused_list_writes_no_file() {
    let (dir, mut store, purposes) = register();
    add(&mut store, "Aino", Has { customer: true, ..EVERYTHING });
    let out = dir.path().join("lista.csv");
    let no_recipient = export_contact_list(&mut store, &order(purposes.marketing, Channel::Email, "  "), &out);
    assert!(matches!(no_recipient, Err(ContactListError::Store(Error::NotAllowed(_)))));
    let no_channel = export_contact_list(&mut store, &order(purposes.research, Channel::Sms, "Tutkimus Oy"), &out);
    assert!(matches!(no_channel, Err(ContactListError::Store(Error::NotAllowed(_)))));
    assert_eq!(other_files(dir.path()), Vec::<String>::new());
}

fn withdrawals_of(store: &Store, customer: CustomerId) -> Vec<ConsentEvent> {
    store
        .consent_events(customer)
        .unwrap()
        .into_iter()
        .filter(|event| event.action == ConsentAction::Withdrawn)
        .collect()
}

#[test]
fn withdrawing_by_customer_number_withdraws_every_consent_once() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", Has { customer: true, ..EVERYTHING });
    consent(&mut store, person, purposes.marketing, Channel::Sms, ConsentAction::Given, at(2, 9));
    consent(&mut store, person, purposes.remarketing, Channel::Any, ConsentAction::Given, at(2, 9));
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [person], "on the customer basis");
    let summary =
        store.withdraw_consents(&[person], WithdrawalScope::default(), Source::Other, "kirje 5.3.2026").unwrap();
    assert_eq!(summary.people_matched, 1);
    // SMS and every channel of remarketing, and a no for the three channels the customer basis used.
    assert_eq!(summary.withdrawals_recorded, 5);
    for channel in [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post] {
        assert_eq!(listed(&store, purposes.marketing, channel), [], "{channel}");
        assert_eq!(listed(&store, purposes.remarketing, channel), [], "{channel}");
    }
    assert!(withdrawals_of(&store, person).iter().all(|event| event.evidence == "kirje 5.3.2026"));
    let again =
        store.withdraw_consents(&[person], WithdrawalScope::default(), Source::Other, "kirje 5.3.2026").unwrap();
    assert_eq!(again.withdrawals_recorded, 0, "already withdrawn");
    assert_eq!(withdrawals_of(&store, person).len(), 5);
    let unknown = store.withdraw_consents(&[CustomerId(999)], WithdrawalScope::default(), Source::Other, "x");
    assert!(matches!(unknown, Err(Error::NotFound(_))));
}

#[test]
fn withdrawing_by_e_mail_matches_the_address_in_any_case_within_the_scope() {
    let (_dir, mut store, purposes) = register();
    let person = add(&mut store, "Aino", EVERYTHING);
    consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    consent(&mut store, person, purposes.research, Channel::Email, ConsentAction::Given, at(2, 9));
    let scope = WithdrawalScope { purpose: Some(purposes.research), channel: Some(Channel::Email) };
    let addresses = ["AINO@Example.FI".to_owned(), "nobody@example.fi".to_owned()];
    let summary = store.withdraw_consents_by_email(&addresses, scope, Source::Email, "sähköposti 5.3.").unwrap();
    assert_eq!((summary.people_matched, summary.withdrawals_recorded, summary.addresses_not_found), (1, 1, 1));
    assert_eq!(listed(&store, purposes.research, Channel::Email), []);
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [person], "outside the scope");
}

#[test]
fn an_unsubscribe_file_becomes_withdrawals_with_its_name_and_hash_as_evidence() {
    let (dir, mut store, purposes) = register();
    let aino = add(&mut store, "Aino", Has { customer: true, ..EVERYTHING });
    let bertta = add(&mut store, "Bertta", EVERYTHING);
    let stays = add(&mut store, "Cecilia", EVERYTHING);
    for person in [bertta, stays] {
        consent(&mut store, person, purposes.marketing, Channel::Email, ConsentAction::Given, at(2, 9));
    }
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [aino, bertta, stays]);
    let file = dir.path().join("unsubscribed_members_export.csv");
    let content = "Email Address,First Name,Last Name,UNSUB_TIME\n\
                   Aino@EXAMPLE.fi,Aino,Testinen,2026-11-02 08:15:00\n\
                   bertta@example.fi,Bertta,Testinen,2026-11-02 09:00:00\n\
                   tuntematon@example.com,Ville,,2026-11-03 10:00:00\n\
                   ei-osoite,Virhe,,2026-11-03 10:00:00\n";
    std::fs::write(&file, content).unwrap();
    let unsubscribes = read_unsubscribe_file(&file).unwrap();
    assert_eq!(unsubscribes.list.invalid.len(), 1);
    assert_eq!(unsubscribes.list.invalid[0].row_number, 5);
    let summary = unsubscribes.withdraw(&mut store, WithdrawalScope::default(), None).unwrap();
    assert_eq!((summary.people_matched, summary.addresses_not_found), (2, 1));
    assert!(summary.withdrawals_recorded >= 2);
    assert_eq!(listed(&store, purposes.marketing, Channel::Email), [stays]);
    let hash = format!("{:x}", Sha256::digest(content.as_bytes()));
    for person in [aino, bertta] {
        let events = withdrawals_of(&store, person);
        assert!(!events.is_empty());
        for event in events {
            assert_eq!(event.source, Source::ImportFile);
            assert_eq!(event.evidence, format!("unsubscribed_members_export.csv (SHA-256 {hash})"));
        }
    }
    // The same file again records nothing new.
    let again = read_unsubscribe_file(&file).unwrap().withdraw(&mut store, WithdrawalScope::default(), None).unwrap();
    assert_eq!((again.people_matched, again.withdrawals_recorded, again.addresses_not_found), (2, 0, 1));
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}
