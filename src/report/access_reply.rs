//! The reply to an access request (GDPR Art. 15): a signed Finnish business letter, in Finnish or
//! English, that tells a person everything the register holds on them: every datum grouped by
//! the notice's §4 categories with where and when it was obtained, their consents and objections,
//! the purposes and legal bases, recipients, transfers, retention, sources, their rights and the
//! supervisory authority. A person the register holds nothing on gets a short letter saying so,
//! with their rights and the authority still in it.
//!
//! A pure function of data: the caller gathers the [`Dossier`] and the register description
//! first. Not here: loading data, recording that a reply was sent (the store), or the page layout
//! itself (`letter`). The letter's sentences live here as (Finnish, English) pairs: they are the
//! document's text, not the UI's.

use chrono::NaiveDate;

use super::letter::{Block, LetterError, LetterHead, render_letter};
use super::words::{Text, columns, lowercase_first, phone_for_abroad, retention_period};
use crate::domain::consent::{
    Channel, ObjectionAction, ObjectionKind, current_consents, has_consent, standing_objections,
};
use crate::domain::customer::{Address, Customer, InteractionKind, Order, Provenance, Source};
use crate::domain::dossier::Dossier;
use crate::domain::register::{ItemKind, RegisterDescription, RegisterItem};
use crate::domain::retention::{RetentionCategory, RetentionRule};
use crate::domain::validate::phone_display;
use crate::domain::{Lang, euros, finnish_date};
use crate::i18n::Label as _;

/// The access reply as the bytes of a PDF. `signature_png` is a scanned signature placed above
/// the signing line (none: the line is left blank to sign by hand).
///
/// # Errors
///
/// [`LetterError::Image`] if `signature_png` is not a usable PNG; otherwise only what
/// [`render_letter`] reports (fonts that cannot be loaded, a PDF that cannot be written).
pub fn access_reply(
    dossier: &Dossier,
    register: &RegisterDescription,
    retention: &[RetentionRule],
    lang: Lang,
    today: NaiveDate,
    signature_png: Option<&[u8]>,
) -> Result<Vec<u8>, LetterError> {
    let (head, mut blocks) = access_reply_blocks(dossier, register, retention, lang, today);
    if let Some(png) = signature_png {
        for block in &mut blocks {
            if let Block::Signature { image_png, .. } = block {
                *image_png = Some(png.to_vec());
            }
        }
    }
    render_letter(&head, &blocks)
}

