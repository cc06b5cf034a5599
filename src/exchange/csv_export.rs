//! Writes the customer list as a CSV file that a Finnish Excel opens right on a double click: UTF-8
//! with a byte order mark, `;` between cells, CRLF line ends, the header row in the user's language,
//! and every cell defused against spreadsheet formula injection.
//!
//! Not here: choosing or loading the customers (the store fills the [`ExportRow`]s), the file dialog,
//! or the data portability JSON.

use std::borrow::Cow;
use std::io::Write;

use thiserror::Error;

use crate::domain::customer::CustomerListing;
use crate::domain::{Lang, finnish_date};
use crate::i18n::Label as _;

/// Why an export could not be written. Carries no customer data.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write the CSV file: {0}")]
    Io(#[from] std::io::Error),
}

impl From<csv::Error> for ExportError {
    fn from(error: csv::Error) -> Self {
        match error.into_kind() {
            csv::ErrorKind::Io(error) => ExportError::Io(error),
            // Writing records of text can only fail in the writer underneath; the other kinds belong to
            // reading and serde, which are not used here.
            _ => ExportError::Io(std::io::Error::other("the CSV writer failed")),
        }
    }
}

/// One customer as a row of the exported list (the store fills them; a domain type).
pub type ExportRow = CustomerListing;

impl ExportRow {
    /// The cells in column order, dates in the form `lang` writes them, not yet defused.
    fn cells(&self, lang: Lang) -> [Cow<'_, str>; 12] {
        let created = match lang {
            Lang::Fi => finnish_date(self.created_on),
            Lang::En => self.created_on.format("%Y-%m-%d").to_string(),
        };
        [
            Cow::Owned(self.customer_number.to_string()),
            Cow::Borrowed(self.status.label(lang)),
            Cow::Borrowed(&self.first_name),
            Cow::Borrowed(&self.last_name),
            Cow::Borrowed(&self.company),
            Cow::Borrowed(&self.email),
            Cow::Borrowed(&self.phone),
            Cow::Borrowed(&self.street),
            Cow::Borrowed(&self.postal_code),
            Cow::Borrowed(&self.city),
            Cow::Borrowed(&self.country),
            Cow::Owned(created),
        ]
    }
}

/// The delimiter of exported files: a Finnish Excel splits `;` files on opening (`,` is its decimal
/// mark).
pub const EXPORT_DELIMITER: u8 = b';';
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header row. Part of the file format, so kept here rather than with the UI's texts: the
/// importer recognises these names, and an exported file must import again whatever the UI says.
const HEADERS_FI: [&str; 12] = [
    "Asiakasnumero",
    "Tila",
    "Etunimi",
    "Sukunimi",
    "Yritys",
    "Sähköposti",
    "Puhelin",
    "Katuosoite",
    "Postinumero",
    "Postitoimipaikka",
    "Maa",
    "Luotu",
];
const HEADERS_EN: [&str; 12] = [
    "Customer number",
    "Status",
    "First name",
    "Last name",
    "Company",
    "E-mail",
    "Phone",
    "Street",
    "Postal code",
    "City",
    "Country",
    "Created",
];

/// The header row of an export in `lang`.
pub fn export_headers(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Fi => HEADERS_FI,
        Lang::En => HEADERS_EN,
    }
}

