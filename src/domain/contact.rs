//! Who may be contacted for a purpose over a channel today (§3, §6, §7), and which withdrawals
//! stop it. The rule, as the marketing list follows it:
//!
//! - the person's ledger says yes for the purpose over the channel (a consent for that channel, or
//!   for every channel, that was not withdrawn since), or the ledger says nothing at all and the
//!   register description lets the purpose reach existing customers without consent and the person
//!   is a customer (not a prospect);
//! - they have an address for the channel (an e-mail, a mobile number for SMS, any phone number,
//!   a street address for post);
//! - no objection that overrides the purpose stands, and no marketing ban (tarjonnanesto);
//! - their processing is not restricted (GDPR Art. 18), and they are not erased.
//!
//! The store answers this for a million people in one SQL pass; [`ContactRule::allows`] is the
//! same rule for one person in plain Rust, which the tests hold the SQL to.
//!
//! Not here: the SQL, the CSV file, the disclosure record.

use std::collections::BTreeSet;

use super::consent::{Channel, ConsentEvent, ObjectionKind, current_consents, has_consent};
use super::customer::{CustomerId, CustomerStatus};
use super::register::{Purpose, PurposeId};

/// The code of the purpose a marketing list is for when none is named: direct marketing (§3).
pub const DIRECT_MARKETING: &str = "direct_marketing";

/// The channels a list can be made for: each has its own kind of address.
pub const LIST_CHANNELS: [Channel; 4] = [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post];

/// Why no list can be made for a purpose over a channel; the texts are `store::Error::NotAllowed`
/// rules, shown translated.
pub mod rule {
    /// The purpose rests on a contract or a legal obligation: it is no ground for contacting anyone.
    pub const NOT_A_CONTACT_PURPOSE: &str = "the purpose is not one people are contacted for";
    /// The purpose asks consent over other channels only.
    pub const CHANNEL_NOT_OFFERED: &str = "the purpose is not asked for over this channel";
    /// "Any channel" has no address to write: a list is for e-mail, SMS, phone or post.
    pub const NO_CHANNEL: &str = "a contact list needs a channel: e-mail, SMS, phone or post";
    /// A list of nobody would be a disclosure of nothing.
    pub const NO_RECIPIENT: &str = "a contact list needs its recipient";

    /// Every rule, for the test that each has its Finnish text.
    pub const ALL: &[&str] = &[NOT_A_CONTACT_PURPOSE, CHANNEL_NOT_OFFERED, NO_CHANNEL, NO_RECIPIENT];
}

/// Who may be contacted for one purpose over one channel: what the store's query needs to know of
/// the register description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRule {
    pub purpose: PurposeId,
    pub channel: Channel,
    /// Existing customers whose ledger is silent may be contacted (e.g. e-mail marketing of the
    /// shop's own similar products, until they object).
    pub existing_customers_without_consent: bool,
    /// The objections that keep a person off the list: the purpose's own, and always the
    /// marketing ban.
    pub honoured_objections: Vec<ObjectionKind>,
}

impl ContactRule {
    /// The rule for `purpose` over `channel`, or the `rule` text saying why there is none.
    pub fn for_purpose(purpose: &Purpose, channel: Channel) -> Result<Self, &'static str> {
        if channel == Channel::Any {
            return Err(rule::NO_CHANNEL);
        }
        if !purpose.asks_consent() {
            return Err(rule::NOT_A_CONTACT_PURPOSE);
        }
        if !purpose.channels.iter().any(|offered| *offered == channel || *offered == Channel::Any) {
            return Err(rule::CHANNEL_NOT_OFFERED);
        }
        let mut honoured_objections = purpose.overridden_by.clone();
        // A marketing ban (tarjonnanesto) keeps a person off every list, whatever the purpose says:
        // leaving someone out is never the mistake.
        if !honoured_objections.contains(&ObjectionKind::MarketingBan) {
            honoured_objections.push(ObjectionKind::MarketingBan);
        }
        Ok(Self {
            purpose: purpose.id,
            channel,
            existing_customers_without_consent: purpose.existing_customers_without_consent,
            honoured_objections,
        })
    }

    /// Whether `person` may be contacted under this rule: the module's rule for one person.
    pub fn allows(&self, person: &PersonFacts<'_>) -> bool {
        if person.restricted || !person.has_address {
            return false;
        }
        if person.standing_objections.iter().any(|kind| self.honoured_objections.contains(kind)) {
            return false;
        }
        match consent_answer(person.consents, self.purpose, self.channel) {
            Some(given) => given,
            None => self.existing_customers_without_consent && person.status == CustomerStatus::Customer,
        }
    }
}

