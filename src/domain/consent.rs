//! Consents and objections (§3, §7): append-only events per purpose and channel, and the current
//! state derived from them by a fold. There is no stored "consent flag" that could drift from the
//! ledger: every screen, export and letter asks these functions.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::coded_enum;
use super::customer::{CustomerId, Source};
use super::register::PurposeId;
use super::user::UserId;

coded_enum! {
    /// How a person can be reached for marketing; `Any` for purposes that have no channel.
    pub enum Channel {
        Email = "email",
        Sms = "sms",
        Phone = "phone",
        Post = "post",
        Any = "any",
    }
}

coded_enum! {
    pub enum ConsentAction {
        Given = "given",
        Withdrawn = "withdrawn",
    }
}

/// One entry of the consent ledger. Never edited or deleted except when the person is erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    pub id: i64,
    pub customer_id: CustomerId,
    pub purpose_id: PurposeId,
    pub channel: Channel,
    pub action: ConsentAction,
    pub occurred_at: NaiveDateTime,
    pub source: Source,
    /// What proves it: "reply card 12.3.2026", "web form", "import file X". Required for `Given`.
    pub evidence: String,
    pub recorded_by: UserId,
}

coded_enum! {
    /// §7 kielto-oikeus: what a person may forbid, plus the marketing ban (tarjonnanesto).
    pub enum ObjectionKind {
        DirectMarketing = "direct_marketing",
        DistanceSelling = "distance_selling",
        OtherDirectMarketing = "other_direct_marketing",
        Research = "research",
        MarketingBan = "marketing_ban",
    }
}

coded_enum! {
    pub enum ObjectionAction {
        Made = "made",
        Lifted = "lifted",
    }
}

/// One entry of the objection ledger; an objection stands until an event lifts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionEvent {
    pub id: i64,
    pub customer_id: CustomerId,
    pub kind: ObjectionKind,
    pub action: ObjectionAction,
    pub occurred_at: NaiveDateTime,
    pub source: Source,
    pub evidence: String,
    pub recorded_by: UserId,
}

/// §6: one marketing list or other disclosure that went to a recipient outside the controller,
/// as the disclosure log keeps it. A person's access reply lists the disclosures they were in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: i64,
    /// Who received the list: "Tutkimuslaitos Oy", "Facebook Ads".
    pub recipient: String,
    /// The purpose the list was made for; `None` for a disclosure the law requires without one.
    pub purpose_id: Option<PurposeId>,
    pub channel: Channel,
    pub disclosed_on: NaiveDate,
    /// How many people the list held.
    pub row_count: i64,
    /// The SHA-256 of the file handed over, in hex: proves which list went out.
    pub sha256: String,
}

/// The current consent for one purpose over one channel, as the ledger says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentState {
    pub given: bool,
    /// When the state last changed.
    pub since: NaiveDateTime,
}

/// Folds a person's consent events (in any order) into the current state per purpose and channel.
/// Events are applied in time order; two events at the same instant apply in ledger (id) order.
pub fn current_consents(events: &[ConsentEvent]) -> BTreeMap<(PurposeId, Channel), ConsentState> {
    let mut ordered: Vec<&ConsentEvent> = events.iter().collect();
    ordered.sort_by_key(|event| (event.occurred_at, event.id));
    let mut state = BTreeMap::new();
    for event in ordered {
        let given = event.action == ConsentAction::Given;
        state.insert((event.purpose_id, event.channel), ConsentState { given, since: event.occurred_at });
    }
    state
}

/// Whether consent for `purpose` over `channel` stands now. A consent given for `Any` channel
/// covers every channel, but a withdrawal over a channel takes that channel out.
pub fn has_consent(state: &BTreeMap<(PurposeId, Channel), ConsentState>, purpose: PurposeId, channel: Channel) -> bool {
    let specific = state.get(&(purpose, channel));
    let any = state.get(&(purpose, Channel::Any));
    match (specific, any) {
        (Some(specific), Some(any)) if any.since > specific.since => any.given,
        (Some(specific), _) => specific.given,
        (None, Some(any)) => any.given,
        (None, None) => false,
    }
}

/// The objections that stand now, folded from the ledger like consents.
pub fn standing_objections(events: &[ObjectionEvent]) -> Vec<ObjectionKind> {
    let mut ordered: Vec<&ObjectionEvent> = events.iter().collect();
    ordered.sort_by_key(|event| (event.occurred_at, event.id));
    let mut standing: BTreeMap<ObjectionKind, bool> = BTreeMap::new();
    for event in ordered {
        standing.insert(event.kind, event.action == ObjectionAction::Made);
    }
    standing.into_iter().filter(|(_, made)| *made).map(|(kind, _)| kind).collect()
}

/// The number of consents given and withdrawn per purpose in one month, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyConsentCount {
    pub purpose_id: PurposeId,
    pub month: NaiveDate,
    pub given: i64,
    pub withdrawn: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
    }

    fn consent(id: i64, channel: Channel, action: ConsentAction, when: NaiveDateTime) -> ConsentEvent {
        ConsentEvent {
            id,
            customer_id: CustomerId(1),
            purpose_id: PurposeId(1),
            channel,
            action,
            occurred_at: when,
            source: Source::ReplyCard,
            evidence: "reply card".into(),
            recorded_by: UserId(1),
        }
    }

    #[test]
    fn withdrawal_after_consent_wins_whatever_the_ledger_order() {
        let events = [
            consent(2, Channel::Email, ConsentAction::Withdrawn, at(3, 9)),
            consent(1, Channel::Email, ConsentAction::Given, at(1, 9)),
        ];
        let state = current_consents(&events);
        assert!(!has_consent(&state, PurposeId(1), Channel::Email));
    }

    #[test]
    fn same_instant_events_apply_in_ledger_order() {
        let events = [
            consent(1, Channel::Sms, ConsentAction::Given, at(1, 9)),
            consent(2, Channel::Sms, ConsentAction::Withdrawn, at(1, 9)),
        ];
        assert!(!has_consent(&current_consents(&events), PurposeId(1), Channel::Sms));
    }

    #[test]
    fn consent_for_any_channel_covers_each_until_one_is_withdrawn() {
        let events = [
            consent(1, Channel::Any, ConsentAction::Given, at(1, 9)),
            consent(2, Channel::Phone, ConsentAction::Withdrawn, at(2, 9)),
        ];
        let state = current_consents(&events);
        assert!(has_consent(&state, PurposeId(1), Channel::Email));
        assert!(!has_consent(&state, PurposeId(1), Channel::Phone));
        assert!(!has_consent(&state, PurposeId(2), Channel::Email));
    }

    #[test]
    fn an_objection_stands_until_lifted() {
        let objection = |id, kind, action, when| ObjectionEvent {
            id,
            customer_id: CustomerId(1),
            kind,
            action,
            occurred_at: when,
            source: Source::Email,
            evidence: String::new(),
            recorded_by: UserId(1),
        };
        let events = [
            objection(1, ObjectionKind::MarketingBan, ObjectionAction::Made, at(1, 9)),
            objection(2, ObjectionKind::Research, ObjectionAction::Made, at(2, 9)),
            objection(3, ObjectionKind::Research, ObjectionAction::Lifted, at(3, 9)),
        ];
        assert_eq!(standing_objections(&events), vec![ObjectionKind::MarketingBan]);
    }
}
