//! A person's portable data (GDPR Art. 20) as files they can take to another service: pretty JSON
//! (the whole structure, every field named) and a flat CSV with one `kind;field;value;source;date`
//! row per datum, for a spreadsheet.
//!
//! Not here: gathering the data (`Store::portable_data`), writing the file or recording the export.
//! Dates are ISO 8601 (2026-11-25) in both files: they are meant for machines as much as people.

use crate::domain::customer::{Order, Provenance};
use crate::domain::portability::PortableData;

use super::csv_export::{ExportError, defuse_cell};

/// The CSV file's header row.
pub const PORTABLE_CSV_HEADERS: [&str; 5] = ["kind", "field", "value", "source", "date"];

/// The portable data as pretty-printed JSON.
pub fn portable_json(data: &PortableData) -> String {
    // Every field is a string, a number, a date or an enum with a code: serialising cannot fail.
    serde_json::to_string_pretty(data).expect("portable data serialises to JSON")
}

/// One row of the CSV file before it is written.
struct Datum {
    kind: &'static str,
    field: String,
    value: String,
    source: &'static str,
    date: String,
}

impl Datum {
    fn new(kind: &'static str, field: impl Into<String>, value: impl Into<String>, provenance: &Provenance) -> Self {
        Self {
            kind,
            field: field.into(),
            value: value.into(),
            source: provenance.source.code(),
            date: provenance.obtained_on.to_string(),
        }
    }
}

/// The data as rows, in the order of the JSON: person, addresses, phones, e-mails, interests,
/// other data, consents, orders. Empty fields are left out.
fn datums(data: &PortableData) -> Vec<Datum> {
    let core = &data.provenance;
    let mut rows = vec![Datum::new("person", "customer_number", data.customer_number.0.to_string(), core)];
    let text_fields = [
        ("status", data.status.code()),
        ("first_name", data.first_name.as_str()),
        ("last_name", data.last_name.as_str()),
        ("company", data.company.as_str()),
        ("username", data.username.as_str()),
        ("nickname", data.nickname.as_str()),
        ("other_identifier", data.other_identifier.as_str()),
        ("title", data.title.as_str()),
        ("mother_tongue", data.mother_tongue.as_str()),
        ("letter_lang", data.letter_lang.code()),
        ("gender", data.gender.map_or("", |gender| gender.code())),
    ];
    for (field, value) in text_fields.into_iter().filter(|(_, value)| !value.is_empty()) {
        rows.push(Datum::new("person", field, value, core));
    }
    if let Some(year) = data.birth_year {
        rows.push(Datum::new("person", "birth_year", year.to_string(), core));
    }
    for address in &data.addresses {
        let kind = address.kind.code();
        for (part, value) in [
            ("street", &address.street),
            ("postal_code", &address.postal_code),
            ("city", &address.city),
            ("country", &address.country),
        ] {
            rows.push(Datum::new("address", format!("{kind}.{part}"), value.as_str(), &address.provenance));
        }
    }
    for phone in &data.phones {
        rows.push(Datum::new("phone", phone.kind.code(), phone.number.as_str(), &phone.provenance));
    }
    for email in &data.emails {
        rows.push(Datum::new("email", "address", email.address.as_str(), &email.provenance));
    }
    for interest in &data.interests {
        rows.push(Datum::new("interest", "tag", interest.tag.as_str(), &interest.provenance));
    }
    for datum in &data.other_data {
        rows.push(Datum::new("other", datum.label.as_str(), datum.value.as_str(), &datum.provenance));
    }
    for consent in &data.consents {
        rows.push(Datum {
            kind: "consent",
            field: format!("purpose {} {}", consent.purpose_id.0, consent.channel.code()),
            value: consent.action.code().to_owned(),
            source: consent.source.code(),
            date: consent.occurred_at.date().to_string(),
        });
    }
    for order in &data.orders {
        order_datums(order, &mut rows);
    }
    rows
}