/// The access reply's head and body, not yet laid out: what [`access_reply`] renders, for tests
/// and benchmarks to inspect. The signature block carries no image.
pub fn access_reply_blocks(
    dossier: &Dossier,
    register: &RegisterDescription,
    retention: &[RetentionRule],
    lang: Lang,
    today: NaiveDate,
) -> (LetterHead, Vec<Block>) {
    let head = letter_head(dossier, register, lang, today);
    let mut reply = Reply { dossier, register, retention, tx: Text(lang), body: Vec::new(), section: 0, subsection: 0 };
    match &dossier.customer {
        Some(customer) => reply.full_reply(customer),
        None => reply.no_data_reply(),
    }
    reply.signature(today);
    (head, reply.body)
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// A language code as a word ("sv" → "ruotsi" / "Swedish"); an unknown code as itself.
fn language_name(code: &str, tx: Text) -> String {
    let name = match code.trim().to_lowercase().as_str() {
        "fi" => tx.t("suomi", "Finnish"),
        "sv" => tx.t("ruotsi", "Swedish"),
        "en" => tx.t("englanti", "English"),
        "se" | "smn" | "sms" => tx.t("saame", "Sami"),
        "ru" => tx.t("venäjä", "Russian"),
        "et" => tx.t("viro", "Estonian"),
        "de" => tx.t("saksa", "German"),
        "fr" => tx.t("ranska", "French"),
        _ => return code.trim().to_owned(),
    };
    name.to_owned()
}

/// A country code as a word for an address outside Finland; an unknown code as itself.
fn country_name(code: &str, tx: Text) -> String {
    let name = match code.trim().to_uppercase().as_str() {
        "SE" => tx.t("Ruotsi", "Sweden"),
        "NO" => tx.t("Norja", "Norway"),
        "EE" => tx.t("Viro", "Estonia"),
        "DE" => tx.t("Saksa", "Germany"),
        "DK" => tx.t("Tanska", "Denmark"),
        _ => return code.trim().to_uppercase(),
    };
    name.to_owned()
}

fn is_finland(country: &str) -> bool {
    let country = country.trim();
    country.is_empty() || country.eq_ignore_ascii_case("FI")
}

/// A payment reference as printed: one that looks like a whole card number (12 or more digits)
/// shows only its last four, whatever reached the register.
fn masked_reference(reference: &str) -> String {
    let digits: Vec<char> = reference.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 12 {
        return reference.trim().to_owned();
    }
    let last: String = digits[digits.len() - 4..].iter().collect();
    format!("**** {last}")
}

/// Where a datum came from, as its source label with the detail the register keeps.
fn source_text(provenance: &Provenance, tx: Text) -> String {
    let label = provenance.source.label(tx.0);
    let detail = provenance.detail.trim();
    if detail.is_empty() { label.to_owned() } else { format!("{label}: {detail}") }
}

/// An address as lines: street, postal code and town (in capitals for the address field, the
/// customary form there), and the country when it is not Finland.
fn address_lines(address: &Address, tx: Text, town_in_capitals: bool) -> Vec<String> {
    let town = if town_in_capitals { address.city.trim().to_uppercase() } else { address.city.trim().to_owned() };
    let mut lines = vec![address.street.trim().to_owned()];
    lines.push(format!("{} {town}", address.postal_code.trim()).trim().to_owned());
    if !is_finland(&address.country) {
        lines.push(country_name(&address.country, tx));
    }
    lines.retain(|line| !line.is_empty());
    lines
}

/// The address the reply is sent to: the home address first, else the first one recorded.
fn mailing_address(customer: &Customer) -> Option<&Address> {
    use crate::domain::customer::AddressKind;
    customer.addresses.iter().find(|a| a.kind == AddressKind::Home).or_else(|| customer.addresses.first())
}

// ---------------------------------------------------------------------------------------------
// The head
// ---------------------------------------------------------------------------------------------

fn letter_head(dossier: &Dossier, register: &RegisterDescription, lang: Lang, today: NaiveDate) -> LetterHead {
    let tx = Text(lang);
    let info = &register.info;
    let sender_lines = [
        info.controller_name.trim().to_owned(),
        info.controller_address.street.trim().to_owned(),
        format!("{} {}", info.controller_address.postal_code.trim(), info.controller_address.city.trim())
            .trim()
            .to_owned(),
    ]
    .into_iter()
    .filter(|line| !line.is_empty())
    .collect();

    let mut recipient_lines = vec![dossier.recipient_name()];
    match &dossier.customer {
        Some(customer) => {
            if let Some(address) = mailing_address(customer) {
                recipient_lines.extend(address_lines(address, tx, true));
            }
        }
        None => recipient_lines.extend(given_address_lines(&dossier.subject_address)),
    }
    recipient_lines.retain(|line| !line.trim().is_empty());

    LetterHead {
        sender_lines,
        document_name: tx.t("VASTAUS TARKASTUSPYYNTÖÖN", "REPLY TO YOUR ACCESS REQUEST").to_owned(),
        date: finnish_date(today),
        reference: tx.f("Viite {0}", "Your ref. {0}", &[dossier.request.reference.trim()]),
        recipient_lines,
    }
}

/// The address a request gave, as lines: split at line breaks, or at commas when it was typed
/// on one line ("Kirkkotie 5, 47200 Elimäki").
fn given_address_lines(address: &str) -> Vec<String> {
    let split: Vec<&str> =
        if address.contains('\n') { address.split('\n').collect() } else { address.split(',').collect() };
    split.into_iter().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

// ---------------------------------------------------------------------------------------------
// The body
// ---------------------------------------------------------------------------------------------

/// The body being written, with the numbering of its headings.
struct Reply<'a> {
    dossier: &'a Dossier,
    register: &'a RegisterDescription,
    retention: &'a [RetentionRule],
    tx: Text,
    body: Vec<Block>,
    section: u32,
    subsection: u32,
}

impl Reply<'_> {
    fn section(&mut self, fi: &'static str, en: &'static str) {
        self.section += 1;
        self.subsection = 0;
        self.body.push(Block::Heading(format!("{} {}", self.section, self.tx.t(fi, en))));
    }

    fn subsection(&mut self, fi: &'static str, en: &'static str) {
        self.subsection += 1;
        self.body.push(Block::Heading(format!("{}.{} {}", self.section, self.subsection, self.tx.t(fi, en))));
    }

    fn paragraph(&mut self, text: impl Into<String>) {
        self.body.push(Block::Paragraph(text.into()));
    }

    fn none(&mut self) {
        self.paragraph(self.tx.none());
    }

    /// A table of data, each row (item, value) with its source and date: the shape of most §4
    /// categories. No rows: "None".
    fn data_table(&mut self, rows: Vec<[String; 4]>) {
        if rows.is_empty() {
            self.none();
            return;
        }
        let columns = columns(
            self.tx,
            &[("Tieto", "Item", 32.0), ("Arvo", "Value", 60.0), ("Lähde", "Source", 52.0), ("Saatu", "Obtained", 26.0)],
        );
        self.body.push(Block::Table { columns, rows: rows.into_iter().map(Vec::from).collect() });
    }

    fn data_row(&self, item: impl Into<String>, value: impl Into<String>, provenance: &Provenance) -> [String; 4] {
        [item.into(), value.into(), source_text(provenance, self.tx), finnish_date(provenance.obtained_on)]
    }

    // -- the two letters --------------------------------------------------------------------

    fn full_reply(&mut self, customer: &Customer) {
        self.opening();
        self.controller();
        self.personal_data(customer);
        self.consents_and_objections();
        self.purposes();
        self.recipients();
        self.transfers();
        self.retention();
        self.sources();
        self.rights();
        self.complaint();
    }

    fn no_data_reply(&mut self) {
        let tx = self.tx;
        self.acknowledgement();
        let name = self.dossier.recipient_name();
        let address = given_address_lines(&self.dossier.subject_address).join(", ");
        let searched = if address.is_empty() {
            tx.f(
                "Haimme rekisteristämme ({1}) antamallanne nimellä: {0}.",
                "We searched our register ({1}) for the name you gave: {0}.",
                &[&name, self.register.info.title(tx.0)],
            )
        } else {
            tx.f(
                "Haimme rekisteristämme ({2}) antamallanne nimellä ja osoitteella: {0}, {1}.",
                "We searched our register ({2}) for the name and address you gave: {0}, {1}.",
                &[&name, &address, self.register.info.title(tx.0)],
            )
        };
        self.paragraph(searched);
        self.paragraph(
            tx.t("Rekisterissämme ei ole teistä henkilötietoja.", "Our register holds no personal data on you."),
        );
        let kept = self.retention.iter().find(|rule| rule.active && rule.category == RetentionCategory::ClosedRequests);
        if let Some(rule) = kept {
            let period = lowercase_first(&retention_period(rule, tx));
            self.paragraph(tx.f(
                "Säilytämme pyyntönne ja tämän vastauksen tiedot {0}, jotta voimme tarvittaessa osoittaa käsitelleemme pyynnön.",
                "We keep the record of your request and of this reply for {0}, so that we can show that the request was handled.",
                &[&period],
            ));
        }
        self.controller();
        self.rights();
        self.complaint();
    }

    // -- sections ---------------------------------------------------------------------------

    /// The first section of either letter: when the request came and its reference.
    fn acknowledgement(&mut self) {
        let request = &self.dossier.request;
        self.section("Tarkastuspyyntönne", "Your access request");
        let received = finnish_date(request.received_on);
        self.paragraph(self.tx.f(
            "Olemme vastaanottaneet tarkastuspyyntönne {0}. Pyyntönne viite on {1}.",
            "We received your access request on {0}. Its reference is {1}.",
            &[&received, request.reference.trim()],
        ));
    }

    fn opening(&mut self) {
        let tx = self.tx;
        self.acknowledgement();
        self.paragraph(tx.f(
            "Tässä vastauksessa kerromme kaikki henkilötiedot, jotka meillä on teistä rekisterissämme ({0}), sekä sen, miten niitä käsitellään. Oikeutenne saada nämä tiedot perustuu EU:n yleisen tietosuoja-asetuksen (EU) 2016/679 15 artiklaan.",
            "This reply sets out all the personal data we hold on you in our register ({0}) and how it is processed. Your right to this information rests on Article 15 of the EU General Data Protection Regulation (EU) 2016/679.",
            &[self.register.info.title(tx.0)],
        ));
    }

    fn controller(&mut self) {
        let tx = self.tx;
        let info = &self.register.info;
        self.section(
            "Rekisterinpitäjä ja rekisteriasioista vastaava henkilö",
            "The controller and the person responsible for register matters",
        );
        let mut controller = vec![(tx.t("Rekisterinpitäjä", "Controller").to_owned(), info.controller_name.clone())];
        let optional = [
            (tx.t("Y-tunnus", "Business ID"), info.business_id.clone()),
            (tx.t("Osoite", "Address"), info.controller_address.one_line()),
            (tx.t("Puhelin", "Phone"), phone_display(info.controller_phone.trim())),
            (tx.t("Sähköposti", "E-mail"), info.controller_email.clone()),
        ];
        controller.extend(optional.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.to_owned(), v)));
        self.body.push(Block::KeyValues(controller));

        self.paragraph(tx.t(
            "Rekisteriasioista vastaava henkilö, joka vastaa myös tätä vastausta koskeviin kysymyksiin:",
            "The person responsible for register matters, who also answers questions about this reply:",
        ));
        let responsible = [
            (tx.t("Nimi", "Name"), info.responsible_name.clone()),
            (tx.t("Tehtävä", "Title"), info.responsible_title.get(tx.0).to_owned()),
            (tx.t("Osoite", "Address"), info.responsible_address.one_line()),
            (tx.t("Sähköposti", "E-mail"), info.responsible_email.clone()),
            (tx.t("Puhelin", "Phone"), phone_display(info.responsible_phone.trim())),
        ];
        let responsible =
            responsible.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.to_owned(), v)).collect();
        self.body.push(Block::KeyValues(responsible));
    }

    fn personal_data(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.section("Teistä tallennetut henkilötiedot", "The personal data we hold on you");
        self.paragraph(tx.t(
            "Tiedot on ryhmitelty tietosuojaselosteemme kohdan 4 tietoryhmien mukaan. Jokaisen tiedon kohdalla kerrotaan, mistä se on saatu ja milloin.",
            "The data is grouped by the data categories of section 4 of our privacy notice. Each item shows where and when we obtained it.",
        ));
        self.contact_details(customer);
        self.registration_data(customer);
        self.person(customer);
        self.relationship(customer);
        self.communication(customer);
        self.recordings(customer);
        self.interests(customer);
        self.other_data(customer);
        self.requests();
    }

    fn contact_details(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection("Yhteystiedot", "Contact details");
        let mut rows = Vec::new();
        let name = format!("{} {}", customer.first_name.trim(), customer.last_name.trim()).trim().to_owned();
        if !name.is_empty() {
            rows.push(self.data_row(tx.t("Nimi", "Name"), name, &customer.provenance));
        }
        if !customer.company.trim().is_empty() {
            rows.push(self.data_row(tx.t("Yritys", "Company"), customer.company.trim(), &customer.provenance));
        }
        for address in &customer.addresses {
            let item = format!("{} ({})", tx.t("Osoite", "Address"), lowercase_first(address.kind.label(tx.0)));
            rows.push(self.data_row(item, address_lines(address, tx, false).join("\n"), &address.provenance));
        }
        for phone in &customer.phones {
            let item = format!("{} ({})", tx.t("Puhelin", "Phone"), lowercase_first(phone.kind.label(tx.0)));
            rows.push(self.data_row(item, phone_display(&phone.number), &phone.provenance));
        }
        for email in &customer.emails {
            rows.push(self.data_row(tx.t("Sähköposti", "E-mail"), email.address.trim(), &email.provenance));
        }
        self.data_table(rows);
    }

    fn registration_data(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection("Rekisteröitymistiedot", "Registration data");
        let fields = [
            (tx.t("Käyttäjätunnus", "Username"), &customer.username),
            (tx.t("Nimimerkki", "Nickname"), &customer.nickname),
            (tx.t("Muu tunniste", "Other identifier"), &customer.other_identifier),
        ];
        let rows = fields
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(item, value)| self.data_row(item, value.trim(), &customer.provenance))
            .collect();
        self.data_table(rows);
        self.paragraph(tx.t(
            "Salasanaanne ei tallenneta tähän rekisteriin, joten sitä ei voida myöskään kertoa.",
            "Your password is never kept in this register, so it cannot be shown either.",
        ));
    }

    fn person(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection("Ikä, sukupuoli, arvo tai ammatti ja kieli", "Age, gender, title or profession and language");
        let mut rows = Vec::new();
        let provenance = &customer.provenance;
        if let Some(year) = customer.birth_year {
            rows.push(self.data_row(tx.t("Syntymävuosi", "Year of birth"), year.to_string(), provenance));
        }
        if let Some(gender) = customer.gender {
            rows.push(self.data_row(tx.t("Sukupuoli", "Gender"), gender.label(tx.0), provenance));
        }
        if !customer.title.trim().is_empty() {
            rows.push(self.data_row(
                tx.t("Arvo tai ammatti", "Title or profession"),
                customer.title.trim(),
                provenance,
            ));
        }
        if !customer.mother_tongue.trim().is_empty() {
            let language = language_name(&customer.mother_tongue, tx);
            rows.push(self.data_row(tx.t("Äidinkieli", "Mother tongue"), language, provenance));
        }
        let letters = language_name(customer.letter_lang.code(), tx);
        rows.push(self.data_row(tx.t("Kirjeiden kieli", "Language of letters"), letters, provenance));
        self.data_table(rows);
    }

    fn relationship(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection("Asiakassuhde", "Customer relationship");
        let mut rows = Vec::new();
        if let Some(id) = customer.id {
            rows.push(self.data_row(tx.t("Asiakasnumero", "Customer number"), id.to_string(), &customer.provenance));
        }
        rows.push(self.data_row(tx.t("Asiakkuus", "Relationship"), customer.status.label(tx.0), &customer.provenance));
        if !customer.note.trim().is_empty() {
            rows.push(self.data_row(tx.t("Muistiinpano", "Note"), customer.note.trim(), &customer.provenance));
        }
        self.data_table(rows);

        self.paragraph(tx.f("Tilaukset ({0}):", "Orders ({0}):", &[&tx.number(customer.orders.len())]));
        if customer.orders.is_empty() {
            self.none();
        } else {
            let mut orders: Vec<&Order> = customer.orders.iter().collect();
            orders.sort_by_key(|order| order.ordered_on);
            let columns = columns(
                tx,
                &[
                    ("Päivä\nTilaus", "Date\nOrder", 24.0),
                    ("Tuotteet", "Products", 47.0),
                    ("Summa", "Total", 23.0),
                    ("Maksu\nLaskutus", "Payment\nBilling", 31.0),
                    // Wide enough for "Internet: verkkokauppa" on one line: an order is then two
                    // lines high, which matters to a customer with thousands of orders.
                    ("Myyjä\nLähde", "Seller\nSource", 45.0),
                ],
            );
            let rows = orders.into_iter().map(|order| order_row(order, tx)).collect();
            self.body.push(Block::Table { columns, rows });
        }

        self.paragraph(tx.t(
            "Palautteet, yhteydenotot, arvonta- ja kilpailuvastaukset sekä peruutukset:",
            "Feedback, contacts, lottery and competition answers, and cancellations:",
        ));
        let kinds = [
            InteractionKind::Feedback,
            InteractionKind::Contact,
            InteractionKind::Competition,
            InteractionKind::Cancellation,
        ];
        self.interactions(customer, &kinds);
    }

    fn communication(&mut self, customer: &Customer) {
        self.subsection("Viestintä ja palvelujen käyttö", "Communication and use of our services");
        self.interactions(customer, &[InteractionKind::Communication, InteractionKind::Usage]);
    }

    fn interactions(&mut self, customer: &Customer, kinds: &[InteractionKind]) {
        let tx = self.tx;
        let mut events: Vec<_> = customer.interactions.iter().filter(|event| kinds.contains(&event.kind)).collect();
        if events.is_empty() {
            self.none();
            return;
        }
        events.sort_by_key(|event| event.occurred_at);
        let columns = columns(
            tx,
            &[("Päivä", "Date", 24.0), ("Laji", "Kind", 34.0), ("Sisältö", "Content", 65.0), ("Lähde", "Source", 47.0)],
        );
        let rows = events
            .into_iter()
            .map(|event| {
                vec![
                    finnish_date(event.occurred_at.date()),
                    event.kind.label(tx.0).to_owned(),
                    event.summary.trim().to_owned(),
                    provenance_with_date(&event.provenance, event.occurred_at.date(), tx),
                ]
            })
            .collect();
        self.body.push(Block::Table { columns, rows });
    }

    fn recordings(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection(
            "Nauhoitetut puhelut, sähköpostit ja muut liitteet",
            "Recorded calls, e-mails and other attachments",
        );
        if customer.attachments.is_empty() {
            self.none();
            return;
        }
        let columns = columns(
            tx,
            &[("Laji", "Kind", 34.0), ("Tiedosto", "File", 67.0), ("Lähde", "Source", 45.0), ("Päivä", "Date", 24.0)],
        );
        let rows = customer
            .attachments
            .iter()
            .map(|attachment| {
                vec![
                    attachment.kind.label(tx.0).to_owned(),
                    attachment.file_name.trim().to_owned(),
                    source_text(&attachment.provenance, tx),
                    finnish_date(attachment.provenance.obtained_on),
                ]
            })
            .collect();
        self.body.push(Block::Table { columns, rows });
        self.paragraph(tx.t(
            "Saatte tallenteet ja viestit pyynnöstä kopioina.",
            "You may have copies of the recordings and messages on request.",
        ));
    }

    fn interests(&mut self, customer: &Customer) {
        let tx = self.tx;
        self.subsection("Kiinnostus- ja profilointitiedot", "Interests and profiling");
        let rows = customer.tags.iter().map(|tag| self.data_row(tag.kind.label(tx.0), tag.tag.trim(), &tag.provenance));
        let rows = rows.collect();
        self.data_table(rows);
    }

    fn other_data(&mut self, customer: &Customer) {
        self.subsection("Muut suostumuksellanne kerätyt tiedot", "Other data collected with your consent");
        let rows = customer
            .other_data
            .iter()
            .map(|datum| self.data_row(datum.label.trim(), datum.value.trim(), &datum.provenance))
            .collect();
        self.data_table(rows);
    }

    fn requests(&mut self) {
        let tx = self.tx;
        self.subsection("Muut tietosuojapyyntönne", "Your other data protection requests");
        let current = self.dossier.request.id;
        let mut requests: Vec<_> = self.dossier.requests.iter().filter(|request| request.id != current).collect();
        if requests.is_empty() {
            self.none();
            return;
        }
        requests.sort_by_key(|request| request.received_on);
        let columns = columns(
            tx,
            &[
                ("Viite", "Reference", 26.0),
                ("Pyyntö", "Request", 44.0),
                ("Saapunut", "Received", 26.0),
                ("Tila", "Status", 48.0),
                ("Vastattu", "Answered", 26.0),
            ],
        );
        let rows = requests
            .into_iter()
            .map(|request| {
                vec![
                    request.reference.trim().to_owned(),
                    request.kind.label(tx.0).to_owned(),
                    finnish_date(request.received_on),
                    request.status.label(tx.0).to_owned(),
                    request.answered_on.map(finnish_date).unwrap_or_default(),
                ]
            })
            .collect();
        self.body.push(Block::Table { columns, rows });
    }

    fn consents_and_objections(&mut self) {
        let tx = self.tx;
        let dossier = self.dossier;
        self.section("Suostumukset ja kiellot", "Consents and objections");

        self.paragraph(tx.t("Suostumustenne tila tänään:", "The state of your consents today:"));
        let state = current_consents(&dossier.consents);
        let standing = standing_objections(&dossier.objections);
        let mut rows = Vec::new();
        for purpose in &self.register.purposes {
            let in_ledger = dossier.consents.iter().any(|event| event.purpose_id == purpose.id);
            if !purpose.asks_consent() && !in_ledger {
                continue;
            }
            let mut channels: Vec<Channel> = purpose.channels.clone();
            for event in dossier.consents.iter().filter(|event| event.purpose_id == purpose.id) {
                if !channels.contains(&event.channel) {
                    channels.push(event.channel);
                }
            }
            let blocked = purpose.overridden_by.iter().any(|kind| standing.contains(kind));
            for channel in channels {
                let given = has_consent(&state, purpose.id, channel);
                let own = state.get(&(purpose.id, channel));
                let any = state.get(&(purpose.id, Channel::Any));
                let since = own.into_iter().chain(any).map(|s| s.since).max();
                let status = match (given, blocked, own.or(any)) {
                    (true, false, _) => tx.t("Voimassa", "In force"),
                    (true, true, _) => {
                        tx.t("Annettu, mutta kielto estää käytön", "Given, but an objection prevents its use")
                    }
                    (false, _, Some(_)) => tx.t("Peruttu", "Withdrawn"),
                    (false, _, None) => tx.t("Ei annettu", "Not given"),
                };
                rows.push(vec![
                    purpose.name.get(tx.0).to_owned(),
                    channel.label(tx.0).to_owned(),
                    status.to_owned(),
                    since.map(|at| finnish_date(at.date())).unwrap_or_default(),
                ]);
            }
        }
        if rows.is_empty() {
            self.none();
        } else {
            let columns = columns(
                tx,
                &[
                    ("Käyttötarkoitus", "Purpose", 70.0),
                    ("Kanava", "Channel", 30.0),
                    ("Tila", "Status", 44.0),
                    ("Alkaen", "Since", 26.0),
                ],
            );
            self.body.push(Block::Table { columns, rows });
        }

        self.paragraph(tx.t("Voimassa olevat kieltonne:", "Your objections in force:"));
        if standing.is_empty() {
            self.paragraph(tx.t("Teillä ei ole voimassa olevia kieltoja.", "You have no objections in force."));
        } else {
            let items = standing.iter().map(|kind| self.objection_since(*kind)).collect();
            self.body.push(Block::Bullets(items));
            self.paragraph(tx.t(
                "Kielto estää tietojenne käytön niihin tarkoituksiin, joita se koskee, vaikka olisitte antaneet niihin suostumuksen.",
                "An objection stops the use of your data for what it covers, even where you have given consent.",
            ));
        }

        self.paragraph(tx.t("Suostumushistoria:", "History of your consents:"));
        let mut consents: Vec<_> = dossier.consents.iter().collect();
        consents.sort_by_key(|event| (event.occurred_at, event.id));
        if consents.is_empty() {
            self.paragraph(tx.t("Suostumuksia ei ole kirjattu.", "No consents have been recorded."));
        } else {
            let columns = columns(
                tx,
                &[
                    ("Päivä", "Date", 24.0),
                    ("Käyttötarkoitus", "Purpose", 44.0),
                    ("Kanava", "Channel", 24.0),
                    ("Tapahtuma", "Event", 26.0),
                    ("Lähde\nTodiste", "Source\nEvidence", 52.0),
                ],
            );
            let rows = consents
                .into_iter()
                .map(|event| {
                    let purpose = self.register.purpose(event.purpose_id);
                    vec![
                        finnish_date(event.occurred_at.date()),
                        purpose.map_or_else(|| event.purpose_id.0.to_string(), |p| p.name.get(tx.0).to_owned()),
                        event.channel.label(tx.0).to_owned(),
                        event.action.label(tx.0).to_owned(),
                        source_and_evidence(event.source, &event.evidence, tx),
                    ]
                })
                .collect();
            self.body.push(Block::Table { columns, rows });
        }

        self.paragraph(tx.t("Kieltohistoria:", "History of your objections:"));
        let mut objections: Vec<_> = dossier.objections.iter().collect();
        objections.sort_by_key(|event| (event.occurred_at, event.id));
        if objections.is_empty() {
            self.paragraph(tx.t("Kieltoja ei ole kirjattu.", "No objections have been recorded."));
        } else {
            let columns = columns(
                tx,
                &[
                    ("Päivä", "Date", 24.0),
                    ("Kielto", "Objection", 59.0),
                    ("Tapahtuma", "Event", 34.0),
                    ("Lähde\nTodiste", "Source\nEvidence", 53.0),
                ],
            );
            let rows = objections
                .into_iter()
                .map(|event| {
                    vec![
                        finnish_date(event.occurred_at.date()),
                        event.kind.label(tx.0).to_owned(),
                        event.action.label(tx.0).to_owned(),
                        source_and_evidence(event.source, &event.evidence, tx),
                    ]
                })
                .collect();
            self.body.push(Block::Table { columns, rows });
        }
    }

    /// "Tarjonnanesto (3.4.2026 alkaen)": a standing objection with the day it was last made.
    fn objection_since(&self, kind: ObjectionKind) -> String {
        let made = self
            .dossier
            .objections
            .iter()
            .filter(|event| event.kind == kind && event.action == ObjectionAction::Made)
            .map(|event| event.occurred_at)
            .max();
        let label = kind.label(self.tx.0);
        match made {
            Some(at) => self.tx.f("{0} ({1} alkaen)", "{0} (since {1})", &[label, &finnish_date(at.date())]),
            None => label.to_owned(),
        }
    }

    fn purposes(&mut self) {
        let tx = self.tx;
        let info = &self.register.info;
        self.section("Käsittelyn tarkoitukset ja oikeusperusteet", "Purposes of processing and their legal basis");
        self.paragraph(tx.t(
            "Käsittelemme henkilötietoja seuraaviin tarkoituksiin:",
            "We process personal data for the following purposes:",
        ));
        let rows: Vec<Vec<String>> = self
            .register
            .purposes
            .iter()
            .map(|purpose| {
                let description = purpose.description.get(tx.0).trim();
                let name = purpose.name.get(tx.0).trim();
                let text = if description.is_empty() { name.to_owned() } else { format!("{name}\n{description}") };
                vec![text, purpose.legal_basis.label(tx.0).to_owned()]
            })
            .collect();
        if rows.is_empty() {
            self.none();
        } else {
            let columns = columns(tx, &[("Käyttötarkoitus", "Purpose", 115.0), ("Oikeusperuste", "Legal basis", 55.0)]);
            self.body.push(Block::Table { columns, rows });
        }
        for statement in [&info.basis_statement, &info.automated_decisions] {
            if !statement.is_blank() {
                self.paragraph(statement.get(tx.0));
            }
        }
    }

    fn recipients(&mut self) {
        let tx = self.tx;
        let register = self.register;
        self.section("Tietojen vastaanottajat", "Recipients of the data");
        let item_text = |item: &RegisterItem| {
            let title = item.title.get(tx.0).trim();
            let detail = item.detail.get(tx.0).trim();
            if detail.is_empty() { title.to_owned() } else { format!("{title}: {detail}") }
        };

        self.paragraph(tx.t(
            "Tietoja luovutetaan säännönmukaisesti (tietosuojaselosteen kohta 6):",
            "We regularly disclose data as follows (section 6 of our privacy notice):",
        ));
        let disclosures: Vec<String> = register.items_of(ItemKind::Disclosure).map(item_text).collect();
        if disclosures.is_empty() {
            self.paragraph(tx.t("Tietoja ei luovuteta säännönmukaisesti.", "We do not disclose data regularly."));
        } else {
            self.body.push(Block::Bullets(disclosures));
        }

        self.paragraph(tx.t(
            "Henkilötietojen käsittelijät, jotka käsittelevät tietoja puolestamme:",
            "Processors who process the data on our behalf:",
        ));
        let processors: Vec<String> = register.items_of(ItemKind::Processor).map(item_text).collect();
        if processors.is_empty() {
            self.none();
        } else {
            self.body.push(Block::Bullets(processors));
        }
        if !register.info.outsourcing_statement.is_blank() {
            self.paragraph(register.info.outsourcing_statement.get(tx.0));
        }

        self.paragraph(tx.t("Luovutukset, joihin tietonne ovat sisältyneet:", "Disclosures that included your data:"));
        let mut disclosed: Vec<_> = self.dossier.disclosures.iter().collect();
        if disclosed.is_empty() {
            self.paragraph(
                tx.t("Tietojanne ei ole luovutettu kenellekään.", "Your data has not been disclosed to anyone."),
            );
            return;
        }
        disclosed.sort_by_key(|disclosure| (disclosure.disclosed_on, disclosure.id));
        let columns = columns(
            tx,
            &[
                ("Päivä", "Date", 24.0),
                ("Vastaanottaja", "Recipient", 51.0),
                ("Käyttötarkoitus", "Purpose", 65.0),
                ("Kanava", "Channel", 30.0),
            ],
        );
        let rows = disclosed
            .into_iter()
            .map(|disclosure| {
                let purpose = disclosure.purpose_id.and_then(|id| register.purpose(id));
                vec![
                    finnish_date(disclosure.disclosed_on),
                    disclosure.recipient.trim().to_owned(),
                    purpose.map(|p| p.name.get(tx.0).to_owned()).unwrap_or_default(),
                    disclosure.channel.label(tx.0).to_owned(),
                ]
            })
            .collect();
        self.body.push(Block::Table { columns, rows });
    }

    fn transfers(&mut self) {
        let tx = self.tx;
        let register = self.register;
        self.section("Siirrot EU:n ja ETA:n ulkopuolelle", "Transfers outside the EU and the EEA");
        if !register.info.transfers_statement.is_blank() {
            self.paragraph(register.info.transfers_statement.get(tx.0));
        }
        let transfers: Vec<String> = register
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
            .collect();
        if !transfers.is_empty() {
            self.paragraph(tx.t("Siirrot ja niiden suojatoimet:", "Transfers and their safeguards:"));
            self.body.push(Block::Bullets(transfers));
        } else if register.info.transfers_statement.is_blank() {
            self.paragraph(tx.t(
                "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
                "Data is not transferred outside the EU or the EEA.",
            ));
        }
    }

    fn retention(&mut self) {
        let tx = self.tx;
        self.section("Tietojen säilytysajat", "How long the data is kept");
        let statement = &self.register.info.retention_statement;
        if !statement.is_blank() {
            self.paragraph(statement.get(tx.0));
        }
        let rows: Vec<Vec<String>> = self
            .retention
            .iter()
            .filter(|rule| rule.active)
            .map(|rule| {
                vec![rule.category.label(tx.0).to_owned(), retention_period(rule, tx), rule.reason.get(tx.0).to_owned()]
            })
            .collect();
        if rows.is_empty() {
            return;
        }
        let columns =
            columns(tx, &[("Tiedot", "Data", 38.0), ("Säilytysaika", "Kept for", 44.0), ("Peruste", "Reason", 88.0)]);
        self.body.push(Block::Table { columns, rows });
    }

    fn sources(&mut self) {
        let tx = self.tx;
        self.section("Mistä tiedot on saatu", "Where the data came from");
        self.paragraph(
            tx.t(
                "Teitä koskevat tiedot on saatu seuraavista lähteistä:",
                "The data about you came from these sources:",
            ),
        );
        let uses = self.dossier.sources();
        if uses.is_empty() {
            self.none();
        } else {
            let items = uses
                .iter()
                .map(|used| {
                    let count = tx.count(used.count, ("tieto", "tietoa"), ("item", "items"));
                    let when = if used.first_on == used.last_on {
                        finnish_date(used.first_on)
                    } else {
                        format!("{}–{}", finnish_date(used.first_on), finnish_date(used.last_on))
                    };
                    format!("{}: {count}, {when}", used.source.label(tx.0))
                })
                .collect();
            self.body.push(Block::Bullets(items));
        }
        let regular: Vec<String> =
            self.register.items_of(ItemKind::Source).map(|item| item.title.get(tx.0).trim().to_owned()).collect();
        if !regular.is_empty() {
            self.paragraph(tx.t(
                "Rekisterin säännönmukaiset tietolähteet (tietosuojaselosteen kohta 5):",
                "The register's regular sources (section 5 of our privacy notice):",
            ));
            self.body.push(Block::Bullets(regular));
        }
    }

    fn rights(&mut self) {
        let tx = self.tx;
        let info = &self.register.info;
        self.section("Oikeutenne ja niiden käyttäminen", "Your rights and how to use them");
        self.paragraph(tx.t(
            "Teillä on EU:n yleisen tietosuoja-asetuksen mukaan seuraavat oikeudet:",
            "Under the EU General Data Protection Regulation you have the following rights:",
        ));
        let rights = [
            (
                tx.t("Oikaisu", "Rectification"),
                tx.t(
                    "Voitte vaatia, että virheelliset, puutteelliset tai vanhentuneet tietonne korjataan (16 artikla). Tehkää oikaisupyyntö kirjallisesti ja perustelkaa se.",
                    "You may have inaccurate, incomplete or outdated data corrected (Art. 16). Please make the request in writing and give its reasons.",
                ),
            ),
            (
                tx.t("Poisto", "Erasure"),
                tx.t(
                    "Voitte pyytää tietojenne poistamista, kun niitä ei enää tarvita tai niiden käsittelylle ei ole perustetta (17 artikla). Tiedot, jotka laki velvoittaa säilyttämään, kuten kirjanpidon tositteet, poistetaan säilytysajan päätyttyä.",
                    "You may ask us to erase your data when it is no longer needed or there is no ground for processing it (Art. 17). Data the law requires us to keep, such as accounting vouchers, is erased when its retention period ends.",
                ),
            ),
            (
                tx.t("Käsittelyn rajoittaminen", "Restriction of processing"),
                tx.t(
                    "Voitte pyytää, että tietojanne vain säilytetään eikä muuten käsitellä esimerkiksi sinä aikana, kun niiden oikeellisuutta selvitetään (18 artikla).",
                    "You may ask us only to store your data and not otherwise process it, for example while its accuracy is being checked (Art. 18).",
                ),
            ),
            (
                tx.t("Käsittelyn vastustaminen", "Objection"),
                tx.t(
                    "Voitte milloin tahansa kieltää käyttämästä tietojanne suoramainontaan, etämyyntiin ja muuhun suoramarkkinointiin sekä markkina- ja mielipidetutkimukseen (21 artikla). Kielto tulee voimaan heti, kun se on kirjattu.",
                    "You may at any time object to the use of your data for direct advertising, distance selling and other direct marketing, and for market and opinion research (Art. 21). An objection takes effect as soon as it is recorded.",
                ),
            ),
            (
                tx.t("Tietojen siirto järjestelmästä toiseen", "Data portability"),
                tx.t(
                    "Voitte saada itse antamanne tiedot jäsennellyssä, koneluettavassa muodossa ja siirtää ne toiselle rekisterinpitäjälle (20 artikla).",
                    "You may receive the data you have given us in a structured, machine-readable format and pass it on to another controller (Art. 20).",
                ),
            ),
            (
                tx.t("Suostumuksen peruuttaminen", "Withdrawing consent"),
                tx.t(
                    "Voitte peruuttaa antamanne suostumuksen milloin tahansa. Peruuttaminen ei vaikuta sitä ennen tehdyn käsittelyn lainmukaisuuteen (7 artiklan 3 kohta).",
                    "You may withdraw any consent you have given at any time. Withdrawal does not affect the lawfulness of processing before it (Art. 7(3)).",
                ),
            ),
        ];
        self.body.push(Block::KeyValues(rights.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()));

        let mut contact = vec![info.responsible_name.trim().to_owned(), info.responsible_address.one_line()];
        if !info.responsible_email.trim().is_empty() {
            contact.push(tx.f("sähköposti {0}", "e-mail {0}", &[info.responsible_email.trim()]));
        }
        contact.retain(|part| !part.is_empty());
        self.paragraph(tx.f(
            "Lähettäkää pyynnöt oikeuksienne käyttämisestä kirjallisesti rekisteriasioista vastaavalle henkilölle: {0}. Vastaamme pyyntöön viimeistään kuukauden kuluessa sen saapumisesta.",
            "Please send requests to use your rights in writing to the person responsible for register matters: {0}. We answer a request within one month of receiving it.",
            &[&contact.join(", ")],
        ));
    }

    fn complaint(&mut self) {
        let tx = self.tx;
        let authority = &self.register.info.authority;
        self.section(
            "Oikeus tehdä valitus valvontaviranomaiselle",
            "Right to lodge a complaint with the supervisory authority",
        );
        self.paragraph(tx.t(
            "Jos katsotte, että henkilötietojenne käsittelyssä rikotaan tietosuojasäännöksiä, teillä on oikeus tehdä valitus valvontaviranomaiselle (tietosuoja-asetuksen 77 artikla):",
            "If you consider that the processing of your personal data infringes data protection law, you have the right to lodge a complaint with the supervisory authority (GDPR Art. 77):",
        ));
        let rows = [
            (tx.t("Viranomainen", "Authority"), authority.name.get(tx.0).to_owned()),
            (tx.t("Käyntiosoite", "Visiting address"), authority.visiting_address.one_line()),
            (tx.t("Postiosoite", "Postal address"), authority.postal_address.get(tx.0).to_owned()),
            (tx.t("Puhelin", "Phone"), phone_for_abroad(&authority.phone, tx)),
            (tx.t("Sähköposti", "E-mail"), authority.email.clone()),
            (tx.t("Verkkosivut", "Website"), authority.web.clone()),
        ];
        let rows = rows.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.to_owned(), v)).collect();
        self.body.push(Block::KeyValues(rows));
    }

    fn signature(&mut self, today: NaiveDate) {
        let tx = self.tx;
        let info = &self.register.info;
        self.paragraph(tx.t(
            "Jos teillä on kysyttävää tästä vastauksesta, ottakaa yhteyttä edellä mainittuun rekisteriasioista vastaavaan henkilöön.",
            "If you have any questions about this reply, please contact the person responsible for register matters named above.",
        ));
        let place = info.signing_place.trim();
        let date = finnish_date(today);
        let place_and_date = match (place.is_empty(), tx.0) {
            (true, _) => date,
            (false, Lang::Fi) => format!("{place} {date}"),
            (false, Lang::En) => format!("{place}, {date}"),
        };
        // The closing words and the controller go in the signature block, which is kept together
        // on one page: a page break can then never leave the signature apart from them.
        let closing = [tx.t("Ystävällisin terveisin", "Yours sincerely"), info.controller_name.trim()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.body.push(Block::Signature {
            place_and_date: format!("{place_and_date}\n\n{closing}"),
            name: info.responsible_name.trim().to_owned(),
            title: info.responsible_title.get(tx.0).trim().to_owned(),
            image_png: None,
        });
    }
}

