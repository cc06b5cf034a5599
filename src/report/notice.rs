//! The privacy notice (tietosuojaseloste, GDPR Art. 13–14) made from the register description:
//! the seed notice's sections brought up to today's law (GDPR (EU) 2016/679 and the Data
//! Protection Act 1050/2018), in Finnish or English, as a PDF letter, Markdown or a small HTML page.
//!
//! One content model feeds all three formats: the notice is first written once as a list of
//! [`Section`]s of plain text, then rendered to letter [`Block`]s, Markdown or HTML, so the formats
//! cannot drift apart. A notice with a mandatory item blank is refused ([`NoticeError::Missing`]).
//! Not here: loading the description (the store) or the page layout itself (`letter`). The
//! notice's sentences live here as (Finnish, English) pairs: they are the document's text.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::letter::{Block, LetterError, LetterHead, render_letter};
use super::words::{Text, phone_for_abroad, retention_period};
use crate::domain::register::{ItemKind, RegisterDescription, RegisterItem};
use crate::domain::retention::RetentionRule;
use crate::domain::{Lang, Localized, finnish_date};
use crate::i18n::Label as _;

/// A mandatory item of the notice that the register description leaves blank. Coded, so that it
/// carries no personal data; the window and the command line show [`MissingItem::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingItem {
    ControllerName,
    BusinessId,
    ControllerAddress,
    ResponsibleName,
    /// Neither an e-mail nor a postal address for the person responsible.
    ResponsibleContact,
    /// The register's name in the language of the notice.
    RegisterName(Lang),
    Purposes,
    BasisStatement,
    DataCategories,
    Sources,
    SecurityPrinciples,
    RetentionStatement,
    AuthorityName,
    AuthorityAddress,
    AuthorityEmail,
}

impl MissingItem {
    /// What is missing, as the register settings name it, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let tx = Text(lang);
        match self {
            Self::ControllerName => tx.t("Rekisterinpitäjän nimi", "Controller's name"),
            Self::BusinessId => tx.t("Rekisterinpitäjän Y-tunnus", "Controller's business ID"),
            Self::ControllerAddress => tx.t("Rekisterinpitäjän osoite", "Controller's address"),
            Self::ResponsibleName => {
                tx.t("Rekisteriasioista vastaavan henkilön nimi", "Name of the person responsible for the register")
            }
            Self::ResponsibleContact => tx.t(
                "Rekisteriasioista vastaavan henkilön sähköposti tai osoite",
                "E-mail or address of the person responsible for the register",
            ),
            Self::RegisterName(Lang::Fi) => tx.t("Rekisterin nimi suomeksi", "Register name in Finnish"),
            Self::RegisterName(Lang::En) => tx.t("Rekisterin nimi englanniksi", "Register name in English"),
            Self::Purposes => tx.t("Vähintään yksi käsittelyn tarkoitus", "At least one purpose of processing"),
            Self::BasisStatement => tx.t("Käsittelyn oikeusperuste", "Legal basis statement"),
            Self::DataCategories => tx.t("Vähintään yksi tietoryhmä", "At least one data category"),
            Self::Sources => tx.t("Vähintään yksi tietolähde", "At least one source of data"),
            Self::SecurityPrinciples => tx.t("Rekisterin suojauksen periaatteet", "Security principles"),
            Self::RetentionStatement => tx.t("Tietojen säilytysaika", "Retention statement"),
            Self::AuthorityName => tx.t("Valvontaviranomaisen nimi", "Supervisory authority's name"),
            Self::AuthorityAddress => tx.t("Valvontaviranomaisen osoite", "Supervisory authority's address"),
            Self::AuthorityEmail => tx.t("Valvontaviranomaisen sähköposti", "Supervisory authority's e-mail"),
        }
    }
}

/// The mandatory items of the notice that are blank in `register`, in the notice's order. The
/// register name is checked in both languages ([`privacy_notice`] needs only the one it writes).
pub fn missing_items(register: &RegisterDescription) -> Vec<MissingItem> {
    let info = &register.info;
    let blank = |text: &str| text.trim().is_empty();
    let authority = &info.authority;
    let checks = [
        (MissingItem::ControllerName, blank(&info.controller_name)),
        (MissingItem::BusinessId, blank(&info.business_id)),
        (MissingItem::ControllerAddress, blank(&info.controller_address.one_line())),
        (MissingItem::ResponsibleName, blank(&info.responsible_name)),
        (
            MissingItem::ResponsibleContact,
            blank(&info.responsible_email) && blank(&info.responsible_address.one_line()),
        ),
        (MissingItem::RegisterName(Lang::Fi), blank(&info.register_name.fi)),
        (MissingItem::RegisterName(Lang::En), blank(&info.register_name.en)),
        (MissingItem::Purposes, register.purposes.is_empty()),
        (MissingItem::BasisStatement, info.basis_statement.is_blank()),
        (MissingItem::DataCategories, register.items_of(ItemKind::Category).next().is_none()),
        (MissingItem::Sources, register.items_of(ItemKind::Source).next().is_none()),
        (MissingItem::SecurityPrinciples, info.security_paper.is_blank() && info.security_electronic.is_blank()),
        (MissingItem::RetentionStatement, info.retention_statement.is_blank()),
        (MissingItem::AuthorityName, authority.name.is_blank()),
        (
            MissingItem::AuthorityAddress,
            blank(&authority.visiting_address.one_line()) && authority.postal_address.is_blank(),
        ),
        (MissingItem::AuthorityEmail, blank(&authority.email)),
    ];
    checks.into_iter().filter(|(_, missing)| *missing).map(|(item, _)| item).collect()
}