/// Writes `rows` as a customer list to `out` and returns how many rows were written (the header not
/// counted). The status and the date of creation are written in `lang`, like the header.
///
/// Every cell goes through [`defuse_cell`], so a phone number `+358401234567` is written as
/// `'+358401234567`: deliberate, see there.
pub fn write_customers_csv<W: Write>(
    mut out: W,
    lang: Lang,
    rows: impl IntoIterator<Item = ExportRow>,
) -> Result<usize, ExportError> {
    out.write_all(UTF8_BOM)?;
    let mut writer =
        csv::WriterBuilder::new().delimiter(EXPORT_DELIMITER).terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(export_headers(lang))?;
    let mut written = 0;
    for row in rows {
        for cell in row.cells(lang) {
            writer.write_field(defuse_cell(&cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
        written += 1;
    }
    writer.flush()?;
    Ok(written)
}

/// A cell made safe to open in a spreadsheet: one that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be read as a formula (`=cmd|' /C calc'!A0` runs a program in old Excels), so
/// it gets a leading apostrophe, as OWASP's advice on CSV injection says. A cell that already starts
/// with an apostrophe gets one more, so that the importer, which removes one, reads it back unchanged.
///
/// The cost is deliberate: a phone number `+358…` shows as `'+358…` in a text editor, and some
/// spreadsheets show the apostrophe too; the importer removes it again.
pub fn defuse_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{
        Address, AddressKind, Customer, CustomerId, CustomerStatus, Email, Phone, PhoneKind, Provenance, Source,
    };
    use crate::exchange::{ImportField, guess_mapping, parse_rows, read_table};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn export_row(first: &str, last: &str, phone: &str) -> ExportRow {
        ExportRow {
            customer_number: CustomerId(7),
            status: CustomerStatus::Customer,
            first_name: first.into(),
            last_name: last.into(),
            company: String::new(),
            email: "asa@example.fi".into(),
            phone: phone.into(),
            street: "Kauppakatu 1".into(),
            postal_code: "00100".into(),
            city: "Helsinki".into(),
            country: "FI".into(),
            created_on: day(12),
        }
    }

    fn written(lang: Lang, rows: Vec<ExportRow>) -> String {
        let mut bytes = Vec::new();
        write_customers_csv(&mut bytes, lang, rows).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn export_is_utf8_with_bom_semicolons_and_crlf_in_finnish() {
        let text = written(Lang::Fi, vec![export_row("Åsa", "Öhman", "+358401234567")]);
        let expected = "\u{feff}Asiakasnumero;Tila;Etunimi;Sukunimi;Yritys;Sähköposti;Puhelin;Katuosoite;Postinumero;\
                        Postitoimipaikka;Maa;Luotu\r\n\
                        7;Asiakas;Åsa;Öhman;;asa@example.fi;'+358401234567;Kauppakatu 1;00100;Helsinki;FI;12.3.2026\r\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn english_export_has_english_header_status_and_iso_dates() {
        let mut row = export_row("Pekka", "Mäkelä", "");
        row.status = CustomerStatus::Prospect;
        let text = written(Lang::En, vec![row]);
        assert!(text.starts_with("\u{feff}Customer number;Status;First name;Last name;Company;E-mail;Phone;"));
        assert!(
            text.ends_with("7;Prospect;Pekka;Mäkelä;;asa@example.fi;;Kauppakatu 1;00100;Helsinki;FI;2026-03-12\r\n")
        );
    }

    #[test]
    fn formulas_are_defused_with_an_apostrophe() {
        for (cell, defused) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+SUM(1)", "'+SUM(1)"),
            ("-1", "'-1"),
            ("@A1", "'@A1"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'kept", "''kept"),
        ] {
            assert_eq!(defuse_cell(cell), defused, "{cell:?}");
        }
        for harmless in ["Pekka", "a=b", "040-123", "", "Åsa"] {
            assert!(matches!(defuse_cell(harmless), Cow::Borrowed(_)), "{harmless:?}");
        }
    }

    #[test]
    fn formula_in_a_name_is_written_defused() {
        let mut row = export_row("=cmd|' /C calc'!A0", "@A1", "+358401234567");
        row.company = "-1".into();
        row.city = "+SUM(1)".into();
        let text = written(Lang::En, vec![row]);
        let line = text.lines().nth(1).unwrap();
        assert!(line.contains(";'=cmd|' /C calc'!A0;'@A1;'-1;"), "{line}");
        assert!(line.contains(";'+358401234567;"), "{line}");
        assert!(line.contains(";'+SUM(1);"), "{line}");
    }

    #[test]
    fn empty_export_is_a_header_only() {
        let mut bytes = Vec::new();
        assert_eq!(write_customers_csv(&mut bytes, Lang::Fi, Vec::new()).unwrap(), 0);
        assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 1);
    }

    #[test]
    fn a_failing_disk_is_an_io_error() {
        struct FullDisk;
        impl Write for FullDisk {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let result = write_customers_csv(FullDisk, Lang::Fi, vec![export_row("Åsa", "Öhman", "")]);
        assert!(matches!(result, Err(ExportError::Io(_))));
    }

    fn customer(first: &str, last: &str, email: &str, phone: &str, street: &str, postal: &str, city: &str) -> Customer {
        let provenance = Provenance::new(Source::InPerson, "", day(1));
        let mut customer = Customer::new(CustomerStatus::Customer, provenance.clone());
        customer.first_name = first.into();
        customer.last_name = last.into();
        customer.emails.push(Email { address: email.into(), provenance: provenance.clone() });
        if !phone.is_empty() {
            customer.phones.push(Phone {
                kind: PhoneKind::Mobile,
                number: phone.into(),
                provenance: provenance.clone(),
            });
        }
        customer.addresses.push(Address {
            kind: AddressKind::Home,
            street: street.into(),
            postal_code: postal.into(),
            city: city.into(),
            country: "FI".into(),
            provenance,
        });
        customer
    }

    #[test]
    fn exported_customers_import_again_unchanged() {
        let mut customers = [
            customer("Åsa", "Öhman", "Asa.Ohman@example.fi", "+358401234567", "Kauppakatu 1 B 12", "00100", "Helsinki"),
            customer(
                "Pekka",
                "Mäkelä",
                "pekka@mäkelä.fi",
                "+35891234567",
                "Rantatie 3\nc/o Virtanen",
                "33100",
                "Tampere",
            ),
            customer(
                "Anna-Liisa",
                "Ek; Sund",
                "anna@example.com",
                "+46701234567",
                "\"Villa\" Solbacka",
                "22100",
                "Mariehamn",
            ),
            customer("-Ilona", "'t Hooft", "ilona@example.nl", "", "Keizersgracht 1", "1015 CJ", "Amsterdam"),
        ];
        customers[3].addresses[0].country = "NL".into();
        customers[2].company = "=Sund & Ek Ab".into();

        for lang in [Lang::Fi, Lang::En] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("asiakkaat.csv");
            let rows = customers
                .iter()
                .zip(1..)
                .map(|(customer, id)| ExportRow::from_customer(CustomerId(id), customer, day(2)));
            let count = write_customers_csv(std::fs::File::create(&path).unwrap(), lang, rows).unwrap();
            assert_eq!(count, customers.len());

            let table = read_table(&std::fs::read(&path).unwrap()).unwrap();
            let mapping = guess_mapping(&table.headers);
            assert_eq!(mapping.iter().filter(|field| **field != ImportField::Ignore).count(), 9, "{lang}");
            let provenance = Provenance::new(Source::ImportFile, "asiakkaat.csv", day(20));
            let parsed = parse_rows(&table, &mapping, &provenance);
            assert_eq!(parsed.errors, [], "{lang}");
            assert_eq!(parsed.rows.len(), customers.len());
            for (original, imported) in customers.iter().zip(&parsed.rows) {
                let imported = &imported.customer;
                assert_eq!(imported.first_name, original.first_name, "{lang}");
                assert_eq!(imported.last_name, original.last_name);
                assert_eq!(imported.company, original.company);
                assert_eq!(imported.emails[0].address, original.emails[0].address);
                let numbers =
                    |customer: &Customer| customer.phones.iter().map(|p| p.number.clone()).collect::<Vec<_>>();
                assert_eq!(numbers(imported), numbers(original));
                let address = (&imported.addresses[0], &original.addresses[0]);
                assert_eq!(address.0.street, address.1.street);
                assert_eq!(address.0.postal_code, address.1.postal_code);
                assert_eq!(address.0.city, address.1.city);
                assert_eq!(address.0.country, address.1.country);
            }
        }
    }
}
