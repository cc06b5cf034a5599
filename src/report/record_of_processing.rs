//! The record of processing activities (seloste käsittelytoimista, GDPR Art. 30(1)) made from the
//! same register description as the privacy notice, in Finnish or English, as a PDF letter.
//!
//! It is written with the notice's content model ([`Notice`] of [`Section`]s of [`Part`]s) and its
//! helpers, one section for each point (a)–(g) of Art. 30(1), and laid out by the notice's
//! [`document_blocks`]. A description with a mandatory item blank is refused like the notice.

use chrono::NaiveDate;

use super::letter::render_letter;
use super::notice::{
    MissingItem, Notice, NoticeError, Part, Section, controller, document_blocks, fields, item_bullets, missing_items,
    number_subheadings, purposes, security, statement, transfer_bullets,
};
use super::words::{Text, retention_period};
use crate::domain::register::{ItemKind, RegisterDescription};
use crate::domain::retention::RetentionRule;
use crate::domain::{Lang, finnish_date};
use crate::i18n::Label as _;

/// The section headings (Finnish, English) with the point of Art. 30(1) each answers.
const HEADINGS: [(&str, &str); 7] = [
    ("Rekisterinpitäjä ja yhteystiedot (a)", "Controller and contact details (a)"),
    ("Käsittelyn tarkoitukset (b)", "Purposes of the processing (b)"),
    ("Rekisteröidyt ja henkilötietoryhmät (c)", "Data subjects and categories of personal data (c)"),
    ("Vastaanottajaryhmät (d)", "Categories of recipients (d)"),
    ("Siirrot kolmansiin maihin (e)", "Transfers to third countries (e)"),
    ("Tietoryhmien poistamisen määräajat (f)", "Time limits for erasure (f)"),
    ("Tekniset ja organisatoriset turvatoimet (g)", "Technical and organisational security measures (g)"),
];