/// The file formats the notice is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeFormat {
    /// A printable letter (A4, the shop's letter layout).
    Pdf,
    /// Markdown, e.g. for a web shop's page editor.
    Markdown,
    /// A complete, small UTF-8 HTML5 page.
    Html,
}

impl NoticeFormat {
    /// The short name used on the command line and in the audit log: `pdf`, `md`, `html`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }

    /// The format named by `code` (`pdf`, `md` or `markdown`, `html`).
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "pdf" => Some(Self::Pdf),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }
}

/// Why a notice could not be made.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// Mandatory items are blank in the register description.
    #[error("the register description lacks {} mandatory item(s)", .0.len())]
    Missing(Vec<MissingItem>),
    /// The PDF could not be laid out or written.
    #[error(transparent)]
    Letter(#[from] LetterError),
}

/// The privacy notice of `register` in `lang` and `format`, dated `today`, as the bytes of a file.
///
/// # Errors
///
/// [`NoticeError::Missing`] with every blank mandatory item (nothing is written then);
/// [`NoticeError::Letter`] if the PDF cannot be made.
pub fn privacy_notice(
    register: &RegisterDescription,
    retention: &[RetentionRule],
    lang: Lang,
    format: NoticeFormat,
    today: NaiveDate,
) -> Result<Vec<u8>, NoticeError> {
    let missing: Vec<MissingItem> = missing_items(register)
        .into_iter()
        .filter(|item| !matches!(item, MissingItem::RegisterName(other) if *other != lang))
        .collect();
    if !missing.is_empty() {
        return Err(NoticeError::Missing(missing));
    }
    let notice = notice_content(register, retention, lang, today);
    Ok(match format {
        NoticeFormat::Pdf => {
            let (head, blocks) = letter_blocks(&notice, register, lang);
            render_letter(&head, &blocks)?
        }
        NoticeFormat::Markdown => markdown(&notice).into_bytes(),
        NoticeFormat::Html => html(&notice, lang).into_bytes(),
    })
}

// ---------------------------------------------------------------------------------------------
// The content model
// ---------------------------------------------------------------------------------------------

/// The notice once, before any format: a title, its lines under the title, and the sections.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Notice {
    pub(super) title: String,
    /// The law it informs under and the date ("Päivitetty 25.11.2026").
    pub(super) preamble: Vec<String>,
    /// The date alone, for the letter's header ("25.11.2026").
    pub(super) date: String,
    pub(super) sections: Vec<Section>,
}

/// One numbered section of the notice.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Section {
    /// With its number: "3. Henkilötietojen käsittelyn tarkoitus ja oikeusperuste".
    pub(super) heading: String,
    pub(super) parts: Vec<Part>,
}

/// A piece of a section. All text is plain (no markup): each format escapes it itself.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Part {
    Subheading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// Label–value pairs (contact details, rights).
    Fields(Vec<(String, String)>),
    /// Column titles with relative widths, and rows of cells; a `'\n'` in a cell is a line break.
    Table {
        columns: Vec<(String, f32)>,
        rows: Vec<Vec<String>>,
    },
}

/// The section headings (Finnish, English), in order; numbered when written.
const HEADINGS: [(&str, &str); 10] = [
    ("Rekisterinpitäjä ja rekisteriasioista vastaava henkilö", "Controller and person responsible for the register"),
    ("Rekisterin nimi", "Name of the register"),
    ("Henkilötietojen käsittelyn tarkoitus ja oikeusperuste", "Purposes and legal basis of processing"),
    ("Rekisterin tietosisältö", "Content of the register"),
    ("Säännönmukaiset tietolähteet", "Regular sources of data"),
    (
        "Tietojen luovutukset ja siirrot EU:n tai ETA:n ulkopuolelle",
        "Disclosures and transfers outside the EU or the EEA",
    ),
    ("Rekisteröidyn oikeudet", "Rights of the data subject"),
    ("Rekisterin suojauksen periaatteet", "Principles of securing the register"),
    ("Tietojen säilytysajat", "How long the data is kept"),
    ("Oikeus tehdä valitus valvontaviranomaiselle", "Right to lodge a complaint with the supervisory authority"),
];

/// Writes the notice's sections from the register description.
fn notice_content(register: &RegisterDescription, retention: &[RetentionRule], lang: Lang, today: NaiveDate) -> Notice {
    let tx = Text(lang);
    let bodies = [
        controller(register, tx),
        register_name(register, tx),
        purposes(register, tx),
        content(register, tx),
        sources(register, tx),
        disclosures(register, tx),
        rights(register, tx),
        security(register, tx),
        retention_section(register, retention, tx),
        complaint(register, tx),
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
        title: tx.t("Tietosuojaseloste", "Privacy notice").to_owned(),
        preamble: vec![
            tx.t(
                "EU:n yleinen tietosuoja-asetus (2016/679) 13 ja 14 artikla",
                "EU General Data Protection Regulation (2016/679), Articles 13 and 14",
            )
            .to_owned(),
            tx.f("Laadittu / päivitetty {0}", "Drawn up / updated {0}", &[&finnish_date(today)]),
        ],
        date: finnish_date(today),
        sections,
    }
}

