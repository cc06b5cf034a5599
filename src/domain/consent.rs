//! Consents and objections (§3, §7): append-only events per purpose and channel, and the current
//! state derived from them by a fold. There is no stored "consent flag" that could drift from the
//! ledger: every screen, export and letter asks these functions.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::coded_enum;
use super::customer::{CustomerId, Source};
use super::register::{Purpose, PurposeId};
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
    /// The ledger entry that set it: of two events at the same instant the later entry wins.
    pub event_id: i64,
}

impl ConsentState {
    fn order(&self) -> (NaiveDateTime, i64) {
        (self.since, self.event_id)
    }
}

/// Folds a person's consent events (in any order) into the current state per purpose and channel.
/// Events are applied in time order; two events at the same instant apply in ledger (id) order.
pub fn current_consents(events: &[ConsentEvent]) -> BTreeMap<(PurposeId, Channel), ConsentState> {
    let mut ordered: Vec<&ConsentEvent> = events.iter().collect();
    ordered.sort_by_key(|event| (event.occurred_at, event.id));
    let mut state = BTreeMap::new();
    for event in ordered {
        let given = event.action == ConsentAction::Given;
        state.insert(
            (event.purpose_id, event.channel),
            ConsentState { given, since: event.occurred_at, event_id: event.id },
        );
    }
    state
}

/// Whether consent for `purpose` over `channel` stands now. A consent given for `Any` channel
/// covers every channel, but a withdrawal over a channel takes that channel out.
pub fn has_consent(state: &BTreeMap<(PurposeId, Channel), ConsentState>, purpose: PurposeId, channel: Channel) -> bool {
    let specific = state.get(&(purpose, channel));
    let any = state.get(&(purpose, Channel::Any));
    match (specific, any) {
        (Some(specific), Some(any)) if any.order() > specific.order() => any.given,
        (Some(specific), _) => specific.given,
        (None, Some(any)) => any.given,
        (None, None) => false,
    }
}

/// Whether one of `standing` objections overrides `purpose` (§7: an objection beats any consent).
pub fn objection_overrides(purpose: &Purpose, standing: &[ObjectionKind]) -> bool {
    purpose.overridden_by.iter().any(|kind| standing.contains(kind))
}

coded_enum! {
    /// What the ledger says of one purpose for a person, as the Consents tab filters by it.
    pub enum ConsentStanding {
        /// A consent stands over at least one channel.
        Given = "given",
        /// There are events, and none of them stands as a consent now.
        Withdrawn = "withdrawn",
        /// No event at all for the purpose: never asked.
        NeverAsked = "never_asked",
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

    /// The fold said plainly: the answer for a purpose over a channel is the action of the last
    /// event (by time, then ledger order) for that purpose over that channel or over any channel.
    fn reference_has_consent(events: &[ConsentEvent], purpose: PurposeId, channel: Channel) -> bool {
        let mut relevant: Vec<&ConsentEvent> = events
            .iter()
            .filter(|event| event.purpose_id == purpose && (event.channel == channel || event.channel == Channel::Any))
            .collect();
        relevant.sort_by_key(|event| (event.occurred_at, event.id));
        relevant.last().is_some_and(|event| event.action == ConsentAction::Given)
    }

    fn any_event() -> impl proptest::strategy::Strategy<Value = (u32, u32, usize, bool)> {
        // Few days and hours, so that events at the same instant happen often.
        (1u32..4, 8u32..10, 0..Channel::ALL.len(), proptest::bool::ANY)
    }

    proptest::proptest! {
        // A failing case is printed shrunk; no regression file is written into the source tree.
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]
        #[test]
        fn the_fold_equals_the_reference_fold_for_any_event_sequence(
            raw in proptest::collection::vec((0i64..3, any_event()), 0..40)
        ) {
            let events: Vec<ConsentEvent> = raw
                .iter()
                .enumerate()
                .map(|(index, (purpose, (day, hour, channel, given)))| ConsentEvent {
                    purpose_id: PurposeId(*purpose),
                    ..consent(
                        i64::try_from(index).unwrap() + 1,
                        Channel::ALL[*channel],
                        if *given { ConsentAction::Given } else { ConsentAction::Withdrawn },
                        at(*day, *hour),
                    )
                })
                .collect();
            // The ledger hands events over in any order; the fold must not care.
            let mut shuffled = events.clone();
            shuffled.reverse();
            let state = current_consents(&shuffled);
            for purpose in 0..3 {
                for channel in Channel::ALL {
                    proptest::prop_assert_eq!(
                        has_consent(&state, PurposeId(purpose), *channel),
                        reference_has_consent(&events, PurposeId(purpose), *channel),
                        "purpose {} channel {:?}", purpose, channel
                    );
                }
            }
        }
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