/// What [`ContactRule::allows`] looks at of one person.
#[derive(Debug, Clone, Copy)]
pub struct PersonFacts<'a> {
    pub status: CustomerStatus,
    pub consents: &'a [ConsentEvent],
    pub standing_objections: &'a [ObjectionKind],
    /// They have an address for the rule's channel.
    pub has_address: bool,
    pub restricted: bool,
}

/// What the ledger says of `purpose` over `channel`: `Some(true)` consent stands, `Some(false)`
/// withdrawn, `None` never asked (no event for the channel nor for every channel).
pub fn consent_answer(events: &[ConsentEvent], purpose: PurposeId, channel: Channel) -> Option<bool> {
    let state = current_consents(events);
    let asked = state.contains_key(&(purpose, channel)) || state.contains_key(&(purpose, Channel::Any));
    asked.then(|| has_consent(&state, purpose, channel))
}

/// Where a person on a list is reached: the one address the list's channel needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactAddress {
    Email(String),
    /// E.164, "+358401234567".
    Phone(String),
    Postal {
        street: String,
        postal_code: String,
        city: String,
        country: String,
    },
}

/// One person on a contact list: their name and the address for the channel, nothing more (the
/// list goes to someone outside the shop, so it carries only what reaching the person needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub customer_id: CustomerId,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub address: ContactAddress,
}

/// What a withdrawal covers: one purpose or all, one channel or all. With neither it withdraws
/// every consent (§7 of the notice).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WithdrawalScope {
    pub purpose: Option<PurposeId>,
    pub channel: Option<Channel>,
}

impl WithdrawalScope {
    fn covers_purpose(self, purpose: PurposeId) -> bool {
        self.purpose.is_none_or(|scope| scope == purpose)
    }
}

