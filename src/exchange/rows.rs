//! Turns the rows of an import [`Table`] into customers, by the column mapping the user accepted:
//! every value validated with [`crate::domain::validate`], every datum stamped with the import's
//! provenance, and every row with an invalid field listed as a [`RowError`] by its spreadsheet row
//! number instead of being imported half-fixed.
//!
//! Not here: finding whether a customer is already in the register, or saving anything: the store
//! does both, looking people up by [`match_keys`].

use std::collections::HashSet;

use chrono::NaiveDateTime;
use thiserror::Error;

use super::mapping::ImportField;
use super::table::{Table, TableRow};
use super::values;
use crate::domain::coded_enum;
use crate::domain::customer::{Address, AddressKind, Customer, CustomerStatus, Email, Phone, Provenance, Tag, TagKind};
use crate::domain::validate;

coded_enum! {
    /// What is wrong with a row. Carries no value from the file: the UI says it in the user's language
    /// next to the row number and the column.
    pub enum RowProblem {
        InvalidEmail = "invalid_email",
        InvalidPhone = "invalid_phone",
        InvalidPostalCode = "invalid_postal_code",
        /// A country that is neither a two-letter code nor a name this importer knows.
        UnknownCountry = "unknown_country",
        /// No first, last or company name, no e-mail and no phone: nobody to register.
        NoNameOrContact = "no_name_or_contact",
        /// The row ends before a column that is imported (often a line break outside quotes).
        TooFewColumns = "too_few_columns",
        /// The row has filled cells past the last header (often a delimiter outside quotes).
        TooManyColumns = "too_many_columns",
        BadNumber = "bad_number",
        BadYesNo = "bad_yes_no",
        BadDate = "bad_date",
    }
}

/// One problem in one row. `field` is [`ImportField::Ignore`] for problems of the row as a whole
/// ([`RowProblem::NoNameOrContact`], [`RowProblem::TooManyColumns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("row {row_number}: {field}: {problem}")]
pub struct RowError {
    /// As the spreadsheet numbers it: the header is row 1.
    pub row_number: usize,
    pub field: ImportField,
    pub problem: RowProblem,
}

/// A row that passed every check, as a customer ready for the store to match and save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub row_number: usize,
    /// A customer when the file shows an order or money spent, else a prospect; the name, company,
    /// note, e-mails, phones, address and tags (as [`TagKind::Segment`]) filled in, each datum with
    /// the import's provenance.
    pub customer: Customer,
    /// The file's word on e-mail marketing; `None` when it says nothing. Not a consent by itself:
    /// the store decides what evidence it is.
    pub accepts_email: Option<bool>,
    pub accepts_sms: Option<bool>,
    pub updated_at: Option<NaiveDateTime>,
    pub total_spent_cents: Option<i64>,
    pub order_count: Option<i64>,
    /// The same tags as on the customer, as plain text.
    pub tags: Vec<String>,
}

impl ImportRow {
    /// What the store writes of this row.
    pub fn into_incoming(self) -> crate::domain::customer::IncomingCustomer {
        crate::domain::customer::IncomingCustomer {
            customer: self.customer,
            accepts_email: self.accepts_email,
            accepts_sms: self.accepts_sms,
            updated_at: self.updated_at,
        }
    }
}

/// The outcome of [`parse_rows`]: the good rows and the problems of the others, both in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedImport {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
}

impl ParsedImport {
    /// How many rows were left out for their problems (a row may have several).
    pub fn rejected_row_count(&self) -> usize {
        self.errors.iter().map(|error| error.row_number).collect::<HashSet<_>>().len()
    }
}

