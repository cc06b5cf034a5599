//! Reads the unsubscribe list a mailing tool exports (Mailchimp's and MailerLite's "unsubscribed"
//! CSV, or a bare list of addresses one a line) into the e-mail addresses it holds and the rows
//! that hold none. The e-mail column is found by its header, as the customer import finds it
//! ("Email Address", "Subscriber", "Sähköposti" …); a file whose first row is already an address
//! has no header, and a one-column file is read whatever its header says.
//!
//! Not here: matching the addresses to people or withdrawing anything (the store).

use thiserror::Error;

use super::{ImportError, ImportField, RowError, RowProblem, guess_mapping, read_rows};
use crate::domain::validate;

/// Why a file is no unsubscribe list at all. Carries no addresses.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UnsubscribeError {
    #[error(transparent)]
    File(#[from] ImportError),
    /// Several columns and none of them is headed as an e-mail address.
    #[error("the file has no e-mail column")]
    NoEmailColumn,
}

/// The addresses of an unsubscribe list and its rows without one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnsubscribeList {
    /// Valid addresses in file order, as written (matching ignores case).
    pub addresses: Vec<String>,
    /// Rows whose e-mail cell is empty or not an address.
    pub invalid: Vec<RowError>,
}

/// Reads an unsubscribe list (see the module documentation).
pub fn read_unsubscribe_list(bytes: &[u8]) -> Result<UnsubscribeList, UnsubscribeError> {
    let (_, _, rows) = read_rows(bytes)?;
    let first = rows.first().ok_or(ImportError::Empty)?;
    let headerless = first.cells.iter().position(|cell| validate::email(cell).is_ok());
    let (column, data) = match headerless {
        Some(column) => (column, &rows[..]),
        None => {
            let widest = rows.iter().map(|row| row.cells.len()).max().unwrap_or(0);
            let headed = guess_mapping(&first.cells).iter().position(|field| *field == ImportField::Email);
            let column = match headed {
                Some(column) => column,
                None if widest == 1 => 0,
                None => return Err(UnsubscribeError::NoEmailColumn),
            };
            (column, &rows[1..])
        }
    };
    let mut list = UnsubscribeList::default();
    for row in data {
        let cell = row.cells.get(column).map_or("", String::as_str);
        match validate::email(cell) {
            Ok(address) => list.addresses.push(address),
            Err(_) => list.invalid.push(RowError {
                row_number: row.row_number,
                field: ImportField::Email,
                problem: RowProblem::InvalidEmail,
            }),
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailchimps_unsubscribed_export_is_read_by_its_email_address_column() {
        let file = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE\n\
                    Liisa.Nieminen@Example.fi,Liisa,Nieminen,2,2025-03-01 10:00:00,2026-11-02 08:15:00,Syysuutiset\n\
                    olli@example.fi,Olli,,1,2025-04-01 09:00:00,2026-11-03 12:00:00,Syysuutiset\n";
        let list = read_unsubscribe_list(file.as_bytes()).unwrap();
        assert_eq!(list.addresses, ["Liisa.Nieminen@example.fi", "olli@example.fi"]);
        assert_eq!(list.invalid, []);
    }

    #[test]
    fn mailerlites_subscriber_column_and_a_bad_row_are_told_apart() {
        let file = "Subscriber;Name;Unsubscribed at\r\nsanna@example.com;Sanna;2026-11-01\r\nei osoite;Pekka;2026-11-01\r\n;Tyhjä;\r\n";
        let list = read_unsubscribe_list(file.as_bytes()).unwrap();
        assert_eq!(list.addresses, ["sanna@example.com"]);
        let rows: Vec<usize> = list.invalid.iter().map(|error| error.row_number).collect();
        assert_eq!(rows, [3, 4]);
        assert!(list.invalid.iter().all(|error| error.problem == RowProblem::InvalidEmail));
    }

    #[test]
    fn a_bare_list_has_no_header_even_of_one_address() {
        let list = read_unsubscribe_list(b"aino@example.fi\r\nAINO@example.fi\r\n\r\nbo@example.com\r\n").unwrap();
        assert_eq!(list.addresses, ["aino@example.fi", "AINO@example.fi", "bo@example.com"]);
        let one = read_unsubscribe_list("\u{feff}aino@example.fi".as_bytes()).unwrap();
        assert_eq!(one.addresses, ["aino@example.fi"]);
    }

    #[test]
    fn a_one_column_list_may_have_any_header() {
        let list = read_unsubscribe_list("osoitteet\nbo@example.com\nväärin@\n".as_bytes()).unwrap();
        assert_eq!(list.addresses, ["bo@example.com"]);
        assert_eq!(list.invalid.len(), 1);
        assert_eq!(list.invalid[0].row_number, 3);
    }

    #[test]
    fn a_table_without_an_email_column_or_content_is_refused() {
        assert_eq!(read_unsubscribe_list(b"Name;City\nPekka;Turku\n"), Err(UnsubscribeError::NoEmailColumn));
        assert_eq!(read_unsubscribe_list(b""), Err(UnsubscribeError::File(ImportError::Empty)));
        assert_eq!(read_unsubscribe_list(b"PK\x03\x04xlsx"), Err(UnsubscribeError::File(ImportError::Workbook)));
    }
}
