//! The register's vocabulary as plain Rust: customers, consents, requests, the register description,
//! retention rules, users, the audit trail, backups and the dossier an access reply is made from,
//! with the rules that apply to them as pure functions.
//!
//! Nothing here touches SQL, egui or files: the store and the UI speak these types, and most unit
//! tests of the register's rules live beside the code in this module.

pub mod audit;
pub mod backup;
pub mod consent;
pub mod contact;
pub mod customer;
pub mod customer_input;
pub mod deadline;
pub mod dossier;
pub mod password;
pub mod portability;
pub mod register;
pub mod request;
pub mod retention;
pub mod timeline;
pub mod user;
pub mod validate;

use serde::{Deserialize, Serialize};

/// Declares an enum whose variants are stored and typed on the command line by a stable code.
///
/// Generates `ALL`, `code()` and `from_code()`; the code is what the database holds, so a code is
/// never changed once released (a migration would have to rewrite the rows).
macro_rules! coded_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every variant, in the order the UI lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable code stored in the database and used on the command line.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            /// Parses a stored or typed code; `None` for anything else.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// A language the application speaks and writes letters in.
    pub enum Lang {
        Fi = "fi",
        En = "en",
    }
}

impl Lang {
    /// The other language: what the FI/EN switch flips to.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fi => Lang::En,
            Lang::En => Lang::Fi,
        }
    }
}

/// A text kept in both of the register's languages (Finnish first: the notice is Finnish).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub fi: String,
    pub en: String,
}

impl Localized {
    pub fn new(fi: impl Into<String>, en: impl Into<String>) -> Self {
        Self { fi: fi.into(), en: en.into() }
    }

    /// The text in `lang`, falling back to the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, fallback) = match lang {
            Lang::Fi => (&self.fi, &self.en),
            Lang::En => (&self.en, &self.fi),
        };
        if wanted.trim().is_empty() { fallback } else { wanted }
    }

    pub fn is_blank(&self) -> bool {
        self.fi.trim().is_empty() && self.en.trim().is_empty()
    }
}

/// Formats a date the Finnish way, d.m.yyyy (24.11.2026), as every screen and letter shows it.
pub fn finnish_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{}.{}.{}", date.day(), date.month(), date.year())
}

/// Parses a date typed the Finnish way (d.m.yyyy) or as ISO (yyyy-mm-dd).
pub fn parse_date(input: &str) -> Option<chrono::NaiveDate> {
    let input = input.trim();
    chrono::NaiveDate::parse_from_str(input, "%d.%m.%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(input, "%Y-%m-%d"))
        .ok()
}

/// Formats a money amount in cents the Finnish way: 1 234,50 €.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let grouped = group_digits(cents / 100, '\u{a0}');
    format!("{sign}{grouped},{:02}\u{a0}€", cents % 100)
}

/// `number` with its thousands grouped by `separator` (1000000 → 1 000 000).
fn group_digits(number: u64, separator: char) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// A count as the language writes it: 1 000 000 in Finnish (a no-break space between the
/// thousands), 1,000,000 in English.
pub fn count_text(count: usize, lang: Lang) -> String {
    let separator = match lang {
        Lang::Fi => '\u{a0}',
        Lang::En => ',',
    };
    group_digits(count as u64, separator)
}

/// Parses money typed the Finnish or English way ("12,90", "1 234,50 €", "12.90") into cents.
pub fn parse_euros(input: &str) -> Option<i64> {
    let cleaned: String = input.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}').collect();
    let normalised = cleaned.replace(',', ".");
    let (whole, fraction) = normalised.split_once('.').unwrap_or((&normalised, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    whole.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn money_is_parsed_as_people_type_it() {
        assert_eq!(parse_euros("12,90"), Some(1290));
        assert_eq!(parse_euros("1 234,5 €"), Some(123_450));
        assert_eq!(parse_euros("7"), Some(700));
        assert_eq!(parse_euros("12.999"), None);
        assert_eq!(parse_euros("-3"), None);
    }

    #[test]
    fn dates_are_shown_the_finnish_way() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        assert_eq!(finnish_date(date), "4.11.2026");
        assert_eq!(parse_date("4.11.2026"), Some(date));
        assert_eq!(parse_date("2026-11-04"), Some(date));
        assert_eq!(parse_date("31.2.2026"), None);
    }

    #[test]
    fn euros_group_thousands_with_a_comma_for_cents() {
        assert_eq!(euros(123_450), "1\u{a0}234,50\u{a0}€");
        assert_eq!(euros(5), "0,05\u{a0}€");
        assert_eq!(euros(-990), "-9,90\u{a0}€");
    }

    #[test]
    fn counts_group_thousands_as_each_language_does() {
        assert_eq!(count_text(1_000_000, Lang::Fi), "1\u{a0}000\u{a0}000");
        assert_eq!(count_text(1_000_000, Lang::En), "1,000,000");
        assert_eq!(count_text(12_345, Lang::En), "12,345");
        assert_eq!(count_text(999, Lang::Fi), "999");
        assert_eq!(count_text(0, Lang::En), "0");
    }

    #[test]
    fn localized_text_falls_back_to_the_other_language() {
        let text = Localized::new("Asiakas", "");
        assert_eq!(text.get(Lang::En), "Asiakas");
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("sv"), None);
    }
}