/// Reads every row of `table` as a customer by `mapping` (one field per column; missing entries are
/// ignored columns). A row with any problem is left out and all its problems are listed.
///
/// When a field is mapped to several columns, e-mails, phones and tags are taken from all of them and
/// other fields from the first filled one. A full name is split into first and last name only when
/// the row has neither.
pub fn parse_rows(table: &Table, mapping: &[ImportField], provenance: &Provenance) -> ParsedImport {
    let mut parsed = ParsedImport::default();
    for outcome in parse_each_row(table, mapping, provenance) {
        match outcome {
            Ok(import_row) => parsed.rows.push(import_row),
            Err(errors) => parsed.errors.extend(errors),
        }
    }
    parsed
}

/// [`parse_rows`] one row at a time, in file order: each row as a customer or as all its
/// problems. For a large file whose rows go straight to the store without all being held at once.
pub fn parse_each_row<'t>(
    table: &'t Table,
    mapping: &'t [ImportField],
    provenance: &'t Provenance,
) -> impl Iterator<Item = Result<ImportRow, Vec<RowError>>> + 't {
    table.rows.iter().map(move |row| parse_row(row, mapping, table.headers.len(), provenance))
}

/// The keys the store looks an imported customer up by: its e-mails as
/// [`validate::email_match_key`]s and its phones in E.164, each once.
pub fn match_keys(customer: &Customer) -> Vec<String> {
    let emails = customer.emails.iter().map(|email| validate::email_match_key(&email.address));
    let phones = customer.phones.iter().map(|phone| phone.number.clone());
    let mut seen = HashSet::new();
    emails.chain(phones).filter(|key| !key.is_empty() && seen.insert(key.clone())).collect()
}

fn parse_row(
    row: &TableRow,
    mapping: &[ImportField],
    header_count: usize,
    provenance: &Provenance,
) -> Result<ImportRow, Vec<RowError>> {
    let mut reader = RowReader { row, mapping, errors: Vec::new() };
    reader.check_width(header_count);

    let (first_name, last_name) = reader.name();
    let company = reader.first(ImportField::Company).to_owned();
    let emails = reader.emails();
    let phones = reader.phones();
    let country = reader.read(ImportField::Country, values::country);
    let postal_code = reader.read(ImportField::PostalCode, |cell| values::postal_code(cell, country.as_deref()));
    let street = reader.street();
    let city = reader.first(ImportField::City).to_owned();
    let accepts_email = reader.read(ImportField::AcceptsEmailMarketing, values::yes_no);
    let accepts_sms = reader.read(ImportField::AcceptsSmsMarketing, values::yes_no);
    let total_spent_cents = reader.read(ImportField::TotalSpentCents, values::money_cents);
    let order_count = reader.read(ImportField::OrderCount, values::count);
    let updated_at = reader.read(ImportField::UpdatedAt, values::date_time);
    let tags = reader.tags();
    let note = reader.first(ImportField::Note).to_owned();

    let has_name = [&first_name, &last_name, &company].iter().any(|name| !name.is_empty());
    let has_contact = reader.cells(ImportField::Email).chain(reader.cells(ImportField::Phone)).next().is_some();
    if !has_name && !has_contact {
        reader.problem(ImportField::Ignore, RowProblem::NoNameOrContact);
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }

    let bought = order_count.unwrap_or(0) > 0 || total_spent_cents.unwrap_or(0) > 0;
    let status = if bought { CustomerStatus::Customer } else { CustomerStatus::Prospect };
    let mut customer = Customer::new(status, provenance.clone());
    customer.first_name = first_name;
    customer.last_name = last_name;
    customer.company = company;
    customer.note = note;
    customer.emails = emails.into_iter().map(|address| Email { address, provenance: provenance.clone() }).collect();
    customer.phones = phones
        .into_iter()
        .map(|number| Phone { kind: values::phone_kind(&number), number, provenance: provenance.clone() })
        .collect();
    let postal_code = postal_code.unwrap_or_default();
    if !(street.is_empty() && postal_code.is_empty() && city.is_empty()) {
        customer.addresses.push(Address {
            kind: AddressKind::Home,
            street,
            postal_code,
            city,
            country: country.unwrap_or_default(),
            provenance: provenance.clone(),
        });
    }
    customer.tags = tags
        .iter()
        .map(|tag| Tag { kind: TagKind::Segment, tag: tag.clone(), provenance: provenance.clone() })
        .collect();

    Ok(ImportRow {
        row_number: row.row_number,
        customer,
        accepts_email,
        accepts_sms,
        updated_at,
        total_spent_cents,
        order_count,
        tags,
    })
}