fn order_datums(order: &Order, rows: &mut Vec<Datum>) {
    let provenance = Provenance { obtained_on: order.ordered_on, ..order.provenance.clone() };
    let field = |part: &str| format!("{}.{part}", order.order_no);
    rows.push(Datum::new("order", field("total"), euros(order.total_cents()), &provenance));
    rows.push(Datum::new("order", field("payment_method"), order.payment_method.code(), &provenance));
    rows.push(Datum::new("order", field("billing_status"), order.billing_status.code(), &provenance));
    for line in &order.lines {
        let value = format!("{} × {}", line.quantity, euros(line.unit_price_cents));
        rows.push(Datum::new("order_line", field(&line.product), value, &provenance));
    }
}

/// Cents as euros with a decimal comma, as a Finnish spreadsheet reads them: "12,50".
fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

/// The portable data as CSV: UTF-8, `;`-separated, one datum a row under [`PORTABLE_CSV_HEADERS`],
/// cells defused so that a spreadsheet never runs one as a formula.
pub fn portable_csv(data: &PortableData) -> Result<String, ExportError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(PORTABLE_CSV_HEADERS)?;
    for datum in datums(data) {
        let cells = [datum.kind, &datum.field, &datum.value, datum.source, &datum.date];
        writer.write_record(cells.map(|cell| defuse_cell(cell).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|error| ExportError::Io(error.into_error()))?;
    // Every cell written was a `&str`: the bytes are UTF-8.
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 cells is UTF-8"))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::consent::{Channel, ConsentAction, ConsentEvent};
    use crate::domain::customer::{
        BillingStatus, Customer, CustomerId, CustomerStatus, Email, OrderLine, PaymentMethod, Source,
    };
    use crate::domain::register::PurposeId;
    use crate::domain::user::UserId;

    fn sample() -> PortableData {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let provenance = Provenance::new(Source::Phone, "", day);
        let mut customer = Customer::new(CustomerStatus::Customer, provenance.clone());
        customer.first_name = "Åsa".into();
        customer.last_name = "=Öhman".into();
        customer.emails.push(Email { address: "asa.ohman@example.fi".into(), provenance: provenance.clone() });
        customer.orders.push(Order {
            order_no: "T-1001".into(),
            ordered_on: day,
            lines: vec![OrderLine { product: "Saippua".into(), quantity: 2, unit_price_cents: 625 }],
            payment_method: PaymentMethod::Card,
            payment_reference: "**** 4242".into(),
            billing_status: BillingStatus::Paid,
            seller: "Mima".into(),
            provenance,
        });
        let consent = ConsentEvent {
            id: 1,
            customer_id: CustomerId(3),
            purpose_id: PurposeId(2),
            channel: Channel::Email,
            action: ConsentAction::Given,
            occurred_at: day.and_hms_opt(10, 0, 0).unwrap(),
            source: Source::Phone,
            evidence: "call".into(),
            recorded_by: UserId(1),
        };
        PortableData::from_record(CustomerId(3), customer, vec![consent])
    }

    #[test]
    fn portable_json_parses_back_to_the_same_data() {
        let data = sample();
        let json = portable_json(&data);
        assert!(json.contains("asa.ohman@example.fi"));
        let parsed: PortableData = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed, data);
    }

    #[test]
    fn portable_csv_has_one_defused_row_per_datum() {
        let csv = portable_csv(&sample()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "kind;field;value;source;date");
        assert!(lines.contains(&"person;first_name;Åsa;phone;2026-03-01"), "{csv}");
        assert!(lines.contains(&"person;last_name;'=Öhman;phone;2026-03-01"), "{csv}");
        assert!(lines.contains(&"email;address;asa.ohman@example.fi;phone;2026-03-01"), "{csv}");
        assert!(lines.contains(&"consent;purpose 2 email;given;phone;2026-03-01"), "{csv}");
        assert!(lines.contains(&"order;T-1001.total;12,50;phone;2026-03-01"), "{csv}");
        assert!(lines.contains(&"order_line;T-1001.Saippua;2 × 6,25;phone;2026-03-01"), "{csv}");
    }
}