/// One order as a table row: date over number, products, total, payment with its masked
/// reference over billing status, seller over the source of the order. Stacking pairs keeps each
/// column wide enough for its longest word (a narrow column would break words between letters).
fn order_row(order: &Order, tx: Text) -> Vec<String> {
    let products = order
        .lines
        .iter()
        .map(|line| format!("{}\u{a0}× {}", line.quantity, line.product.trim()))
        .collect::<Vec<_>>()
        .join("\n");
    let reference = masked_reference(&order.payment_reference);
    let method = order.payment_method.label(tx.0);
    let payment = if reference.is_empty() { method.to_owned() } else { format!("{method} {reference}") };
    vec![
        format!("{}\n{}", finnish_date(order.ordered_on), order.order_no.trim()),
        products,
        euros(order.total_cents()),
        format!("{payment}\n{}", order.billing_status.label(tx.0)),
        format!("{}\n{}", order.seller.trim(), provenance_with_date(&order.provenance, order.ordered_on, tx)),
    ]
}

/// A ledger entry's source over what proves it.
fn source_and_evidence(source: Source, evidence: &str, tx: Text) -> String {
    let evidence = evidence.trim();
    let label = source.label(tx.0);
    if evidence.is_empty() { label.to_owned() } else { format!("{label}\n{evidence}") }
}

