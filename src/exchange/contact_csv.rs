//! Writes a contact list (who may be contacted for a purpose over a channel) as CSV, the same way
//! as the customer list: UTF-8 with a byte order mark, `;`, CRLF, the header in the user's language
//! and every cell defused against formula injection. The columns are only what reaching the person
//! needs: name, company and the one address of the list's channel. Rows are written as they come,
//! so a list of a million people never sits in memory.
//!
//! Not here: choosing the people (the store), the file and its disclosure record
//! (`crate::contact_lists`).

use std::io::Write;

use super::csv_export::{EXPORT_DELIMITER, ExportError, UTF8_BOM, defuse_cell};
use crate::domain::Lang;
use crate::domain::consent::Channel;
use crate::domain::contact::{ContactAddress, ContactRow};

/// The header row of a list for `channel` in `lang`. The names are those of the customer export,
/// so that a list imports into the register (and into mailing tools) like an export does.
pub fn contact_headers(lang: Lang, channel: Channel) -> Vec<&'static str> {
    let (names, address): ([&str; 3], &[&str]) = match lang {
        Lang::Fi => (
            ["Etunimi", "Sukunimi", "Yritys"],
            match channel {
                Channel::Email => &["Sähköposti"],
                Channel::Sms | Channel::Phone | Channel::Any => &["Puhelin"],
                Channel::Post => &["Katuosoite", "Postinumero", "Postitoimipaikka", "Maa"],
            },
        ),
        Lang::En => (
            ["First name", "Last name", "Company"],
            match channel {
                Channel::Email => &["E-mail"],
                Channel::Sms | Channel::Phone | Channel::Any => &["Phone"],
                Channel::Post => &["Street", "Postal code", "City", "Country"],
            },
        ),
    };
    names.iter().chain(address).copied().collect()
}

/// A contact list being written: the header goes out on [`ContactListWriter::new`], each
/// [`ContactListWriter::write`] adds one person, [`ContactListWriter::finish`] flushes.
pub struct ContactListWriter<W: Write> {
    writer: csv::Writer<W>,
    written: usize,
}

impl<W: Write> std::fmt::Debug for ContactListWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactListWriter").field("written", &self.written).finish_non_exhaustive()
    }
}

impl<W: Write> ContactListWriter<W> {
    /// Starts a list for `channel`: the byte order mark and the header row in `lang`.
    pub fn new(mut out: W, lang: Lang, channel: Channel) -> Result<Self, ExportError> {
        out.write_all(UTF8_BOM)?;
        let mut writer =
            csv::WriterBuilder::new().delimiter(EXPORT_DELIMITER).terminator(csv::Terminator::CRLF).from_writer(out);
        writer.write_record(contact_headers(lang, channel))?;
        Ok(Self { writer, written: 0 })
    }

    /// Adds one person.
    pub fn write(&mut self, row: &ContactRow) -> Result<(), ExportError> {
        for cell in [&row.first_name, &row.last_name, &row.company] {
            self.writer.write_field(defuse_cell(cell).as_bytes())?;
        }
        match &row.address {
            ContactAddress::Email(address) | ContactAddress::Phone(address) => {
                self.writer.write_field(defuse_cell(address).as_bytes())?;
            }
            ContactAddress::Postal { street, postal_code, city, country } => {
                for cell in [street, postal_code, city, country] {
                    self.writer.write_field(defuse_cell(cell).as_bytes())?;
                }
            }
        }
        self.writer.write_record(None::<&[u8]>)?;
        self.written += 1;
        Ok(())
    }

    /// How many people have been written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Flushes the list and hands back what it was written to.
    pub fn finish(self) -> Result<W, ExportError> {
        self.writer.into_inner().map_err(|error| ExportError::Io(std::io::Error::other(error.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerId;
    use crate::exchange::{ImportField, guess_mapping, read_table};

    fn row(first: &str, address: ContactAddress) -> ContactRow {
        ContactRow {
            customer_id: CustomerId(7),
            first_name: first.into(),
            last_name: "Öhman".into(),
            company: String::new(),
            address,
        }
    }

    fn written(lang: Lang, channel: Channel, rows: &[ContactRow]) -> String {
        let mut list = ContactListWriter::new(Vec::new(), lang, channel).unwrap();
        for row in rows {
            list.write(row).unwrap();
        }
        assert_eq!(list.written(), rows.len());
        String::from_utf8(list.finish().unwrap()).unwrap()
    }

    #[test]
    fn an_e_mail_list_has_the_name_and_the_address_only() {
        let text = written(Lang::Fi, Channel::Email, &[row("Åsa", ContactAddress::Email("asa@example.fi".into()))]);
        assert_eq!(text, "\u{feff}Etunimi;Sukunimi;Yritys;Sähköposti\r\nÅsa;Öhman;;asa@example.fi\r\n");
    }

    #[test]
    fn a_postal_list_has_the_address_in_its_parts_in_english_too() {
        let address = ContactAddress::Postal {
            street: "Kauppakatu 1".into(),
            postal_code: "00100".into(),
            city: "Helsinki".into(),
            country: "FI".into(),
        };
        let text = written(Lang::En, Channel::Post, &[row("Åsa", address)]);
        assert_eq!(
            text,
            "\u{feff}First name;Last name;Company;Street;Postal code;City;Country\r\nÅsa;Öhman;;Kauppakatu 1;00100;Helsinki;FI\r\n"
        );
    }

    #[test]
    fn formulas_and_phone_numbers_are_defused() {
        let text = written(
            Lang::En,
            Channel::Sms,
            &[row("=cmd|' /C calc'!A0", ContactAddress::Phone("+358401234567".into()))],
        );
        assert!(text.ends_with("'=cmd|' /C calc'!A0;Öhman;;'+358401234567\r\n"), "{text}");
    }

    #[test]
    fn a_list_imports_back_with_its_columns_recognised() {
        let postal = ContactAddress::Postal {
            street: "Kauppakatu 1".into(),
            postal_code: "00100".into(),
            city: "Helsinki".into(),
            country: "FI".into(),
        };
        for (channel, address) in [
            (Channel::Email, ContactAddress::Email("asa@example.fi".into())),
            (Channel::Sms, ContactAddress::Phone("+358401234567".into())),
            (Channel::Post, postal),
        ] {
            for lang in [Lang::Fi, Lang::En] {
                let text = written(lang, channel, &[row("Åsa", address.clone())]);
                let table = read_table(text.as_bytes()).unwrap();
                assert_eq!(table.rows[0].cells.len(), table.headers.len());
                let mapping = guess_mapping(&table.headers);
                assert!(mapping.iter().all(|field| *field != ImportField::Ignore), "{lang} {channel}: {mapping:?}");
            }
        }
    }
}