/// "6.2 Henkilötietojen käsittelijät": subheadings numbered within their section, so that they
/// read as parts of it in a letter whose headings are all one size.
pub(super) fn number_subheadings(section: usize, parts: Vec<Part>) -> Vec<Part> {
    let mut count = 0;
    parts
        .into_iter()
        .map(|part| match part {
            Part::Subheading(text) => {
                count += 1;
                Part::Subheading(format!("{section}.{count} {text}"))
            }
            other => other,
        })
        .collect()
}

/// Label–value pairs without the blank ones.
pub(super) fn fields(pairs: Vec<(&str, String)>) -> Part {
    Part::Fields(
        pairs.into_iter().filter(|(_, value)| !value.trim().is_empty()).map(|(k, v)| (k.to_owned(), v)).collect(),
    )
}

/// An item as one line: its title, and its detail after a colon.
fn item_text(item: &RegisterItem, tx: Text) -> String {
    let title = item.title.get(tx.0).trim();
    let detail = item.detail.get(tx.0).trim();
    if detail.is_empty() { title.to_owned() } else { format!("{title}: {detail}") }
}

/// The items of one list as bullets.
pub(super) fn item_bullets(register: &RegisterDescription, kind: ItemKind, tx: Text) -> Vec<String> {
    register.items_of(kind).map(|item| item_text(item, tx)).collect()
}

/// A statement of the settings as a paragraph, when it is not blank.
pub(super) fn statement(parts: &mut Vec<Part>, text: &Localized, tx: Text) {
    if !text.is_blank() {
        parts.push(Part::Paragraph(text.get(tx.0).trim().to_owned()));
    }
}

pub(super) fn controller(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let info = &register.info;
    vec![
        fields(vec![
            (tx.t("Nimi", "Name"), info.controller_name.trim().to_owned()),
            (tx.t("Y-tunnus", "Business ID"), info.business_id.trim().to_owned()),
            (tx.t("Osoite", "Address"), info.controller_address.one_line()),
            (tx.t("Puhelin", "Phone"), phone_for_abroad(&info.controller_phone, tx)),
            (tx.t("Sähköposti", "E-mail"), info.controller_email.trim().to_owned()),
        ]),
        Part::Subheading(
            tx.t("Rekisteriasioista vastaava henkilö", "Person responsible for register matters").to_owned(),
        ),
        fields(vec![
            (tx.t("Nimi", "Name"), info.responsible_name.trim().to_owned()),
            (tx.t("Tehtävä", "Title"), info.responsible_title.get(tx.0).trim().to_owned()),
            (tx.t("Osoite", "Address"), info.responsible_address.one_line()),
            (tx.t("Sähköposti", "E-mail"), info.responsible_email.trim().to_owned()),
            (tx.t("Puhelin", "Phone"), phone_for_abroad(&info.responsible_phone, tx)),
        ]),
    ]
}

fn register_name(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    vec![Part::Paragraph(register.info.register_name.get(tx.0).trim().to_owned())]
}

pub(super) fn purposes(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let info = &register.info;
    let rows = register
        .purposes
        .iter()
        .map(|purpose| {
            let name = purpose.name.get(tx.0).trim();
            let description = purpose.description.get(tx.0).trim();
            let text = if description.is_empty() { name.to_owned() } else { format!("{name}\n{description}") };
            vec![text, purpose.legal_basis.label(tx.0).to_owned()]
        })
        .collect();
    let mut parts = vec![
        Part::Paragraph(
            tx.t(
                "Henkilötietoja käsitellään seuraaviin tarkoituksiin seuraavin oikeusperustein (tietosuoja-asetuksen 6\u{a0}artikla):",
                "Personal data is processed for the following purposes on the following legal bases (GDPR Art.\u{a0}6):",
            )
            .to_owned(),
        ),
        Part::Table {
            columns: vec![
                (tx.t("Käyttötarkoitus", "Purpose").to_owned(), 115.0),
                (tx.t("Oikeusperuste", "Legal basis").to_owned(), 55.0),
            ],
            rows,
        },
    ];
    statement(&mut parts, &info.basis_statement, tx);
    statement(&mut parts, &info.outsourcing_statement, tx);
    statement(&mut parts, &info.automated_decisions, tx);
    parts
}

fn content(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    vec![
        Part::Paragraph(
            tx.t("Rekisteri voi sisältää seuraavia tietoja:", "The register may hold the following data:").to_owned(),
        ),
        Part::Bullets(item_bullets(register, ItemKind::Category, tx)),
    ]
}

fn sources(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    vec![
        Part::Paragraph(
            tx.t(
                "Asiakasta koskevat tiedot saadaan säännönmukaisesti:",
                "Data about a customer is regularly obtained from:",
            )
            .to_owned(),
        ),
        Part::Bullets(item_bullets(register, ItemKind::Source, tx)),
    ]
}