/// The (purpose, channel) withdrawals to append so that nothing in `scope` reaches the person any
/// more: every consent in scope that stands, and, for a purpose that reaches existing customers
/// without consent, a refusal for each of its channels in scope the person was never asked about
/// (an unsubscribe must stop that marketing too). Empty when everything in scope is withdrawn
/// already, so a second run records nothing.
pub fn withdrawals_needed(
    purposes: &[Purpose],
    events: &[ConsentEvent],
    scope: WithdrawalScope,
) -> Vec<(PurposeId, Channel)> {
    let state = current_consents(events);
    let mut needed = BTreeSet::new();
    for ((purpose, channel), consent) in &state {
        if !consent.given || !scope.covers_purpose(*purpose) {
            continue;
        }
        match scope.channel {
            None => {
                needed.insert((*purpose, *channel));
            }
            // A consent for every channel covers this one: withdrawing this channel alone leaves
            // the others as the person gave them.
            Some(only) if has_consent(&state, *purpose, only) => {
                needed.insert((*purpose, only));
            }
            Some(_) => {}
        }
    }
    for purpose in purposes.iter().filter(|purpose| purpose.existing_customers_without_consent) {
        if !scope.covers_purpose(purpose.id) {
            continue;
        }
        for channel in purpose.channels.iter().filter(|channel| **channel != Channel::Any) {
            if scope.channel.is_some_and(|only| only != *channel) {
                continue;
            }
            let asked = state.contains_key(&(purpose.id, *channel)) || state.contains_key(&(purpose.id, Channel::Any));
            if !asked {
                needed.insert((purpose.id, *channel));
            }
        }
    }
    needed.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Localized;
    use crate::domain::consent::ConsentAction;
    use crate::domain::customer::Source;
    use crate::domain::register::LegalBasis;
    use crate::domain::user::UserId;
    use chrono::{NaiveDate, NaiveDateTime};

    const MARKETING: PurposeId = PurposeId(7);
    const RESEARCH: PurposeId = PurposeId(10);

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, day).unwrap().and_hms_opt(9, 0, 0).unwrap()
    }

    fn event(id: i64, purpose: PurposeId, channel: Channel, action: ConsentAction, day: u32) -> ConsentEvent {
        ConsentEvent {
            id,
            customer_id: CustomerId(1),
            purpose_id: purpose,
            channel,
            action,
            occurred_at: at(day),
            source: Source::ReplyCard,
            evidence: "palautuskortti".into(),
            recorded_by: UserId(1),
        }
    }

    fn purpose(id: PurposeId, basis: LegalBasis, channels: &[Channel], existing: bool) -> Purpose {
        Purpose {
            id,
            code: format!("p{}", id.0),
            name: Localized::default(),
            description: Localized::default(),
            legal_basis: basis,
            channels: channels.to_vec(),
            overridden_by: vec![ObjectionKind::DirectMarketing],
            existing_customers_without_consent: existing,
        }
    }

    fn marketing() -> Purpose {
        let all = [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post];
        purpose(MARKETING, LegalBasis::Consent, &all, true)
    }

    fn research() -> Purpose {
        purpose(RESEARCH, LegalBasis::Consent, &[Channel::Email, Channel::Phone], false)
    }

    fn person<'a>(
        status: CustomerStatus,
        consents: &'a [ConsentEvent],
        objections: &'a [ObjectionKind],
    ) -> PersonFacts<'a> {
        PersonFacts { status, consents, standing_objections: objections, has_address: true, restricted: false }
    }

    #[test]
    fn a_list_needs_a_channel_the_purpose_asks_over_and_a_purpose_people_are_contacted_for() {
        assert_eq!(ContactRule::for_purpose(&research(), Channel::Sms), Err(rule::CHANNEL_NOT_OFFERED));
        assert_eq!(ContactRule::for_purpose(&research(), Channel::Any), Err(rule::NO_CHANNEL));
        let bookkeeping = purpose(PurposeId(6), LegalBasis::LegalObligation, &[Channel::Any], false);
        assert_eq!(ContactRule::for_purpose(&bookkeeping, Channel::Email), Err(rule::NOT_A_CONTACT_PURPOSE));
        let remarketing = purpose(PurposeId(8), LegalBasis::Consent, &[Channel::Any], false);
        assert!(ContactRule::for_purpose(&remarketing, Channel::Email).is_ok(), "a consent for any channel");
    }

    #[test]
    fn the_marketing_ban_is_honoured_whatever_the_purpose_lists() {
        let rule = ContactRule::for_purpose(&research(), Channel::Email).unwrap();
        assert_eq!(rule.honoured_objections, [ObjectionKind::DirectMarketing, ObjectionKind::MarketingBan]);
        let consents = [event(1, RESEARCH, Channel::Email, ConsentAction::Given, 1)];
        assert!(rule.allows(&person(CustomerStatus::Prospect, &consents, &[])));
        assert!(!rule.allows(&person(CustomerStatus::Prospect, &consents, &[ObjectionKind::MarketingBan])));
        assert!(rule.allows(&person(CustomerStatus::Prospect, &consents, &[ObjectionKind::Research])));
    }

    #[test]
    fn an_existing_customer_is_reached_without_consent_until_they_say_no() {
        let rule = ContactRule::for_purpose(&marketing(), Channel::Email).unwrap();
        assert!(rule.allows(&person(CustomerStatus::Customer, &[], &[])));
        assert!(!rule.allows(&person(CustomerStatus::Prospect, &[], &[])), "a prospect needs consent");
        let withdrawn = [event(1, MARKETING, Channel::Email, ConsentAction::Withdrawn, 2)];
        assert!(!rule.allows(&person(CustomerStatus::Customer, &withdrawn, &[])), "an unsubscribe is a no");
        assert!(!rule.allows(&person(CustomerStatus::Customer, &[], &[ObjectionKind::DirectMarketing])));
        let research_rule = ContactRule::for_purpose(&research(), Channel::Email).unwrap();
        assert!(!research_rule.allows(&person(CustomerStatus::Customer, &[], &[])), "research asks everyone");
    }

    #[test]
    fn an_address_and_an_unrestricted_record_are_needed() {
        let rule = ContactRule::for_purpose(&marketing(), Channel::Post).unwrap();
        let consents = [event(1, MARKETING, Channel::Post, ConsentAction::Given, 1)];
        let mut facts = person(CustomerStatus::Prospect, &consents, &[]);
        assert!(rule.allows(&facts));
        facts.has_address = false;
        assert!(!rule.allows(&facts));
        facts.has_address = true;
        facts.restricted = true;
        assert!(!rule.allows(&facts));
    }

    #[test]
    fn the_ledger_answers_yes_no_or_nothing() {
        let events = [
            event(1, MARKETING, Channel::Any, ConsentAction::Given, 1),
            event(2, MARKETING, Channel::Sms, ConsentAction::Withdrawn, 2),
        ];
        assert_eq!(consent_answer(&events, MARKETING, Channel::Email), Some(true));
        assert_eq!(consent_answer(&events, MARKETING, Channel::Sms), Some(false));
        assert_eq!(consent_answer(&events, RESEARCH, Channel::Email), None);
    }

    #[test]
    fn withdrawing_everything_withdraws_each_standing_consent_and_refuses_the_customer_basis() {
        let purposes = [marketing(), research()];
        let events = [
            event(1, MARKETING, Channel::Email, ConsentAction::Given, 1),
            event(2, RESEARCH, Channel::Email, ConsentAction::Given, 1),
            event(3, MARKETING, Channel::Sms, ConsentAction::Given, 1),
            event(4, MARKETING, Channel::Sms, ConsentAction::Withdrawn, 3),
        ];
        let needed = withdrawals_needed(&purposes, &events, WithdrawalScope::default());
        assert_eq!(
            needed,
            [
                (MARKETING, Channel::Email),
                (MARKETING, Channel::Phone),
                (MARKETING, Channel::Post),
                (RESEARCH, Channel::Email),
            ]
        );
        // Once those are in the ledger nothing is left to withdraw.
        let mut after = events.to_vec();
        for (index, (purpose, channel)) in needed.into_iter().enumerate() {
            after.push(event(10 + index as i64, purpose, channel, ConsentAction::Withdrawn, 4));
        }
        assert_eq!(withdrawals_needed(&purposes, &after, WithdrawalScope::default()), []);
        let rule = ContactRule::for_purpose(&marketing(), Channel::Phone).unwrap();
        assert!(!rule.allows(&person(CustomerStatus::Customer, &after, &[])));
    }

    #[test]
    fn withdrawing_one_channel_of_a_consent_for_every_channel_leaves_the_others() {
        let remarketing = purpose(PurposeId(8), LegalBasis::Consent, &[Channel::Any], false);
        let events = [event(1, remarketing.id, Channel::Any, ConsentAction::Given, 1)];
        let scope = WithdrawalScope { purpose: Some(remarketing.id), channel: Some(Channel::Email) };
        let needed = withdrawals_needed(std::slice::from_ref(&remarketing), &events, scope);
        assert_eq!(needed, [(remarketing.id, Channel::Email)]);
        let mut after = events.to_vec();
        after.push(event(2, remarketing.id, Channel::Email, ConsentAction::Withdrawn, 2));
        assert_eq!(consent_answer(&after, remarketing.id, Channel::Email), Some(false));
        assert_eq!(consent_answer(&after, remarketing.id, Channel::Sms), Some(true));
        assert_eq!(withdrawals_needed(&[remarketing], &after, scope), []);
    }

    #[test]
    fn a_scope_leaves_other_purposes_and_channels_alone() {
        let purposes = [marketing(), research()];
        let events = [
            event(1, MARKETING, Channel::Email, ConsentAction::Given, 1),
            event(2, RESEARCH, Channel::Email, ConsentAction::Given, 1),
        ];
        let scope = WithdrawalScope { purpose: Some(RESEARCH), channel: None };
        assert_eq!(withdrawals_needed(&purposes, &events, scope), [(RESEARCH, Channel::Email)]);
        let scope = WithdrawalScope { purpose: None, channel: Some(Channel::Sms) };
        assert_eq!(withdrawals_needed(&purposes, &events, scope), [(MARKETING, Channel::Sms)]);
    }
}