/// The source of a dated record, with the day it was obtained only when that differs from the
/// record's own date (usually they are the same day).
fn provenance_with_date(provenance: &Provenance, own_date: NaiveDate, tx: Text) -> String {
    let source = source_text(provenance, tx);
    if provenance.obtained_on == own_date {
        source
    } else {
        format!("{source} {}", finnish_date(provenance.obtained_on))
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consent::{ConsentAction, ConsentEvent, Disclosure, ObjectionEvent};
    use crate::domain::customer::{
        AddressKind, AttachmentInfo, AttachmentKind, BillingStatus, CustomerId, CustomerStatus, Email, Gender,
        Interaction, OrderLine, OtherDatum, PaymentMethod, Phone, PhoneKind, Source, Tag, TagKind,
    };
    use crate::domain::register::PurposeId;
    use crate::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
    use crate::domain::user::UserId;
    use crate::report::letter::page_count;
    use crate::report::test_support::{
        pdftotext_pages as pdftotext, sample_register as register, sample_retention as retention,
    };
    use chrono::NaiveDateTime;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32, hour: u32) -> NaiveDateTime {
        day(y, m, d).and_hms_opt(hour, 15, 0).unwrap()
    }

    fn today() -> NaiveDate {
        day(2026, 11, 25)
    }

    fn purpose_id(register: &RegisterDescription, code: &str) -> PurposeId {
        register.purpose_by_code(code).unwrap().id
    }

    fn request(id: i64, reference: &str, kind: RequestKind, received_on: NaiveDate) -> Request {
        Request {
            id: RequestId(id),
            reference: reference.into(),
            customer_id: Some(CustomerId(42)),
            subject_name: "Åsa Öhman-Mäkelä".into(),
            kind,
            channel: RequestChannel::SignedLetter,
            received_on,
            extension_months: 0,
            extension_reason: String::new(),
            status: RequestStatus::IdentityVerified,
            identity_verified: true,
            identity_method: "allekirjoitettu kirje".into(),
            refusal_reason: String::new(),
            answered_on: None,
            reply_sha256: String::new(),
            notes: String::new(),
        }
    }

    fn from(source: Source, detail: &str, on: NaiveDate) -> Provenance {
        Provenance::new(source, detail, on)
    }

    fn order(no: &str, on: NaiveDate, lines: &[(&str, i64, i64)], method: PaymentMethod, reference: &str) -> Order {
        Order {
            order_no: no.into(),
            ordered_on: on,
            lines: lines
                .iter()
                .map(|(product, quantity, cents)| OrderLine {
                    product: (*product).into(),
                    quantity: *quantity,
                    unit_price_cents: *cents,
                })
                .collect(),
            payment_method: method,
            payment_reference: reference.into(),
            billing_status: BillingStatus::Paid,
            seller: "Satu H.".into(),
            provenance: from(Source::Internet, "verkkokauppa", on),
        }
    }

    /// Åsa Öhman-Mäkelä of Elimäki, with data in every §4 category and from every source.
    fn customer() -> Customer {
        let mut c = Customer::new(CustomerStatus::Customer, from(Source::ReplyCard, "messukortti", day(2024, 3, 12)));
        c.id = Some(CustomerId(42));
        c.first_name = "Åsa".into();
        c.last_name = "Öhman-Mäkelä".into();
        c.username = "asa.ohman".into();
        c.nickname = "Mustikkamäki".into();
        c.other_identifier = "Kanta-asiakas 4711".into();
        c.birth_year = Some(1978);
        c.gender = Some(Gender::Female);
        c.title = "Hortonomi".into();
        c.mother_tongue = "sv".into();
        c.letter_lang = Lang::Fi;
        c.note = "Toivoo paperilaskun.".into();
        c.addresses.push(Address {
            kind: AddressKind::Delivery,
            street: "Östra Långgatan 3 A".into(),
            postal_code: "65100".into(),
            city: "Vaasa".into(),
            country: "FI".into(),
            provenance: from(Source::PostiAddresses, "", day(2025, 1, 20)),
        });
        c.addresses.push(Address {
            kind: AddressKind::Home,
            street: "Kirkkotie 5 B 12".into(),
            postal_code: "47200".into(),
            city: "Elimäki".into(),
            country: "FI".into(),
            provenance: from(Source::PopulationRegister, "", day(2024, 3, 15)),
        });
        c.phones.push(Phone {
            kind: PhoneKind::Mobile,
            number: "+358401234567".into(),
            provenance: from(Source::Phone, "", day(2024, 3, 12)),
        });
        c.phones.push(Phone {
            kind: PhoneKind::Landline,
            number: "+358912345678".into(),
            provenance: from(Source::TelephoneDirectory, "", day(2024, 5, 2)),
        });
        c.emails.push(Email {
            address: "asa.ohman@example.fi".into(),
            provenance: from(Source::Email, "", day(2024, 3, 20)),
        });
        c.emails.push(Email {
            address: "mustikkamaki@example.com".into(),
            provenance: from(Source::Internet, "verkkokaupan tili", day(2025, 5, 2)),
        });
        c.orders.push(order(
            "MO-1001",
            day(2025, 5, 2),
            &[("Luomuhunaja 350 g", 2, 890), ("Gluteenittomat luomukaurahiutaleet 500 g", 1, 429)],
            PaymentMethod::Card,
            "**** 4242",
        ));
        let mut invoice =
            order("MO-1002", day(2026, 2, 10), &[("Tyrnimehu 0,5 l", 1, 1290)], PaymentMethod::Invoice, "20260042");
        invoice.billing_status = BillingStatus::Open;
        invoice.provenance = from(Source::InPerson, "", day(2026, 2, 10));
        c.orders.push(invoice);
        let event = |kind, when: NaiveDateTime, summary: &str, source, detail: &str| Interaction {
            kind,
            occurred_at: when,
            summary: summary.into(),
            provenance: from(source, detail, when.date()),
        };
        c.interactions.push(event(
            InteractionKind::Feedback,
            at(2025, 5, 20, 10),
            "Hunaja oli erinomaista!",
            Source::Email,
            "",
        ));
        c.interactions.push(event(
            InteractionKind::Contact,
            at(2025, 6, 3, 14),
            "Kysyi toimitusajasta",
            Source::Phone,
            "",
        ));
        c.interactions.push(event(
            InteractionKind::Competition,
            at(2025, 7, 1, 9),
            "Mikä on lempimarjasi? – Puolukka",
            Source::ReplyCard,
            "kesäkilpailu",
        ));
        c.interactions.push(event(
            InteractionKind::Cancellation,
            at(2025, 8, 8, 11),
            "Perui tilauksen MO-0999",
            Source::Phone,
            "",
        ));
        c.interactions.push(event(
            InteractionKind::Communication,
            at(2025, 9, 1, 8),
            "Uutiskirje syyskuu avattu",
            Source::Email,
            "",
        ));
        c.interactions.push(event(
            InteractionKind::Usage,
            at(2025, 9, 2, 20),
            "Haku verkkokaupasta: tyrni",
            Source::Cookie,
            "verkkokaupan haku",
        ));
        c.attachments.push(AttachmentInfo {
            id: 1,
            kind: AttachmentKind::CallRecording,
            file_name: "puhelu-2025-06-03.ogg".into(),
            media_type: "audio/ogg".into(),
            size_bytes: 1_200_000,
            provenance: from(Source::Phone, "", day(2025, 6, 3)),
        });
        c.attachments.push(AttachmentInfo {
            id: 2,
            kind: AttachmentKind::CustomerEmail,
            file_name: "palaute-hunaja.eml".into(),
            media_type: "message/rfc822".into(),
            size_bytes: 4_000,
            provenance: from(Source::Email, "", day(2025, 5, 20)),
        });
        c.tags.push(Tag {
            kind: TagKind::Interest,
            tag: "Luomuteet".into(),
            provenance: from(Source::Internet, "", day(2025, 5, 2)),
        });
        c.tags.push(Tag {
            kind: TagKind::Segment,
            tag: "Kanta-asiakkaat Kymenlaakso".into(),
            provenance: from(Source::ImportFile, "kanta-asiakkaat.csv", day(2025, 10, 1)),
        });
        c.tags.push(Tag {
            kind: TagKind::Profile,
            tag: "Aktiivinen ostaja".into(),
            provenance: from(Source::Other, "ostohistorian segmentointi", day(2025, 10, 2)),
        });
        c.other_data.push(OtherDatum {
            label: "Allergiat".into(),
            value: "Pähkinäallergia".into(),
            provenance: from(Source::InPerson, "myymälä", day(2025, 4, 4)),
        });
        c
    }

    fn dossier(register: &RegisterDescription) -> Dossier {
        let consent = |id, code, channel, action, when, source, evidence: &str| ConsentEvent {
            id,
            customer_id: CustomerId(42),
            purpose_id: purpose_id(register, code),
            channel,
            action,
            occurred_at: when,
            source,
            evidence: evidence.into(),
            recorded_by: UserId(1),
        };
        let objection = |id, kind, action, when, evidence: &str| ObjectionEvent {
            id,
            customer_id: CustomerId(42),
            kind,
            action,
            occurred_at: when,
            source: Source::Phone,
            evidence: evidence.into(),
            recorded_by: UserId(1),
        };
        let current = request(7, "2026-0007", RequestKind::Access, day(2026, 11, 12));
        let mut earlier = request(3, "2025-0003", RequestKind::Rectification, day(2025, 4, 2));
        earlier.status = RequestStatus::Answered;
        earlier.answered_on = Some(day(2025, 4, 20));
        Dossier {
            requests: vec![current.clone(), earlier],
            request: current,
            customer: Some(customer()),
            subject_address: String::new(),
            consents: vec![
                consent(
                    1,
                    "direct_marketing",
                    Channel::Email,
                    ConsentAction::Given,
                    at(2024, 3, 12, 10),
                    Source::ReplyCard,
                    "palautuskortti 12.3.2024",
                ),
                consent(
                    2,
                    "direct_marketing",
                    Channel::Sms,
                    ConsentAction::Given,
                    at(2024, 3, 12, 10),
                    Source::ReplyCard,
                    "palautuskortti 12.3.2024",
                ),
                consent(
                    3,
                    "direct_marketing",
                    Channel::Sms,
                    ConsentAction::Withdrawn,
                    at(2025, 6, 1, 18),
                    Source::Email,
                    "uutiskirjeen peruutuslinkki",
                ),
                consent(
                    4,
                    "research",
                    Channel::Email,
                    ConsentAction::Given,
                    at(2025, 5, 2, 12),
                    Source::Internet,
                    "verkkokaupan tilauslomake",
                ),
                consent(
                    5,
                    "remarketing",
                    Channel::Any,
                    ConsentAction::Given,
                    at(2025, 5, 2, 12),
                    Source::Cookie,
                    "evästeilmoitus",
                ),
            ],
            objections: vec![
                objection(1, ObjectionKind::Research, ObjectionAction::Made, at(2026, 1, 5, 9), "asiakas soitti"),
                objection(
                    2,
                    ObjectionKind::DistanceSelling,
                    ObjectionAction::Made,
                    at(2025, 2, 1, 9),
                    "asiakas soitti",
                ),
                objection(3, ObjectionKind::DistanceSelling, ObjectionAction::Lifted, at(2025, 3, 1, 9), "kirje"),
            ],
            disclosures: vec![Disclosure {
                id: 1,
                recipient: "Kyselypaja Oy".into(),
                purpose_id: Some(purpose_id(register, "research")),
                channel: Channel::Email,
                disclosed_on: day(2025, 9, 15),
                row_count: 120,
                sha256: "ab".repeat(32),
            }],
        }
    }

    /// Writes a sample reply for looking at when `REKISTERI_WRITE_SAMPLES=1`.
    fn write_sample(name: &str, pdf: &[u8]) {
        if std::env::var("REKISTERI_WRITE_SAMPLES").is_ok_and(|value| value == "1") {
            std::fs::write(std::env::temp_dir().join(name), pdf).unwrap();
        }
    }

    /// Every `wanted` string is in `text` (pdftotext gives a no-break space as a space).
    fn assert_holds(text: &str, wanted: &[&str]) {
        let missing: Vec<&&str> = wanted.iter().filter(|w| !text.contains(&w.replace('\u{a0}', " "))).collect();
        assert!(missing.is_empty(), "missing {missing:?} from:\n{text}");
    }

    /// Everything both languages must show, word for word.
    fn values_in_every_language() -> Vec<&'static str> {
        vec![
            // The controller (address without the business ID), the responsible person.
            "MiMa Organics",
            "Vanhamaantie 386, 47200 Elimäki",
            "Satu Heikkilä",
            "tietosuoja@mima-organics.example",
            // The request.
            "2026-0007",
            "12.11.2026",
            // Contact details.
            "Åsa Öhman-Mäkelä",
            "Kirkkotie 5 B 12",
            "47200 Elimäki",
            "47200 ELIMÄKI",
            "Östra Långgatan 3 A",
            "65100 Vaasa",
            "040 123 4567",
            "09 123 45678",
            "asa.ohman@example.fi",
            "mustikkamaki@example.com",
            // Registration data and the person.
            "asa.ohman",
            "Mustikkamäki",
            "Kanta-asiakas 4711",
            "1978",
            "Hortonomi",
            "Toivoo paperilaskun.",
            // Orders and other relationship data.
            "MO-1001",
            "MO-1002",
            "Luomuhunaja 350 g",
            "Tyrnimehu 0,5 l",
            "22,09\u{a0}€",
            "**** 4242",
            "20260042",
            "Satu H.",
            "Hunaja oli erinomaista!",
            "Kysyi toimitusajasta",
            "Puolukka",
            "Perui tilauksen MO-0999",
            "Uutiskirje syyskuu avattu",
            "Haku verkkokaupasta: tyrni",
            "puhelu-2025-06-03.ogg",
            "palaute-hunaja.eml",
            "Luomuteet",
            "Kanta-asiakkaat Kymenlaakso",
            "Aktiivinen ostaja",
            "Allergiat",
            "Pähkinäallergia",
            "2025-0003",
            // Consent history evidence.
            "palautuskortti 12.3.2024",
            "uutiskirjeen peruutuslinkki",
            "verkkokaupan tilauslomake",
            "evästeilmoitus",
            // Dates of data and events.
            "12.3.2024",
            "1.6.2025",
            "5.1.2026",
            // The disclosure that held the person.
            "Kyselypaja Oy",
            "15.9.2025",
            // The supervisory authority.
            "Lintulahdenkuja 4, 00530 Helsinki",
            "tietosuoja@om.fi",
            "029 566 6700",
            "tietosuoja.fi",
            // Signed in Elimäki today.
            "Elimäki",
            "25.11.2026",
        ]
    }

    #[test]
    fn finnish_reply_holds_every_datum_with_its_source_and_finnish_letters_intact() {
        let register = register();
        let dossier = dossier(&register);
        let pdf = access_reply(&dossier, &register, &retention(), Lang::Fi, today(), None).unwrap();
        write_sample("reply-fi.pdf", &pdf);
        let text = pdftotext(&pdf, 1, 0);
        assert_holds(&text, &values_in_every_language());
        assert_holds(
            &text,
            &[
                "VASTAUS",
                "TARKASTUSPYYNTÖÖN",
                "Viite 2026-0007",
                "Olemme vastaanottaneet tarkastuspyyntönne 12.11.2026.",
                "Yrittäjä, rekisteriasioista vastaava",
                "Salasanaanne ei tallenneta",
                "Tietosuojavaltuutetun toimisto",
                "PL 800, 00531 Helsinki",
                "EU:n tai Euroopan talousalueen ulkopuolelle",
                "Kirjanpitolaki (1336/1997)",
                "6 vuotta tilikauden",
                "automaattiseen päätöksentekoon",
                "Annettu",
                "Peruttu",
                "Markkina- ja mielipidetutkimus kielletty (5.1.2026 alkaen)",
                "Mielipide- ja markkinatutkimukset",
            ],
        );
        for purpose in &register.purposes {
            assert!(text.contains(purpose.name.fi.as_str()), "purpose {:?} missing", purpose.name.fi);
            assert!(text.contains(purpose.legal_basis.label(Lang::Fi)));
        }
        for source in Source::ALL {
            assert!(text.contains(source.label(Lang::Fi)), "source {:?} missing", source.label(Lang::Fi));
        }
        let lower = text.to_lowercase();
        // "Suostumuksen peruuttaminen" wraps in the label column: its words are checked apart.
        for right in [
            "oikaisu",
            "poisto",
            "rajoittaminen",
            "vastustaminen",
            "siirto",
            "peruuttaminen",
            "suostumuksen milloin tahansa",
        ] {
            assert!(lower.contains(right), "the right {right:?} is missing");
        }
    }

    #[test]
    fn english_reply_holds_every_datum_with_its_source() {
        let register = register();
        let dossier = dossier(&register);
        let pdf = access_reply(&dossier, &register, &retention(), Lang::En, today(), None).unwrap();
        write_sample("reply-en.pdf", &pdf);
        let text = pdftotext(&pdf, 1, 0);
        assert_holds(&text, &values_in_every_language());
        assert_holds(
            &text,
            &[
                "REPLY TO YOUR ACCESS",
                "Your ref. 2026-0007",
                "We received your access request on 12.11.2026.",
                "Owner, responsible for register matters",
                "Your password is never kept",
                "Office of the Data Protection Ombudsman",
                "+358 29 566 6700",
                "P.O. Box 800, 00531 Helsinki",
                "outside the EU or the European Economic Area",
                "Accounting Act (1336/1997)",
                "Sales records",
                "6 years after the",
                "automated decision-making",
                "Withdrawn",
                "Objects to market and opinion research (since 5.1.2026)",
            ],
        );
        for purpose in &register.purposes {
            assert!(text.contains(purpose.name.en.as_str()), "purpose {:?} missing", purpose.name.en);
        }
        for source in Source::ALL {
            assert!(text.contains(source.label(Lang::En)), "source {:?} missing", source.label(Lang::En));
        }
        let lower = text.to_lowercase();
        for right in ["rectification", "erasure", "restriction", "objection", "portability", "withdrawing consent"] {
            assert!(lower.contains(right), "the right {right:?} is missing");
        }
    }

    #[test]
    fn english_and_finnish_replies_differ_in_language_but_hold_the_same_values() {
        let register = register();
        let dossier = dossier(&register);
        let text = |lang| {
            let (head, blocks) = access_reply_blocks(&dossier, &register, &retention(), lang, today());
            format!("{head:?}\n{blocks:?}")
        };
        let (fi, en) = (text(Lang::Fi), text(Lang::En));
        for value in values_in_every_language() {
            // The blocks hold each value whole (a PDF line may wrap it).
            let value = value.replace('\u{a0}', "\\u{a0}");
            assert!(fi.contains(&value) && en.contains(&value), "{value:?} not in both replies");
        }
        for (finnish, english) in [
            ("Tarkastuspyyntönne", "Your access request"),
            ("Yhteystiedot", "Contact details"),
            ("Tilaukset (2)", "Orders (2)"),
            ("Maksettu", "Paid"),
            ("Oikeus tehdä valitus", "Right to lodge a complaint"),
            ("Ystävällisin terveisin", "Yours sincerely"),
        ] {
            assert!(fi.contains(finnish) && !en.contains(finnish), "{finnish:?}");
            assert!(en.contains(english) && !fi.contains(english), "{english:?}");
        }
    }

    #[test]
    fn the_reply_is_sent_to_the_home_address_and_signed_by_the_responsible_person() {
        let register = register();
        let (head, blocks) = access_reply_blocks(&dossier(&register), &register, &retention(), Lang::Fi, today());
        assert_eq!(head.recipient_lines, ["Åsa Öhman-Mäkelä", "Kirkkotie 5 B 12", "47200 ELIMÄKI"]);
        assert_eq!(head.sender_lines, ["MiMa Organics", "Vanhamaantie 386", "47200 Elimäki"]);
        assert_eq!(head.date, "25.11.2026");
        assert_eq!(head.reference, "Viite 2026-0007");
        let Some(Block::Signature { place_and_date, name, title, image_png }) = blocks.last() else {
            panic!("the letter does not end with the signature: {:?}", blocks.last());
        };
        assert_eq!(place_and_date, "Elimäki 25.11.2026\n\nYstävällisin terveisin\nMiMa Organics");
        assert_eq!(name, "Satu Heikkilä");
        assert_eq!(title, "Yrittäjä, rekisteriasioista vastaava");
        assert!(image_png.is_none());
    }

    #[test]
    fn consent_state_shows_withdrawals_and_objections_that_override_consent() {
        let register = register();
        let (_, blocks) = access_reply_blocks(&dossier(&register), &register, &retention(), Lang::Fi, today());
        let state = blocks
            .iter()
            .find_map(|block| match block {
                Block::Table { columns, rows } if columns[0].0 == "Käyttötarkoitus" && columns[2].0 == "Tila" => {
                    Some(rows.clone())
                }
                _ => None,
            })
            .unwrap();
        let status = |purpose: &str, channel: &str| {
            state
                .iter()
                .find(|row| row[0].starts_with(purpose) && row[1] == channel)
                .map(|row| (row[2].as_str(), row[3].as_str()))
                .unwrap_or_else(|| panic!("no row for {purpose} {channel}: {state:?}"))
        };
        assert_eq!(status("Suoramarkkinointi", "Sähköposti"), ("Voimassa", "12.3.2024"));
        assert_eq!(status("Suoramarkkinointi", "Tekstiviesti"), ("Peruttu", "1.6.2025"));
        assert_eq!(status("Suoramarkkinointi", "Posti"), ("Ei annettu", ""));
        assert_eq!(status("Mielipide", "Sähköposti"), ("Annettu, mutta kielto estää käytön", "2.5.2025"));
        assert_eq!(status("Jälleenmarkkinointi", "Kaikki kanavat"), ("Voimassa", "2.5.2025"));
        // A lifted objection is history, not a standing objection.
        let bullets: Vec<&String> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::Bullets(items) => Some(items),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(bullets.iter().any(|b| b.starts_with("Markkina- ja mielipidetutkimus kielletty")));
        assert!(!bullets.iter().any(|b| b.starts_with("Etämyynti kielletty")));
    }

    #[test]
    fn empty_categories_say_none_and_a_password_is_never_shown() {
        let register = register();
        let mut dossier = dossier(&register);
        let mut bare = Customer::new(CustomerStatus::Prospect, from(Source::Phone, "", day(2026, 1, 2)));
        bare.first_name = "Eero".into();
        bare.last_name = "Ääritalo".into();
        dossier.customer = Some(bare);
        dossier.consents.clear();
        dossier.objections.clear();
        dossier.disclosures.clear();
        dossier.requests.clear();
        let (head, blocks) = access_reply_blocks(&dossier, &register, &retention(), Lang::Fi, today());
        assert_eq!(head.recipient_lines, ["Eero Ääritalo"]);
        // Every subsection of the personal data is followed by a table or by "Ei tietoja.".
        let mut empty = Vec::new();
        for pair in blocks.windows(2) {
            if let [Block::Heading(heading), next] = pair
                && heading.starts_with("3.")
                && next == &Block::Paragraph("Ei tietoja.".into())
            {
                empty.push(heading.as_str());
            }
        }
        assert_eq!(
            empty,
            [
                "3.2 Rekisteröitymistiedot",
                "3.5 Viestintä ja palvelujen käyttö",
                "3.6 Nauhoitetut puhelut, sähköpostit ja muut liitteet",
                "3.7 Kiinnostus- ja profilointitiedot",
                "3.8 Muut suostumuksellanne kerätyt tiedot",
                "3.9 Muut tietosuojapyyntönne",
            ]
        );
        let all = format!("{blocks:?}");
        for wanted in
            ["Tilaukset (0):", "Suostumuksia ei ole kirjattu.", "Tietojanne ei ole luovutettu", "Salasanaanne ei"]
        {
            assert!(all.contains(wanted), "{wanted:?} missing");
        }
    }

    #[test]
    fn a_person_not_in_the_register_gets_the_no_data_letter() {
        let register = register();
        let mut request = request(9, "2026-0009", RequestKind::Access, day(2026, 11, 20));
        request.customer_id = None;
        request.subject_name = "Björn Ylä-Äijälä".into();
        let dossier = Dossier::not_in_register(request, "Keskuskatu 7 A 3, 47400 Kausala");
        assert_eq!(dossier.letter_lang(), Lang::Fi);
        let (head, blocks) = access_reply_blocks(&dossier, &register, &retention(), Lang::Fi, today());
        assert_eq!(head.recipient_lines, ["Björn Ylä-Äijälä", "Keskuskatu 7 A 3", "47400 Kausala"]);
        let headings: Vec<&str> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading(heading) => Some(heading.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                "1 Tarkastuspyyntönne",
                "2 Rekisterinpitäjä ja rekisteriasioista vastaava henkilö",
                "3 Oikeutenne ja niiden käyttäminen",
                "4 Oikeus tehdä valitus valvontaviranomaiselle",
            ]
        );

        let pdf = access_reply(&dossier, &register, &retention(), Lang::Fi, today(), None).unwrap();
        write_sample("reply-none.pdf", &pdf);
        assert_eq!(page_count(&head, &blocks).unwrap(), 2);
        let text = pdftotext(&pdf, 1, 0);
        assert_holds(
            &text,
            &[
                "Olemme vastaanottaneet tarkastuspyyntönne 20.11.2026.",
                "2026-0009",
                "Björn Ylä-Äijälä",
                "Keskuskatu 7 A 3, 47400 Kausala",
                "Rekisterissämme ei ole teistä henkilötietoja.",
                "3 vuotta tallentamisesta",
                "Oikaisu",
                "Tietosuojavaltuutetun toimisto",
                "Lintulahdenkuja 4, 00530 Helsinki",
                "tietosuoja@om.fi",
                "Satu Heikkilä",
            ],
        );
        assert!(!text.contains("Tilaukset"), "{text}");
    }

    #[test]
    fn a_person_with_5000_orders_gets_a_correctly_paged_reply() {
        let register = register();
        let mut dossier = dossier(&register);
        let customer = dossier.customer.as_mut().unwrap();
        customer.orders = (0..5000)
            .map(|i| {
                let on = day(2016, 1, 1) + chrono::Duration::days(i64::from(i) / 2);
                order(&format!("MO-{i:05}"), on, &[("Luomuhunaja 350 g", 1, 890)], PaymentMethod::Card, "**** 4242")
            })
            .collect();
        let (head, blocks) = access_reply_blocks(&dossier, &register, &retention(), Lang::Fi, today());
        let pages = page_count(&head, &blocks).unwrap();
        assert!(pages > 20, "only {pages} pages");
        let pdf = access_reply(&dossier, &register, &retention(), Lang::Fi, today(), None).unwrap();
        write_sample("reply-5000.pdf", &pdf);
        let text = pdftotext(&pdf, 1, 0);
        assert!(text.contains("Tilaukset (5 000):"), "the order count is not grouped");
        assert_eq!(text.matches('\u{c}').count(), pages, "pdftotext sees another page count");
        let label = format!("{pages} ({pages})");
        let mut last_order_page = 0;
        for (p, page) in text.split('\u{c}').take(pages).enumerate() {
            assert!(page.contains(&format!("{} ({pages})", p + 1)), "page {} lacks its number", p + 1);
            assert!(page.contains("TARKASTUSPYYNTÖÖN") && page.contains("Viite 2026-0007"), "page {}", p + 1);
            if page.contains("MO-04999") {
                last_order_page = p + 1;
            }
        }
        assert!(text.contains(&label));
        assert!(last_order_page > 20, "the last order is on page {last_order_page}");
        // Every order is there once, in order.
        let mut next = 0;
        for line in text.lines() {
            if line.contains(&format!("MO-{next:05}")) {
                next += 1;
            }
        }
        assert_eq!(next, 5000);
        let last = pdftotext(&pdf, pages, pages);
        assert!(last.contains(&label) && last.contains("Satu Heikkilä"), "{last}");
    }

    #[test]
    fn a_scanned_signature_is_passed_to_the_letter() {
        let register = register();
        let dossier = dossier(&register);
        let result = access_reply(&dossier, &register, &retention(), Lang::Fi, today(), Some(b"not a png"));
        assert!(matches!(result, Err(LetterError::Image(_))), "{result:?}");
    }

    #[test]
    fn transfers_outside_the_eu_are_listed_with_their_safeguards() {
        let mut register = register();
        register.items.push(RegisterItem {
            id: 99,
            kind: ItemKind::Transfer,
            code: "support".into(),
            title: crate::domain::Localized::new("Tukipalvelu (Norja)", "Support service (Norway)"),
            detail: crate::domain::Localized::new("EU:n vakiolausekkeet", "EU standard contractual clauses"),
        });
        let (_, blocks) = access_reply_blocks(&dossier(&register), &register, &retention(), Lang::En, today());
        assert!(blocks.contains(&Block::Bullets(vec![
            "Support service (Norway); safeguard: EU standard contractual clauses".into()
        ])));
    }

    #[test]
    fn helpers_mask_references_and_split_addresses() {
        assert_eq!(masked_reference("4242 4242 4242 4242"), "**** 4242");
        assert_eq!(masked_reference("**** 4242"), "**** 4242");
        assert_eq!(masked_reference("20260042"), "20260042");
        assert_eq!(given_address_lines("Kauppakatu 1\n47200 Elimäki\n"), ["Kauppakatu 1", "47200 Elimäki"]);
    }
}