fn disclosures(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let mut parts = Vec::new();
    let disclosed = item_bullets(register, ItemKind::Disclosure, tx);
    if disclosed.is_empty() {
        parts.push(Part::Paragraph(
            tx.t("Tietoja ei luovuteta säännönmukaisesti.", "Data is not regularly disclosed.").to_owned(),
        ));
    } else {
        parts.push(Part::Paragraph(
            tx.t("Tietoja luovutetaan säännönmukaisesti:", "Data is regularly disclosed:").to_owned(),
        ));
        parts.push(Part::Bullets(disclosed));
    }

    parts.push(Part::Subheading(tx.t("Henkilötietojen käsittelijät", "Processors").to_owned()));
    let processors = item_bullets(register, ItemKind::Processor, tx);
    if processors.is_empty() {
        parts.push(Part::Paragraph(
            tx.t("Rekisterinpitäjä käsittelee tiedot itse.", "The controller processes the data itself.").to_owned(),
        ));
    } else {
        parts.push(Part::Paragraph(
            tx.t(
                "Seuraavat käsittelijät käsittelevät tietoja rekisterinpitäjän puolesta:",
                "These processors process the data on the controller's behalf:",
            )
            .to_owned(),
        ));
        parts.push(Part::Bullets(processors));
    }

    parts.push(Part::Subheading(
        tx.t("Siirrot EU:n tai ETA:n ulkopuolelle", "Transfers outside the EU or the EEA").to_owned(),
    ));
    statement(&mut parts, &register.info.transfers_statement, tx);
    let transfers = transfer_bullets(register, tx);
    if !transfers.is_empty() {
        parts.push(Part::Paragraph(
            tx.t("Siirrot ja niiden suojatoimet:", "Transfers and their safeguards:").to_owned(),
        ));
        parts.push(Part::Bullets(transfers));
    } else if register.info.transfers_statement.is_blank() {
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

/// The transfer items, each with its safeguard.
pub(super) fn transfer_bullets(register: &RegisterDescription, tx: Text) -> Vec<String> {
    register
        .items_of(ItemKind::Transfer)
        .map(|item| {
            let title = item.title.get(tx.0).trim();
            let safeguard = item.detail.get(tx.0).trim();
            if safeguard.is_empty() {
                title.to_owned()
            } else {
                tx.f("{0}; suojatoimi: {1}", "{0}; safeguard: {1}", &[title, safeguard])
            }
        })
        .collect()
}

fn rights(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let info = &register.info;
    let rights = [
        (
            tx.t("Oikeus saada pääsy tietoihin", "Right of access"),
            tx.t(
                "Rekisteröidyllä on oikeus tarkastaa, mitä häntä koskevia tietoja rekisteriin on tallennettu, ja saada niistä jäljennös (15 artikla).",
                "The data subject may check what data about them the register holds and receive a copy of it (Art. 15).",
            ),
        ),
        (
            tx.t("Oikeus tietojen oikaisemiseen", "Right to rectification"),
            tx.t(
                "Virheelliset, puutteelliset tai vanhentuneet tiedot oikaistaan pyynnöstä (16 artikla). Pyynnössä yksilöidään, mikä tieto on virheellinen ja mikä on oikea tieto.",
                "Inaccurate, incomplete or outdated data is corrected on request (Art. 16). The request should say which data is wrong and what is correct.",
            ),
        ),
        (
            tx.t("Oikeus tietojen poistamiseen", "Right to erasure"),
            tx.t(
                "Rekisteröity voi pyytää tietojensa poistamista, kun niitä ei enää tarvita tai niiden käsittelylle ei ole perustetta (17 artikla). Tiedot, jotka laki velvoittaa säilyttämään, poistetaan säilytysajan päätyttyä.",
                "The data subject may ask for their data to be erased when it is no longer needed or there is no ground for processing it (Art. 17). Data the law requires to be kept is erased when its retention period ends.",
            ),
        ),
        (
            tx.t("Oikeus käsittelyn rajoittamiseen", "Right to restriction of processing"),
            tx.t(
                "Rekisteröity voi pyytää, että hänen tietojaan vain säilytetään eikä muuten käsitellä esimerkiksi sinä aikana, kun niiden oikeellisuutta selvitetään (18 artikla).",
                "The data subject may ask that their data only be stored and not otherwise processed, for example while its accuracy is being checked (Art. 18).",
            ),
        ),
        (
            tx.t("Oikeus siirtää tiedot järjestelmästä toiseen", "Right to data portability"),
            tx.t(
                "Rekisteröity voi saada itse antamansa tiedot jäsennellyssä, koneluettavassa muodossa ja siirtää ne toiselle rekisterinpitäjälle (20 artikla).",
                "The data subject may receive the data they have given in a structured, machine-readable format and pass it on to another controller (Art. 20).",
            ),
        ),
        (
            tx.t("Vastustamisoikeus ja kielto-oikeus", "Right to object"),
            tx.t(
                "Rekisteröidyllä on oikeus milloin tahansa kieltää tietojensa käsittely suoramainontaa, etämyyntiä ja muuta suoramarkkinointia sekä markkina- ja mielipidetutkimusta varten (21 artikla). Kielto tulee voimaan heti, kun se on kirjattu.",
                "The data subject may at any time object to the processing of their data for direct advertising, distance selling and other direct marketing, and for market and opinion research (Art. 21). An objection takes effect as soon as it is recorded.",
            ),
        ),
        (
            tx.t("Oikeus peruuttaa suostumus", "Right to withdraw consent"),
            tx.t(
                "Rekisteröity voi peruuttaa kaikki antamansa suostumukset milloin tahansa. Peruuttaminen ei vaikuta sitä ennen tehdyn käsittelyn lainmukaisuuteen (7 artiklan 3 kohta).",
                "The data subject may withdraw any consent at any time. Withdrawal does not affect the lawfulness of processing before it (Art. 7(3)).",
            ),
        ),
    ];
    let address = info.controller_address.one_line();
    let email = info.responsible_email.trim();
    let how = match (address.is_empty(), email.is_empty()) {
        (false, false) => tx.f(
            "Pyynnöt oikeuksien käyttämisestä tehdään kirjallisesti kohdassa 1 mainittuun osoitteeseen ({0}) tai rekisteriasioista vastaavan henkilön sähköpostiin {1}.",
            "Requests to use these rights are made in writing to the address in section 1 ({0}) or to the e-mail of the person responsible for register matters, {1}.",
            &[&address, email],
        ),
        (true, false) => tx.f(
            "Pyynnöt oikeuksien käyttämisestä tehdään kirjallisesti rekisteriasioista vastaavan henkilön sähköpostiin {0}.",
            "Requests to use these rights are made in writing to the e-mail of the person responsible for register matters, {0}.",
            &[email],
        ),
        _ => tx.f(
            "Pyynnöt oikeuksien käyttämisestä tehdään kirjallisesti kohdassa 1 mainittuun osoitteeseen ({0}).",
            "Requests to use these rights are made in writing to the address in section 1 ({0}).",
            &[&address],
        ),
    };
    vec![
        Part::Paragraph(
            tx.t(
                "Rekisteröidyllä on EU:n yleisen tietosuoja-asetuksen mukaan seuraavat oikeudet:",
                "Under the EU General Data Protection Regulation the data subject has the following rights:",
            )
            .to_owned(),
        ),
        Part::Fields(rights.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
        Part::Subheading(tx.t("Oikeuksien käyttäminen", "How to use the rights").to_owned()),
        Part::Paragraph(how),
        Part::Paragraph(
            tx.t(
                "Pyyntöön vastataan viimeistään kuukauden kuluessa sen saapumisesta. Jos pyyntöjä on paljon tai ne ovat monimutkaisia, määräaikaa voidaan jatkaa enintään kahdella kuukaudella; jatkamisesta ja sen syistä kerrotaan kuukauden kuluessa.",
                "Requests are answered within one month of receipt. If requests are numerous or complex, the time may be extended by at most two further months; the extension and its reasons are told within the first month.",
            )
            .to_owned(),
        ),
    ]
}

pub(super) fn security(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let info = &register.info;
    let mut parts = Vec::new();
    if !info.security_paper.is_blank() {
        parts.push(Part::Subheading(tx.t("Manuaalinen aineisto", "Paper material").to_owned()));
        statement(&mut parts, &info.security_paper, tx);
    }
    if !info.security_electronic.is_blank() {
        parts.push(Part::Subheading(tx.t("Sähköisesti tallennetut tiedot", "Electronically stored data").to_owned()));
        statement(&mut parts, &info.security_electronic, tx);
    }
    parts
}

fn retention_section(register: &RegisterDescription, retention: &[RetentionRule], tx: Text) -> Vec<Part> {
    let mut parts = Vec::new();
    statement(&mut parts, &register.info.retention_statement, tx);
    let months = register.info.review_interval_months.max(1);
    let review = if months == 1 {
        tx.t("Rekisteri katselmoidaan kuukausittain.", "The register is reviewed every month.").to_owned()
    } else {
        tx.f(
            "Rekisteri katselmoidaan {0} kuukauden välein.",
            "The register is reviewed every {0} months.",
            &[&months.to_string()],
        )
    };
    parts.push(Part::Paragraph(review));
    let rows: Vec<Vec<String>> = retention
        .iter()
        .filter(|rule| rule.active)
        .map(|rule| {
            vec![
                rule.category.label(tx.0).to_owned(),
                retention_period(rule, tx),
                rule.reason.get(tx.0).trim().to_owned(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        parts.push(Part::Paragraph(
            tx.t("Säilytysajat tietoryhmittäin:", "Retention periods by kind of data:").to_owned(),
        ));
        parts.push(Part::Table {
            columns: vec![
                (tx.t("Tiedot", "Data").to_owned(), 38.0),
                (tx.t("Säilytysaika", "Kept for").to_owned(), 44.0),
                (tx.t("Peruste", "Reason").to_owned(), 88.0),
            ],
            rows,
        });
    }
    parts
}

fn complaint(register: &RegisterDescription, tx: Text) -> Vec<Part> {
    let authority = &register.info.authority;
    vec![
        Part::Paragraph(
            tx.t(
                "Jos rekisteröity katsoo, että hänen henkilötietojensa käsittelyssä rikotaan tietosuojasäännöksiä, hänellä on oikeus tehdä valitus valvontaviranomaiselle (tietosuoja-asetuksen 77 artikla).",
                "A data subject who considers that the processing of their personal data infringes data protection law has the right to lodge a complaint with the supervisory authority (GDPR Art. 77).",
            )
            .to_owned(),
        ),
        Part::Paragraph(
            tx.t("Valvontaviranomaisen yhteystiedot:", "The supervisory authority's contact details:").to_owned(),
        ),
        fields(vec![
            (tx.t("Viranomainen", "Authority"), authority.name.get(tx.0).trim().to_owned()),
            (tx.t("Käyntiosoite", "Visiting address"), authority.visiting_address.one_line()),
            (tx.t("Postiosoite", "Postal address"), authority.postal_address.get(tx.0).trim().to_owned()),
            (tx.t("Puhelin", "Phone"), phone_for_abroad(&authority.phone, tx)),
            (tx.t("Sähköposti", "E-mail"), authority.email.trim().to_owned()),
            (tx.t("Verkkosivut", "Website"), authority.web.trim().to_owned()),
        ]),
        Part::Paragraph(
            tx.t(
                "Henkilötietoja käsitellään EU:n yleisen tietosuoja-asetuksen (EU) 2016/679 ja tietosuojalain (1050/2018) mukaisesti.",
                "Personal data is processed in accordance with the EU General Data Protection Regulation (EU) 2016/679 and the Finnish Data Protection Act (1050/2018).",
            )
            .to_owned(),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/// The notice as a letter: the controller as sender, no recipient.
fn letter_blocks(notice: &Notice, register: &RegisterDescription, lang: Lang) -> (LetterHead, Vec<Block>) {
    let tx = Text(lang);
    document_blocks(notice, register, tx.t("TIETOSUOJASELOSTE", "PRIVACY NOTICE"), "EU 2016/679")
}

/// A document written as a [`Notice`] as a letter: the controller as sender, no recipient;
/// `document_name` and `reference` head the page.
pub(super) fn document_blocks(
    notice: &Notice,
    register: &RegisterDescription,
    document_name: &str,
    reference: &str,
) -> (LetterHead, Vec<Block>) {
    let info = &register.info;
    let address = &info.controller_address;
    let sender_lines = [
        info.controller_name.trim().to_owned(),
        address.street.trim().to_owned(),
        format!("{} {}", address.postal_code.trim(), address.city.trim()).trim().to_owned(),
    ]
    .into_iter()
    .filter(|line| !line.is_empty())
    .collect();
    let head = LetterHead {
        sender_lines,
        document_name: document_name.to_owned(),
        date: notice.date.clone(),
        reference: reference.to_owned(),
        recipient_lines: Vec::new(),
    };

    let mut blocks = vec![Block::Heading(notice.title.clone())];
    blocks.extend(notice.preamble.iter().map(|line| Block::Paragraph(line.clone())));
    for section in &notice.sections {
        blocks.push(Block::Space(2.0));
        blocks.push(Block::Heading(section.heading.clone()));
        for part in &section.parts {
            blocks.push(match part {
                Part::Subheading(text) => Block::Heading(text.clone()),
                Part::Paragraph(text) => Block::Paragraph(text.clone()),
                Part::Bullets(items) => Block::Bullets(items.clone()),
                Part::Fields(pairs) => Block::KeyValues(pairs.clone()),
                Part::Table { columns, rows } => Block::Table { columns: columns.clone(), rows: rows.clone() },
            });
        }
    }
    (head, blocks)
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// User text made literal in Markdown: the characters that start emphasis, code, links, HTML,
/// headings, table cells or entities are backslash-escaped (CommonMark allows that for any ASCII
/// punctuation), and a line break, which would end a table row or list item, becomes `<br>`.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// [`markdown_text`] for a text that begins a paragraph or follows a list bullet: a first mark
/// that would open a list, a thematic break or a setext underline ("- x", "1. x", "===") is
/// escaped too.
fn markdown_block(text: &str) -> String {
    let escaped = markdown_text(text);
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    if escaped.starts_with(['-', '+', '=']) {
        format!("\\{escaped}")
    } else if digits > 0 && escaped[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &escaped[..digits], &escaped[digits..])
    } else {
        escaped
    }
}

fn markdown(notice: &Notice) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail: the results of `writeln!` are ignored below.
    let _ = writeln!(out, "# {}\n", markdown_text(&notice.title));
    for line in &notice.preamble {
        let _ = writeln!(out, "{}  ", markdown_block(line));
    }
    for section in &notice.sections {
        let _ = writeln!(out, "\n## {}", markdown_text(&section.heading));
        for part in &section.parts {
            out.push('\n');
            match part {
                Part::Subheading(text) => {
                    let _ = writeln!(out, "### {}", markdown_text(text));
                }
                Part::Paragraph(text) => {
                    let _ = writeln!(out, "{}", markdown_block(text));
                }
                Part::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", markdown_block(item));
                    }
                }
                Part::Fields(pairs) => {
                    for (key, value) in pairs {
                        let _ = writeln!(out, "- **{}:** {}", markdown_text(key), markdown_text(value));
                    }
                }
                Part::Table { columns, rows } => {
                    let titles: Vec<String> = columns.iter().map(|(title, _)| markdown_text(title)).collect();
                    let _ = writeln!(out, "| {} |", titles.join(" | "));
                    let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
                    for row in rows {
                        let cells: Vec<String> = (0..columns.len())
                            .map(|i| row.get(i).map_or_else(String::new, |c| markdown_text(c)))
                            .collect();
                        let _ = writeln!(out, "| {} |", cells.join(" | "));
                    }
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/// User text made literal in HTML (text and attribute values alike).
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped, with a line break for each `'\n'`.
fn html_lines(text: &str) -> String {
    html_text(text).replace('\n', "<br>")
}

const HTML_STYLE: &str = "body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:48em;margin:2em auto;\
padding:0 1em;line-height:1.45;color:#222}h1{margin-bottom:.2em}h2{margin-top:1.6em;font-size:1.2em}\
h3{font-size:1em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em .5em;\
text-align:left;vertical-align:top}th{background:#f0f0f0}dt{font-weight:bold}dd{margin:0 0 .5em 1.5em}\
.preamble{color:#555;margin-top:0}";

fn html(notice: &Notice, lang: Lang) -> String {
    let mut out = String::new();
    let title = html_text(&notice.title);
    let _ = writeln!(out, "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">", lang.code());
    let _ = writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = writeln!(out, "<title>{title}</title>\n<style>{HTML_STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(out, "<h1>{title}</h1>");
    let preamble: Vec<String> = notice.preamble.iter().map(|line| html_text(line)).collect();
    let _ = writeln!(out, "<p class=\"preamble\">{}</p>", preamble.join("<br>"));
    for section in &notice.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", html_text(&section.heading));
        for part in &section.parts {
            html_part(&mut out, part);
        }
        let _ = writeln!(out, "</section>");
    }
    let _ = writeln!(out, "</main>\n</body>\n</html>");
    out
}

fn html_part(out: &mut String, part: &Part) {
    match part {
        Part::Subheading(text) => {
            let _ = writeln!(out, "<h3>{}</h3>", html_text(text));
        }
        Part::Paragraph(text) => {
            let _ = writeln!(out, "<p>{}</p>", html_lines(text));
        }
        Part::Bullets(items) => {
            let _ = writeln!(out, "<ul>");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", html_lines(item));
            }
            let _ = writeln!(out, "</ul>");
        }
        Part::Fields(pairs) => {
            let _ = writeln!(out, "<dl>");
            for (key, value) in pairs {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", html_text(key), html_lines(value));
            }
            let _ = writeln!(out, "</dl>");
        }
        Part::Table { columns, rows } => {
            let _ = write!(out, "<table>\n<thead><tr>");
            for (title, _) in columns {
                let _ = write!(out, "<th>{}</th>", html_text(title));
            }
            let _ = writeln!(out, "</tr></thead>\n<tbody>");
            for row in rows {
                let _ = write!(out, "<tr>");
                for i in 0..columns.len() {
                    let _ = write!(out, "<td>{}</td>", row.get(i).map_or_else(String::new, |cell| html_lines(cell)));
                }
                let _ = writeln!(out, "</tr>");
            }
            let _ = writeln!(out, "</tbody>\n</table>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{pdftotext, sample_register as register};
    use crate::sample::default_retention_rules;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    /// The notice as text to search: PDF read back, Markdown and HTML as they are; runs of white
    /// space (line wraps, layout columns) folded to one space.
    fn notice_text(register: &RegisterDescription, lang: Lang, format: NoticeFormat) -> String {
        let bytes = privacy_notice(register, &default_retention_rules(), lang, format, today()).unwrap();
        let text = match format {
            NoticeFormat::Pdf => {
                assert!(bytes.starts_with(b"%PDF"));
                pdftotext(&bytes)
            }
            _ => String::from_utf8(bytes).unwrap(),
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// What a reader of the format sees for `text`: Markdown escapes, HTML entities.
    fn as_written(text: &str, format: NoticeFormat) -> String {
        match format {
            NoticeFormat::Pdf => text.to_owned(),
            NoticeFormat::Markdown => markdown_text(text),
            NoticeFormat::Html => html_text(text),
        }
    }

    const FORMATS: [NoticeFormat; 3] = [NoticeFormat::Pdf, NoticeFormat::Markdown, NoticeFormat::Html];

    #[test]
    fn every_format_and_language_holds_every_section_purpose_source_and_disclosure() {
        let register = register();
        for lang in [Lang::Fi, Lang::En] {
            for format in FORMATS {
                let text = notice_text(&register, lang, format);
                let mut wanted: Vec<String> = HEADINGS
                    .iter()
                    .enumerate()
                    .map(|(i, (fi, en))| format!("{}. {}", i + 1, Text(lang).t(fi, en)))
                    .collect();
                wanted.push(Text(lang).t("Tietosuojaseloste", "Privacy notice").to_owned());
                wanted.extend(register.purposes.iter().map(|p| p.name.get(lang).to_owned()));
                wanted.extend(
                    register
                        .items
                        .iter()
                        .filter(|item| matches!(item.kind, ItemKind::Source | ItemKind::Disclosure))
                        .map(|item| item.title.get(lang).to_owned()),
                );
                wanted.extend([
                    "tietosuoja@om.fi".to_owned(),
                    "Lintulahdenkuja 4, 00530 Helsinki".to_owned(),
                    register.info.authority.postal_address.get(lang).to_owned(),
                    "1050/2018".to_owned(),
                    "2016/679".to_owned(),
                    "2633954-7".to_owned(),
                    "25.11.2026".to_owned(),
                ]);
                let missing: Vec<&String> = wanted
                    .iter()
                    .filter(|w| {
                        let w = as_written(w, format).split_whitespace().collect::<Vec<_>>().join(" ");
                        !text.contains(&w)
                    })
                    .collect();
                assert!(missing.is_empty(), "{lang:?} {format:?} lacks {missing:?}:\n{text}");
                assert!(!text.contains("523/99"), "{lang:?} {format:?} cites the repealed Personal Data Act");
                assert!(!text.contains("523/1999"), "{lang:?} {format:?} cites the repealed Personal Data Act");
            }
        }
    }

    #[test]
    fn every_right_is_named_with_its_article() {
        for (lang, articles) in [
            (
                Lang::Fi,
                [
                    "15 artikla",
                    "16 artikla",
                    "17 artikla",
                    "18 artikla",
                    "20 artikla",
                    "21 artikla",
                    "7 artiklan 3 kohta",
                ],
            ),
            (Lang::En, ["Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 7(3)"]),
        ] {
            let text = notice_text(&register(), lang, NoticeFormat::Markdown);
            for article in articles {
                assert!(text.contains(&markdown_text(article)), "{lang:?} lacks {article}");
            }
        }
        let text = notice_text(&register(), Lang::Fi, NoticeFormat::Html);
        assert!(text.contains("etämyyntiä"), "{text}");
        assert!(text.contains("3 kuukauden välein"), "{text}");
        assert!(text.contains("kuukauden kuluessa"), "{text}");
    }

    #[test]
    fn html_is_a_whole_document_and_escapes_a_script_in_a_purpose_name() {
        let mut register = register();
        register.purposes[0].name =
            Localized::new("<script>alert('x')</script> & co", "<script>alert('x')</script> & co");
        let html =
            String::from_utf8(privacy_notice(&register, &[], Lang::En, NoticeFormat::Html, today()).unwrap()).unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), "{html}");
        assert!(html.trim_end().ends_with("</html>"));
        let finnish = privacy_notice(&register, &[], Lang::Fi, NoticeFormat::Html, today()).unwrap();
        assert!(String::from_utf8(finnish).unwrap().contains("<html lang=\"fi\">"));
    }

    #[test]
    fn markdown_escapes_a_pipe_in_a_table_cell() {
        let mut register = register();
        register.purposes[0].name = Localized::new("Myynti | *tärkeä* _x_", "Sales | *key* _x_");
        let md = String::from_utf8(privacy_notice(&register, &[], Lang::En, NoticeFormat::Markdown, today()).unwrap())
            .unwrap();
        let row = md.lines().find(|line| line.contains("Sales")).unwrap();
        assert_eq!(row, "| Sales \\| \\*key\\* \\_x\\_ | Customer relationship (contract) |");
        assert!(md.starts_with("# Privacy notice\n"));
        assert!(md.contains("\n## 1. Controller and person responsible for the register\n"));
    }

    #[test]
    fn markdown_keeps_user_text_literal() {
        assert_eq!(markdown_text("a|b *c* _d_ <e> [f](g) #h"), "a\\|b \\*c\\* \\_d\\_ \\<e\\> \\[f\\](g) \\#h");
        assert_eq!(markdown_block("- x"), "\\- x");
        assert_eq!(markdown_block("==="), "\\===");
        assert_eq!(markdown_block("12. x 3. y"), "12\\. x 3. y");
        assert_eq!(markdown_block("2633954-7"), "2633954-7");
        assert_eq!(markdown_text("1. Rekisterinpitäjä"), "1. Rekisterinpitäjä");
        assert_eq!(markdown_text("a\nb"), "a<br>b");
    }

    #[test]
    fn a_blank_controller_name_refuses_the_notice_naming_it() {
        let mut register = register();
        register.info.controller_name = "  ".into();
        for format in FORMATS {
            match privacy_notice(&register, &[], Lang::Fi, format, today()) {
                Err(NoticeError::Missing(items)) => assert_eq!(items, [MissingItem::ControllerName]),
                other => panic!("expected Missing, got {:?}", other.map(|bytes| bytes.len())),
            }
        }
        assert_eq!(MissingItem::ControllerName.label(Lang::Fi), "Rekisterinpitäjän nimi");
        assert_eq!(MissingItem::ControllerName.label(Lang::En), "Controller's name");
    }

    #[test]
    fn a_new_register_lacks_every_item_it_cannot_default() {
        let blank = RegisterDescription {
            info: crate::domain::register::RegisterInfo::new_blank(),
            ..RegisterDescription::default()
        };
        let missing = missing_items(&blank);
        for item in [
            MissingItem::ControllerName,
            MissingItem::BusinessId,
            MissingItem::ControllerAddress,
            MissingItem::ResponsibleName,
            MissingItem::ResponsibleContact,
            MissingItem::RegisterName(Lang::Fi),
            MissingItem::Purposes,
            MissingItem::BasisStatement,
            MissingItem::DataCategories,
            MissingItem::Sources,
            MissingItem::SecurityPrinciples,
            MissingItem::RetentionStatement,
        ] {
            assert!(missing.contains(&item), "{item:?} not in {missing:?}");
        }
        // Today's authority is the default of a new register.
        assert!(!missing.contains(&MissingItem::AuthorityEmail));
        assert!(missing_items(&register()).is_empty());
        // Only the register name in the notice's own language is needed.
        let mut english_only = register();
        english_only.info.register_name.fi.clear();
        assert!(privacy_notice(&english_only, &[], Lang::En, NoticeFormat::Markdown, today()).is_ok());
        assert!(matches!(
            privacy_notice(&english_only, &[], Lang::Fi, NoticeFormat::Markdown, today()),
            Err(NoticeError::Missing(items)) if items == [MissingItem::RegisterName(Lang::Fi)]
        ));
    }

    #[test]
    fn the_notice_follows_the_settings() {
        let mut register = register();
        register.info.controller_name = "Luomupuoti Oy".into();
        register.info.review_interval_months = 6;
        for format in FORMATS {
            let text = notice_text(&register, Lang::Fi, format);
            assert!(text.contains("Luomupuoti Oy"), "{format:?}");
            assert!(text.contains("6 kuukauden välein"), "{format:?}");
        }
    }

    #[test]
    fn active_retention_rules_are_listed_with_period_and_reason() {
        let mut rules = default_retention_rules();
        rules[0].active = false;
        let md =
            String::from_utf8(privacy_notice(&register(), &rules, Lang::En, NoticeFormat::Markdown, today()).unwrap())
                .unwrap();
        assert!(
            md.contains("| Customers | 3 years after the last activity |") || md.contains("| Customers | 3 years"),
            "{md}"
        );
        assert!(!md.contains(&markdown_text(rules[0].reason.en.as_str())), "an inactive rule is listed");
        assert!(md.contains(&markdown_text(rules[5].reason.en.as_str())));
    }
}
