//! A person's history in date order: when they entered the register, their orders, contacts and
//! feedback, consent and objection events, their requests, and the lists they were disclosed in
//! (§6), as the detail panel lists it.

use chrono::NaiveDateTime;

use super::consent::{ConsentEvent, Disclosure, ObjectionEvent};
use super::customer::{Customer, Interaction, Order};
use super::request::Request;

/// One thing that happened, borrowing the record it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineItem<'a> {
    Registered(&'a Customer),
    Order(&'a Order),
    Interaction(&'a Interaction),
    Consent(&'a ConsentEvent),
    Objection(&'a ObjectionEvent),
    Request(&'a Request),
    /// A marketing list or other disclosure the person was in.
    Disclosure(&'a Disclosure),
}

/// Every event of the person, newest first; events at the same moment keep the order above.
pub fn timeline<'a>(
    customer: &'a Customer,
    consents: &'a [ConsentEvent],
    objections: &'a [ObjectionEvent],
    requests: &'a [Request],
    disclosures: &'a [Disclosure],
) -> Vec<(NaiveDateTime, TimelineItem<'a>)> {
    let start_of = |date: chrono::NaiveDate| date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut items = vec![(start_of(customer.provenance.obtained_on), TimelineItem::Registered(customer))];
    items.extend(customer.orders.iter().map(|order| (start_of(order.ordered_on), TimelineItem::Order(order))));
    items.extend(customer.interactions.iter().map(|event| (event.occurred_at, TimelineItem::Interaction(event))));
    items.extend(consents.iter().map(|event| (event.occurred_at, TimelineItem::Consent(event))));
    items.extend(objections.iter().map(|event| (event.occurred_at, TimelineItem::Objection(event))));
    items.extend(requests.iter().map(|request| (start_of(request.received_on), TimelineItem::Request(request))));
    items.extend(
        disclosures.iter().map(|disclosure| (start_of(disclosure.disclosed_on), TimelineItem::Disclosure(disclosure))),
    );
    // Stable sort: same-moment events stay in the order they were gathered.
    items.sort_by_key(|item| std::cmp::Reverse(item.0));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{BillingStatus, CustomerStatus, InteractionKind, PaymentMethod, Provenance, Source};
    use chrono::NaiveDate;

    #[test]
    fn the_timeline_runs_newest_first_across_kinds() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let mut customer = Customer::new(CustomerStatus::Customer, Provenance::new(Source::Phone, "", day(1, 5)));
        customer.orders.push(Order {
            order_no: "1".into(),
            ordered_on: day(3, 1),
            lines: Vec::new(),
            payment_method: PaymentMethod::Card,
            payment_reference: String::new(),
            billing_status: BillingStatus::Paid,
            seller: String::new(),
            provenance: Provenance::new(Source::Internet, "", day(3, 1)),
        });
        customer.interactions.push(Interaction {
            kind: InteractionKind::Feedback,
            occurred_at: day(2, 1).and_hms_opt(12, 0, 0).unwrap(),
            summary: "Kiitos".into(),
            provenance: Provenance::new(Source::Email, "", day(2, 1)),
        });
        let disclosure = Disclosure {
            id: 1,
            recipient: "Kirjapaino Oy".into(),
            purpose_id: None,
            channel: crate::domain::consent::Channel::Post,
            disclosed_on: day(2, 15),
            row_count: 120,
            sha256: String::new(),
        };
        let disclosures = [disclosure];
        let items = timeline(&customer, &[], &[], &[], &disclosures);
        let kinds: Vec<_> = items
            .iter()
            .map(|(_, item)| match item {
                TimelineItem::Order(_) => "order",
                TimelineItem::Interaction(_) => "interaction",
                TimelineItem::Registered(_) => "registered",
                TimelineItem::Disclosure(_) => "disclosure",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["order", "disclosure", "interaction", "registered"]);
    }
}