/// The record of processing activities of `register` in `lang`, dated `today`, as PDF bytes.
///
/// # Errors
///
/// [`NoticeError::Missing`] with every blank mandatory item (nothing is written then);
/// [`NoticeError::Letter`] if the PDF cannot be made.
pub fn record_of_processing(
    register: &RegisterDescription,
    retention: &[RetentionRule],
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<u8>, NoticeError> {
    let missing: Vec<MissingItem> = missing_items(register)
        .into_iter()
        .filter(|item| !matches!(item, MissingItem::RegisterName(other) if *other != lang))
        .collect();
    if !missing.is_empty() {
        return Err(NoticeError::Missing(missing));
    }
    let tx = Text(lang);
    let record = record_content(register, retention, tx, today);
    let (head, blocks) = document_blocks(
        &record,
        register,
        tx.t("SELOSTE KÄSITTELYTOIMISTA", "RECORD OF PROCESSING ACTIVITIES"),
        "EU 2016/679 art. 30",
    );
    Ok(render_letter(&head, &blocks)?)
}

fn record_content(register: &RegisterDescription, retention: &[RetentionRule], tx: Text, today: NaiveDate) -> Notice {
    let bodies = [
        controller_section(register, tx),
        purposes(register, tx),
        subjects(register, tx),
        recipients(register, tx),
        transfers(register, tx),
        erasure(retention, tx),
        security_section(register, tx),
    ];
    let sections = HEADINGS
        .iter()
        .zip(bodies)
        .enumerate()
        .map(|(i, ((fi, en), parts))| Section {
            heading: format!("{}. {}", i + 1, tx.t(fi, en)),
            parts: number_subheadings(i + 1, parts),
        })
        .collect();
    Notice {
        title: tx.t("Seloste käsittelytoimista", "Record of processing activities").to_owned(),
        preamble: vec![
            tx.t(
                "EU:n yleinen tietosuoja-asetus (EU) 2016/679, 30 artiklan 1 kohta",
                "EU General Data Protection Regulation (EU) 2016/679, Article 30(1)",
            )
            .to_owned(),
            tx.f("Rekisteri: {0}", "Register: {0}", &[register.info.register_name.get(tx.0).trim()]),
            tx.f("Laadittu / päivitetty {0}", "Drawn up / updated {0}", &[&finnish_date(today)]),
        ],
        date: finnish_date(today),
        sections,
    }
}

/// (a) The notice's controller and person responsible, and the representative and data
/// protection officer, which the register description does not name.
fn controller_section(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let mut parts = controller(register, tx);
    parts.push(Part::Subheading(
        tx.t(
            "Edustaja (27 artikla) ja tietosuojavastaava (37 artikla)",
            "Representative (Art. 27) and data protection officer (Art. 37)",
        )
        .to_owned(),
    ));
    let not_appointed = tx.t("ei nimetty", "not appointed").to_owned();
    parts.push(fields(vec![
        (tx.t("Edustaja", "Representative"), not_appointed.clone()),
        (tx.t("Tietosuojavastaava", "Data protection officer"), not_appointed),
    ]));
    parts
}

/// (c) Customers and prospects, and the register's data categories.
fn subjects(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    vec![
        Part::Subheading(tx.t("Rekisteröityjen ryhmät", "Categories of data subjects").to_owned()),
        Part::Bullets(vec![
            tx.t("Asiakkaat", "Customers").to_owned(),
            tx.t("Mahdolliset asiakkaat (prospektit)", "Prospective customers (prospects)").to_owned(),
        ]),
        Part::Subheading(tx.t("Henkilötietoryhmät", "Categories of personal data").to_owned()),
        Part::Bullets(item_bullets(register, ItemKind::Category, tx)),
    ]
}

/// (d) Regular disclosures and processors.
fn recipients(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let listed = |kind, none: &str| {
        let bullets = item_bullets(register, kind, tx);
        if bullets.is_empty() { Part::Paragraph(none.to_owned()) } else { Part::Bullets(bullets) }
    };
    vec![
        Part::Subheading(tx.t("Säännönmukaiset luovutukset", "Regular disclosures").to_owned()),
        listed(
            ItemKind::Disclosure,
            tx.t("Tietoja ei luovuteta säännönmukaisesti.", "Data is not regularly disclosed."),
        ),
        Part::Subheading(tx.t("Henkilötietojen käsittelijät", "Processors").to_owned()),
        listed(
            ItemKind::Processor,
            tx.t("Rekisterinpitäjä käsittelee tiedot itse.", "The controller processes the data itself."),
        ),
    ]
}

/// (e) The transfers statement and each transfer with its safeguard.
fn transfers(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let mut parts = Vec::new();
    statement(&mut parts, &register.info.transfers_statement, tx);
    let transfers = transfer_bullets(register, tx);
    if !transfers.is_empty() {
        parts.push(Part::Paragraph(
            tx.t("Siirrot ja niiden suojatoimet:", "Transfers and their safeguards:").to_owned(),
        ));
        parts.push(Part::Bullets(transfers));
    } else if parts.is_empty() {
        parts.push(Part::Paragraph(
            tx.t(
                "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
                "Data is not transferred outside the EU or the EEA.",
            )
            .to_owned(),
        ));
    }
    parts
}

/// (f) The active retention rules: data, period, action and reason.
fn erasure(retention: &[RetentionRule], tx: Text) -> Vec<Part> {
    let rows: Vec<Vec<String>> = retention
        .iter()
        .filter(|rule| rule.active)
        .map(|rule| {
            vec![
                rule.category.label(tx.0).to_owned(),
                retention_period(rule, tx),
                rule.action.label(tx.0).to_owned(),
                rule.reason.get(tx.0).trim().to_owned(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return vec![Part::Paragraph(
            tx.t("Säilytyssääntöjä ei ole otettu käyttöön.", "No retention rules are in use.").to_owned(),
        )];
    }
    vec![Part::Table {
        columns: vec![
            (tx.t("Tiedot", "Data").to_owned(), 40.0),
            (tx.t("Säilytysaika", "Kept for").to_owned(), 36.0),
            (tx.t("Toimenpide", "Action").to_owned(), 30.0),
            (tx.t("Peruste", "Reason").to_owned(), 64.0),
        ],
        rows,
    }]
}

/// (g) The notice's security statements for paper and electronic data.
fn security_section(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let mut parts = vec![Part::Paragraph(
        tx.t(
            "Yleinen kuvaus teknisistä ja organisatorisista turvatoimista (32 artiklan 1 kohta):",
            "A general description of the technical and organisational security measures (Art. 32(1)):",
        )
        .to_owned(),
    )];
    parts.extend(security(register, tx));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{pdftotext, sample_register as register};

    /// The PDF's text with runs of white space folded to one space.
    fn pdf_text(pdf: &[u8]) -> String {
        folded(&pdftotext(pdf))
    }
    use crate::sample::default_retention_rules;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn folded(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn both_languages_hold_every_point_of_article_30() {
        let register = register();
        let rules = default_retention_rules();
        for lang in [Lang::Fi, Lang::En] {
            let pdf = record_of_processing(&register, &rules, lang, today()).unwrap();
            assert!(pdf.starts_with(b"%PDF"));
            let text = pdf_text(&pdf);
            let mut wanted: Vec<String> = vec![
                register.info.controller_name.clone(),
                Text(lang).t("Seloste käsittelytoimista", "Record of processing activities").to_owned(),
                Text(lang).t("ei nimetty", "not appointed").to_owned(),
                "30".to_owned(),
                "2016/679".to_owned(),
            ];
            wanted.extend(register.purposes.iter().map(|p| p.name.get(lang).to_owned()));
            wanted.extend(
                register
                    .items
                    .iter()
                    .filter(|item| matches!(item.kind, ItemKind::Category | ItemKind::Disclosure | ItemKind::Processor))
                    .map(|item| item.title.get(lang).to_owned()),
            );
            let reason = rules.iter().find(|rule| rule.active).unwrap().reason.get(lang);
            wanted.push(reason.split_whitespace().take(4).collect::<Vec<_>>().join(" "));
            let security = register.info.security_electronic.get(lang);
            wanted.push(security.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
            let missing: Vec<&String> = wanted.iter().filter(|w| !text.contains(&folded(w))).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}:\n{text}");
        }
    }

    #[test]
    fn a_blank_controller_refuses_the_record() {
        let mut register = register();
        register.info.controller_name = " ".into();
        match record_of_processing(&register, &[], Lang::En, today()) {
            Err(NoticeError::Missing(items)) => assert_eq!(items, [MissingItem::ControllerName]),
            other => panic!("expected Missing, got {:?}", other.map(|bytes| bytes.len())),
        }
    }

    #[test]
    fn the_notice_command_takes_record_of_processing_as_a_flag() {
        use clap::Parser as _;
        let cli = crate::cli::Cli::try_parse_from(["rekisteri", "notice", "--record", "--out", "seloste.pdf"]).unwrap();
        assert!(matches!(cli.command, Some(crate::cli::Command::Notice { record: true, .. })));
        let cli = crate::cli::Cli::try_parse_from(["rekisteri", "notice", "--out", "seloste.pdf"]).unwrap();
        assert!(matches!(cli.command, Some(crate::cli::Command::Notice { record: false, .. })));
    }
}
