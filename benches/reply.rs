//! The access reply (GDPR Art. 15) for a person with 50 orders: gathering the dossier from the
//! store and rendering the PDF letter, as "Print reply" and `rekisteri reply` do (without writing
//! the file). The register is a 100-customer sample in a temporary folder.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rekisteri::domain::customer::{BillingStatus, CustomerId, Order, OrderLine, PaymentMethod, Provenance, Source};
use rekisteri::domain::request::{Request, RequestChannel, RequestKind};
use rekisteri::domain::{Lang, parse_date};
use rekisteri::report::access_reply::access_reply;
use rekisteri::store::{Store, today};

fn reply(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let cost = rekisteri::domain::password::PasswordCost::insecure_fast_for_tests();
    let path = dir.path().join("reply.sqlite");
    let mut store = Store::create(&path, "admin", "", "vertailu-salasana-2026", cost).unwrap();
    rekisteri::sample::populate(&mut store, 100, 7, |_| true).unwrap();
    let customer = CustomerId(1);
    let first_day = parse_date("1.1.2024").unwrap();
    for number in 0..50 {
        let ordered_on = first_day + chrono::Duration::days(number * 7);
        let order = Order {
            order_no: format!("B-{number:04}"),
            ordered_on,
            lines: vec![
                OrderLine { product: "Luomu kaurahiutaleet 1 kg".into(), quantity: 2, unit_price_cents: 349 },
                OrderLine { product: "Nokkostee 40 g".into(), quantity: 1, unit_price_cents: 550 },
            ],
            payment_method: PaymentMethod::Card,
            payment_reference: "**** 4242".into(),
            billing_status: BillingStatus::Paid,
            seller: "Satu H.".into(),
            provenance: Provenance::new(Source::Internet, "verkkokauppa", ordered_on),
        };
        store.add_order(customer, &order).unwrap();
    }
    let (request, _) = store
        .add_request(&Request::received(RequestKind::Access, RequestChannel::SignedLetter, today(), Some(customer)))
        .unwrap();
    let description = store.register_description().unwrap();
    let rules = store.retention_rules().unwrap();
    let mut group = c.benchmark_group("reply");
    group.sample_size(20);
    group.bench_function("dossier + PDF, 50 orders", |b| {
        b.iter(|| {
            let dossier = store.dossier(request).unwrap();
            black_box(access_reply(&dossier, &description, &rules, Lang::Fi, today(), None).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, reply);
criterion_main!(benches);