/// One row being read: its cells by field, and the problems found so far.
struct RowReader<'a> {
    row: &'a TableRow,
    mapping: &'a [ImportField],
    errors: Vec<RowError>,
}

impl<'a> RowReader<'a> {
    /// The filled cells of the columns mapped to `field`, in column order.
    fn cells(&self, field: ImportField) -> impl Iterator<Item = &'a str> + use<'a> {
        let cells = &self.row.cells;
        self.mapping
            .iter()
            .zip(cells.iter())
            .filter(move |(mapped, _)| **mapped == field)
            .map(|(_, cell)| cell.as_str())
            .filter(|cell| !cell.is_empty())
    }

    /// The first filled cell of `field`, or "".
    fn first(&self, field: ImportField) -> &'a str {
        self.cells(field).next().unwrap_or("")
    }

    /// The first filled cell of `field` read by `value`; a problem is noted and gives `None`.
    fn read<T>(&mut self, field: ImportField, value: impl FnOnce(&str) -> Result<Option<T>, RowProblem>) -> Option<T> {
        match value(self.first(field)) {
            Ok(value) => value,
            Err(problem) => {
                self.problem(field, problem);
                None
            }
        }
    }

    fn problem(&mut self, field: ImportField, problem: RowProblem) {
        self.errors.push(RowError { row_number: self.row.row_number, field, problem });
    }

    /// A short row is a problem when an imported column is missing; a long one when a cell past the
    /// last header is filled.
    fn check_width(&mut self, header_count: usize) {
        let present = self.row.cells.len();
        let missing = self.mapping.iter().take(header_count).skip(present).find(|field| **field != ImportField::Ignore);
        if let Some(&field) = missing {
            self.problem(field, RowProblem::TooFewColumns);
        }
        if self.row.cells.iter().skip(header_count).any(|cell| !cell.is_empty()) {
            self.problem(ImportField::Ignore, RowProblem::TooManyColumns);
        }
    }

    /// (first, last): from their own columns, or split from a full name when both are empty.
    fn name(&self) -> (String, String) {
        let first = self.first(ImportField::FirstName);
        let last = self.first(ImportField::LastName);
        let full = self.first(ImportField::FullName);
        if first.is_empty() && last.is_empty() && !full.is_empty() {
            return values::split_full_name(full);
        }
        (first.to_owned(), last.to_owned())
    }

    /// Every valid e-mail address once (by its match key); an invalid one is a problem.
    fn emails(&mut self) -> Vec<String> {
        let mut keys = HashSet::new();
        let mut emails = Vec::new();
        for cell in self.cells(ImportField::Email).collect::<Vec<_>>() {
            match validate::email(cell) {
                Ok(email) => {
                    if keys.insert(validate::email_match_key(&email)) {
                        emails.push(email);
                    }
                }
                Err(_) => self.problem(ImportField::Email, RowProblem::InvalidEmail),
            }
        }
        emails
    }

    /// Every valid phone number once, in E.164; an invalid one is a problem.
    fn phones(&mut self) -> Vec<String> {
        let mut phones: Vec<String> = Vec::new();
        for cell in self.cells(ImportField::Phone).collect::<Vec<_>>() {
            match values::phone(cell) {
                Ok(Some(number)) if !phones.contains(&number) => phones.push(number),
                Ok(_) => {}
                Err(problem) => self.problem(ImportField::Phone, problem),
            }
        }
        phones
    }

    /// The street, with the second address line under it.
    fn street(&self) -> String {
        let lines: Vec<&str> =
            self.cells(ImportField::Street).take(1).chain(self.cells(ImportField::Street2)).collect();
        lines.join("\n")
    }

    /// Every tag of every tag column, the first spelling of each once.
    fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in self.cells(ImportField::Tags).flat_map(values::tags) {
            if !tags.iter().any(|known| known.to_lowercase() == tag.to_lowercase()) {
                tags.push(tag);
            }
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::customer::{PhoneKind, Source};
    use crate::exchange::{guess_mapping, read_table};

    fn provenance() -> Provenance {
        Provenance::new(Source::ImportFile, "asiakkaat.csv", NaiveDate::from_ymd_opt(2026, 3, 20).unwrap())
    }

    /// Writes `bytes` to a real file, reads it back and imports it with the guessed mapping.
    fn import_file(bytes: &[u8]) -> ParsedImport {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("asiakkaat.csv");
        std::fs::write(&path, bytes).unwrap();
        let table = read_table(&std::fs::read(&path).unwrap()).unwrap();
        parse_rows(&table, &guess_mapping(&table.headers), &provenance())
    }

    fn problems(parsed: &ParsedImport) -> Vec<(usize, ImportField, RowProblem)> {
        parsed.errors.iter().map(|error| (error.row_number, error.field, error.problem)).collect()
    }

    fn names(parsed: &ParsedImport) -> Vec<(usize, String)> {
        parsed.rows.iter().map(|row| (row.row_number, row.customer.display_name())).collect()
    }

    /// Every quirk at once, as a Finnish Excel user's file could have them: `;`, Finnish headers,
    /// CRLF, a quoted multi-line address with a `;` in it, `'` and `="…"` text numbers, a phone and a
    /// postal code that lost their leading zeros, Finnish money, dates and yes/no, padding, an empty
    /// line in the middle and empty rows at the end.
    const EVERY_QUIRK: &str = "Etunimi;Sukunimi;Sähköposti;Puhelin;Katuosoite;Postinumero;Postitoimipaikka;Maa;\
        Ostot yhteensä;Sähköpostimarkkinointi;Päivitetty;Tunnisteet;Lisätiedot\r\n\
        Åsa;Öhman;asa.ohman@example.fi;'0401234567;\"Kauppakatu 1 B 12\r\nc/o Lindqvist; 2. krs\";=\"00100\";Helsinki;Suomi;\
        1 234,50;kyllä;12.3.2026;VIP, kevät 2026;\"Soittaa \"\"aamuisin\"\"\"\r\n\
        \r\n\
        \u{20}Pekka ; Mäkelä ;PEKKA@EXAMPLE.FI;401234567;Rantatie 3;3100;Tampere;FI;0;EI;2026-03-12 14:02:11;;\r\n\
        ;;;;;;;;;;;;\r\n\
        ;;;;;;;;;;;;\r\n";

    fn assert_every_quirk_imported(parsed: &ParsedImport) {
        assert_eq!(parsed.errors, []);
        assert_eq!(names(parsed), [(2, "Åsa Öhman".to_owned()), (4, "Pekka Mäkelä".to_owned())]);

        let asa = &parsed.rows[0];
        assert_eq!(asa.customer.status, CustomerStatus::Customer);
        assert_eq!(asa.customer.emails[0].address, "asa.ohman@example.fi");
        assert_eq!(asa.customer.phones[0].number, "+358401234567");
        assert_eq!(asa.customer.phones[0].kind, PhoneKind::Mobile);
        let address = &asa.customer.addresses[0];
        assert_eq!(address.street, "Kauppakatu 1 B 12\r\nc/o Lindqvist; 2. krs");
        assert_eq!(
            (address.postal_code.as_str(), address.city.as_str(), address.country.as_str()),
            ("00100", "Helsinki", "FI")
        );
        assert_eq!(asa.total_spent_cents, Some(123_450));
        assert_eq!(asa.accepts_email, Some(true));
        assert_eq!(asa.updated_at, NaiveDate::from_ymd_opt(2026, 3, 12).and_then(|day| day.and_hms_opt(0, 0, 0)));
        assert_eq!(asa.tags, ["VIP", "kevät 2026"]);
        assert_eq!(asa.customer.note, "Soittaa \"aamuisin\"");

        let pekka = &parsed.rows[1];
        assert_eq!(pekka.customer.status, CustomerStatus::Prospect);
        assert_eq!((pekka.customer.first_name.as_str(), pekka.customer.last_name.as_str()), ("Pekka", "Mäkelä"));
        assert_eq!(pekka.customer.emails[0].address, "PEKKA@example.fi");
        assert_eq!(pekka.customer.phones[0].number, "+358401234567");
        assert_eq!(pekka.customer.addresses[0].postal_code, "03100");
        assert_eq!(pekka.accepts_email, Some(false));
        assert_eq!(pekka.updated_at, NaiveDate::from_ymd_opt(2026, 3, 12).and_then(|day| day.and_hms_opt(14, 2, 11)));
        assert!(pekka.tags.is_empty());
    }

    #[test]
    fn file_with_every_quirk_at_once_imports_in_utf8_with_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(EVERY_QUIRK.as_bytes());
        assert_every_quirk_imported(&import_file(&bytes));
    }

    #[test]
    fn file_with_every_quirk_at_once_imports_in_windows_1252() {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(EVERY_QUIRK);
        assert!(!unmappable);
        assert!(bytes.contains(&0xE4) && bytes.contains(&0xF6) && bytes.contains(&0xC5));
        assert_every_quirk_imported(&import_file(&bytes));
    }

    #[test]
    fn semicolon_file_with_finnish_headers_imports() {
        let file = "Nimi;Sähköposti;Puhelin;Osoite;Postinumero;Kaupunki;Yritys\n\
                    Pekka Mäkelä;pekka@example.fi;040 123 4567;Rantatie 3;33100;Tampere;\n\
                    ;;;;;;MiMa Organics Oy\n";
        let parsed = import_file(file.as_bytes());
        assert_eq!(parsed.errors, []);
        let pekka = &parsed.rows[0].customer;
        assert_eq!((pekka.first_name.as_str(), pekka.last_name.as_str()), ("Pekka", "Mäkelä"));
        assert_eq!(pekka.addresses[0].country, "");
        assert_eq!(parsed.rows[1].customer.display_name(), "MiMa Organics Oy");
        assert!(parsed.rows[1].customer.addresses.is_empty());
    }

    #[test]
    fn shopify_export_imports_customers_and_their_marketing_answers() {
        let file = "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,\
                    Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,\
                    Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,\
                    Total Spent,Total Orders,Note,Tax Exempt,Tags\n\
                    '7412345678901,Åsa,Öhman,asa@example.fi,yes,,Kauppakatu 1,B 12,Helsinki,,FI,'00100,,+358401234567,no,\
                    1234.50,3,,no,\"VIP, newsletter\"\n\
                    '7412345678902,Pekka,Mäkelä,pekka@example.fi,no,Mäkelä Oy,,,,,FI,,,,,0.00,0,,no,\n";
        let parsed = import_file(file.as_bytes());
        assert_eq!(parsed.errors, []);
        let asa = &parsed.rows[0];
        assert_eq!(asa.customer.status, CustomerStatus::Customer);
        assert_eq!(asa.customer.addresses[0].street, "Kauppakatu 1\nB 12");
        assert_eq!(asa.customer.phones[0].number, "+358401234567");
        assert_eq!((asa.accepts_email, asa.accepts_sms), (Some(true), Some(false)));
        assert_eq!((asa.total_spent_cents, asa.order_count), (Some(123_450), Some(3)));
        assert_eq!(asa.tags, ["VIP", "newsletter"]);
        let pekka = &parsed.rows[1];
        assert_eq!(pekka.customer.status, CustomerStatus::Prospect);
        assert_eq!(pekka.customer.company, "Mäkelä Oy");
        assert!(pekka.customer.addresses.is_empty(), "a country code alone is no address");
    }

    #[test]
    fn mailchimp_export_imports_prospects_with_tags() {
        let file = "Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,CC,LAST_CHANGED,TAGS\n\
                    asa@example.fi,Åsa,Öhman,,,2,2025-11-02 09:15:00,FI,2026-03-12 14:02:11,\"\"\"VIP\"\",\"\"Kevät\"\"\"\n";
        let parsed = import_file(file.as_bytes());
        assert_eq!(parsed.errors, []);
        let asa = &parsed.rows[0];
        assert_eq!(asa.customer.status, CustomerStatus::Prospect);
        assert_eq!(asa.tags, ["VIP", "Kevät"]);
        assert_eq!(asa.updated_at, NaiveDate::from_ymd_opt(2026, 3, 12).and_then(|day| day.and_hms_opt(14, 2, 11)));
    }

    #[test]
    fn mailerlite_export_imports_name_as_first_name() {
        let file = "Subscriber,Email,Name,Last name,Phone,City,Country,Zip\n\
                    asa@example.fi,asa@example.fi,Åsa,Öhman,0401234567,Mariehamn,Åland,22100\n";
        let parsed = import_file(file.as_bytes());
        assert_eq!(parsed.errors, []);
        let asa = &parsed.rows[0].customer;
        assert_eq!((asa.first_name.as_str(), asa.last_name.as_str()), ("Åsa", "Öhman"));
        assert_eq!(asa.emails.len(), 1);
        assert_eq!(asa.addresses[0].country, "AX");
    }

    #[test]
    fn invalid_rows_are_listed_by_spreadsheet_row_with_every_reason() {
        let file = "Etunimi;Sukunimi;Sähköposti;Puhelin;Postinumero;Maa;Tilaukset;Sähköpostimarkkinointi;Päivitetty\n\
                    Åsa;Öhman;asa@example.fi;040 123 4567;00100;FI;1;kyllä;12.3.2026\n\
                    Pekka;\"Mäkelä\nosoite\";pekka@@example.fi;12345;ABC;FI;kolme;ehkä;eilen\n\
                    \n\
                    ;;;;00100;;;;\n\
                    Liisa;Ek;liisa@example.se;+46 70 123 45 67;123 45;Ruotsi;;;\n\
                    Olli;Oja;olli@example.fi;;;Atlantis;;;\n\
                    Matti;Meikäläinen\n\
                    Ville;Vallaton;ville@example.fi;;;;;;;extra\n";
        let parsed = import_file(file.as_bytes());
        use ImportField as F;
        use RowProblem as P;
        assert_eq!(
            problems(&parsed),
            [
                (3, F::Email, P::InvalidEmail),
                (3, F::Phone, P::InvalidPhone),
                (3, F::PostalCode, P::InvalidPostalCode),
                (3, F::AcceptsEmailMarketing, P::BadYesNo),
                (3, F::OrderCount, P::BadNumber),
                (3, F::UpdatedAt, P::BadDate),
                (5, F::Ignore, P::NoNameOrContact),
                (7, F::Country, P::UnknownCountry),
                (8, F::Email, P::TooFewColumns),
                (9, F::Ignore, P::TooManyColumns),
            ]
        );
        assert_eq!(names(&parsed), [(2, "Åsa Öhman".to_owned()), (6, "Liisa Ek".to_owned())]);
        assert_eq!(parsed.rejected_row_count(), 5);
    }

    #[test]
    fn row_errors_say_nothing_about_the_person() {
        let parsed = import_file("Nimi;Sähköposti\nSalainen Henkilö;salainen@@example.fi\n".as_bytes());
        let error = parsed.errors[0];
        let shown = format!("{error} {error:?}");
        assert_eq!(error.to_string(), "row 2: email: invalid_email");
        assert!(!shown.contains("alainen") && !shown.contains("example"), "{shown}");
    }

    #[test]
    fn every_datum_carries_the_import_provenance() {
        let file = "Name,Email,Phone,Address,City,Tags\nÅsa Öhman,asa@example.fi,0401234567,Tie 1,Oulu,VIP\n";
        let parsed = import_file(file.as_bytes());
        let asa = &parsed.rows[0].customer;
        let expected = provenance();
        assert_eq!(asa.provenance, expected);
        assert!(asa.emails.iter().all(|datum| datum.provenance == expected));
        assert!(asa.phones.iter().all(|datum| datum.provenance == expected));
        assert!(asa.addresses.iter().all(|datum| datum.provenance == expected));
        assert_eq!(asa.tags.len(), 1);
        assert!(asa.tags.iter().all(|tag| tag.provenance == expected && tag.kind == TagKind::Segment));
    }

    #[test]
    fn full_name_splits_only_when_there_are_no_separate_names() {
        let file = "First name;Last name;Name;Email\n;;Åsa Öhman;a@example.fi\nPekka;Mäkelä;P. M.;p@example.fi\n";
        let parsed = import_file(file.as_bytes());
        let split: Vec<_> =
            parsed.rows.iter().map(|row| (row.customer.first_name.clone(), row.customer.last_name.clone())).collect();
        assert_eq!(split, [("Åsa".into(), "Öhman".into()), ("Pekka".into(), "Mäkelä".into())]);
    }

    #[test]
    fn columns_mapped_to_one_field_all_give_contacts() {
        let table = read_table(b"Email;Email;Phone;Phone\na@example.fi;A@EXAMPLE.FI;0401234567;09 123 4567\n").unwrap();
        let mapping = [ImportField::Email, ImportField::Email, ImportField::Phone, ImportField::Phone];
        let parsed = parse_rows(&table, &mapping, &provenance());
        let customer = &parsed.rows[0].customer;
        assert_eq!(customer.emails.len(), 1);
        assert_eq!(customer.phones.len(), 2);
        assert_eq!(customer.phones[1].kind, PhoneKind::Landline);
        assert_eq!(match_keys(customer), ["a@example.fi", "+358401234567", "+35891234567"]);
    }

    #[test]
    fn a_short_mapping_ignores_the_columns_past_it() {
        let table = read_table(b"Email;Phone\na@example.fi;not a phone\n").unwrap();
        let parsed = parse_rows(&table, &[ImportField::Email], &provenance());
        assert_eq!(parsed.errors, []);
        assert!(parsed.rows[0].customer.phones.is_empty());
    }

    #[test]
    fn a_hundred_thousand_rows_import() {
        let mut file = String::from("Etunimi;Sukunimi;Sähköposti;Puhelin;Postinumero;Postitoimipaikka\r\n");
        for n in 0..100_000 {
            if n % 1000 == 999 {
                file.push_str(&format!("Pekka;Mäkelä;pekka{n}@@example.fi;040 {n:07};00100;Helsinki\r\n"));
            } else {
                file.push_str(&format!("Åsa;Öhman;asa{n}@example.fi;040 {n:07};00100;Helsinki\r\n"));
            }
        }
        let parsed = import_file(file.as_bytes());
        assert_eq!(parsed.rows.len(), 99_900);
        assert_eq!(parsed.errors.len(), 100);
        assert_eq!(parsed.errors[0].row_number, 1001);
        assert_eq!(parsed.rows.last().map(|row| row.row_number), Some(100_000));
        assert_eq!(parsed.errors.last().map(|error| error.row_number), Some(100_001));
        assert_eq!(parsed.rows[0].customer.display_name(), "Åsa Öhman");
    }
}
