//! Reads one cleaned cell as the value a column holds: a phone number, a postal code, a country, a
//! yes/no answer, an amount of money, a count, a date and time, tags, a full name. Each reader takes
//! what web shops, mailing tools and Finnish spreadsheets write, returns `Ok(None)` for an empty cell
//! and names the kind of problem otherwise, never the value.
//!
//! Not here: which column is which ([`super::mapping`]) or building the customer ([`super::rows`]).
//! E-mail addresses, phone numbers and postal codes are judged by [`crate::domain::validate`]; this
//! only undoes what spreadsheets do to them first.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::mapping::normalise_word;
use super::rows::RowProblem;
use crate::domain::customer::PhoneKind;
use crate::domain::validate;

/// A phone number in E.164. Besides what [`validate::phone`] takes, it restores what a spreadsheet
/// drops when it reads a number as a number: the leading 0 of a nine-digit Finnish mobile number
/// ("401234567" → "+358401234567") and the "+" of an international one ("358401234567").
pub(super) fn phone(cell: &str) -> Result<Option<String>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    if let Ok(number) = validate::phone(cell) {
        return Ok(Some(number));
    }
    let digits: String = cell.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::InvalidPhone);
    }
    let restored = if digits.len() == 9 && digits.starts_with(['4', '5']) {
        format!("0{digits}")
    } else if digits.starts_with("358") {
        format!("+{digits}")
    } else {
        return Err(RowProblem::InvalidPhone);
    };
    validate::phone(&restored).map(Some).map_err(|_| RowProblem::InvalidPhone)
}

/// Mobile for Finnish numbers in the mobile ranges (04x, 050) and for foreign numbers (what a web
/// shop asks for is a mobile number); landline for other Finnish numbers.
pub(super) fn phone_kind(e164: &str) -> PhoneKind {
    match e164.strip_prefix("+358") {
        Some(nsn) if nsn.starts_with('4') || nsn.starts_with("50") => PhoneKind::Mobile,
        Some(_) => PhoneKind::Landline,
        None => PhoneKind::Mobile,
    }
}

/// Countries whose addresses use Finland's five-digit postal codes (Åland has its own ISO code).
const FINNISH_POSTAL_COUNTRIES: [&str; 2] = ["FI", "AX"];

/// A postal code: validated as a Finnish one when `country` is Finland (or Åland) or unknown, taken as
/// it is for other countries. A Finnish code of three or four digits gets back the leading zeros a
/// spreadsheet dropped ("100" → "00100"): only the capital region's codes start with zeros.
pub(super) fn postal_code(cell: &str, country: Option<&str>) -> Result<Option<String>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    if country.is_some_and(|code| !FINNISH_POSTAL_COUNTRIES.contains(&code)) {
        return Ok(Some(cell.to_owned()));
    }
    let all_digits = cell.bytes().all(|b| b.is_ascii_digit());
    let padded = if all_digits && (3..5).contains(&cell.len()) { format!("{cell:0>5}") } else { cell.to_owned() };
    validate::postal_code(&padded).map(Some).map_err(|_| RowProblem::InvalidPostalCode)
}

/// Country names as exports write them (English, Finnish, Swedish, the local name) and their
/// ISO 3166 alpha-2 codes; any other two letters are taken as a code.
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("finland", "FI"),
    ("suomi", "FI"),
    ("finnland", "FI"),
    ("fin", "FI"),
    ("aland", "AX"),
    ("ahvenanmaa", "AX"),
    ("aland islands", "AX"),
    ("sweden", "SE"),
    ("ruotsi", "SE"),
    ("sverige", "SE"),
    ("swe", "SE"),
    ("norway", "NO"),
    ("norja", "NO"),
    ("norge", "NO"),
    ("denmark", "DK"),
    ("tanska", "DK"),
    ("danmark", "DK"),
    ("iceland", "IS"),
    ("islanti", "IS"),
    ("estonia", "EE"),
    ("viro", "EE"),
    ("eesti", "EE"),
    ("latvia", "LV"),
    ("lithuania", "LT"),
    ("liettua", "LT"),
    ("germany", "DE"),
    ("saksa", "DE"),
    ("deutschland", "DE"),
    ("netherlands", "NL"),
    ("alankomaat", "NL"),
    ("hollanti", "NL"),
    ("belgium", "BE"),
    ("belgia", "BE"),
    ("france", "FR"),
    ("ranska", "FR"),
    ("spain", "ES"),
    ("espanja", "ES"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("austria", "AT"),
    ("itavalta", "AT"),
    ("switzerland", "CH"),
    ("sveitsi", "CH"),
    ("poland", "PL"),
    ("puola", "PL"),
    ("ireland", "IE"),
    ("irlanti", "IE"),
    ("united kingdom", "GB"),
    ("great britain", "GB"),
    ("iso britannia", "GB"),
    ("britannia", "GB"),
    ("uk", "GB"),
    ("united states", "US"),
    ("united states of america", "US"),
    ("usa", "US"),
    ("yhdysvallat", "US"),
    ("canada", "CA"),
    ("kanada", "CA"),
];

/// A country as its ISO 3166 alpha-2 code ("Suomi", "finland", "fi" → "FI").
pub(super) fn country(cell: &str) -> Result<Option<String>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    let key = normalise_word(cell);
    if let Some((_, code)) = COUNTRY_NAMES.iter().find(|(name, _)| *name == key) {
        return Ok(Some((*code).to_owned()));
    }
    if key.len() == 2 && key.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(Some(key.to_ascii_uppercase()));
    }
    Err(RowProblem::UnknownCountry)
}

const YES: &[&str] = &[
    "yes",
    "y",
    "true",
    "1",
    "x",
    "kylla",
    "k",
    "ja",
    "on",
    "subscribed",
    "opted in",
    "opt in",
    "optin",
    "active",
    "confirmed",
    "granted",
];
const NO: &[&str] = &[
    "no",
    "n",
    "false",
    "0",
    "ei",
    "e",
    "nej",
    "off",
    "unsubscribed",
    "not subscribed",
    "opted out",
    "opt out",
    "optout",
    "cleaned",
    "bounced",
    "pending",
    "unconfirmed",
    "junk",
    "declined",
    "denied",
];

/// A yes/no answer: yes/no, true/false, 1/0, kyllä/ei, x, and the subscription states of mailing
/// tools ("subscribed", "opted in"; "unsubscribed", "pending", "cleaned" …), in any case.
pub(super) fn yes_no(cell: &str) -> Result<Option<bool>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    let answer = normalise_word(cell);
    if YES.contains(&answer.as_str()) {
        Ok(Some(true))
    } else if NO.contains(&answer.as_str()) {
        Ok(Some(false))
    } else {
        Err(RowProblem::BadYesNo)
    }
}

/// An amount of money in cents: "1 234,50", "1234.50", "1,234.50", "1.234,50", "€12,00", "12 €",
/// "EUR 12". Of a comma and a dot the last is the decimal mark; a lone one followed by three digits
/// groups thousands. More than two decimals is a problem, not a rounding.
pub(super) fn money_cents(cell: &str) -> Result<Option<i64>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    let text: String = cell.chars().filter(|c| !c.is_whitespace() && !matches!(c, '€' | '\'')).collect();
    let text = strip_ignoring_case(&text, "eur");
    let (negative, number) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if number.is_empty() {
        return Err(RowProblem::BadNumber);
    }
    let (whole, fraction) = split_decimal(number).ok_or(RowProblem::BadNumber)?;
    let fraction_cents = match fraction.len() {
        0 => 0,
        1 => parse_digits(fraction)? * 10,
        2 => parse_digits(fraction)?,
        _ => return Err(RowProblem::BadNumber),
    };
    let cents = parse_digits(&whole)?
        .checked_mul(100)
        .and_then(|cents| cents.checked_add(fraction_cents))
        .ok_or(RowProblem::BadNumber)?;
    Ok(Some(if negative { -cents } else { cents }))
}

/// Splits a number into its whole part, without thousands separators, and its decimals.
fn split_decimal(number: &str) -> Option<(String, &str)> {
    let decimal_mark = match (number.rfind(','), number.rfind('.')) {
        (Some(comma), Some(dot)) => Some(if comma > dot { ',' } else { '.' }),
        (Some(_), None) => lone_decimal_mark(number, ','),
        (None, Some(_)) => lone_decimal_mark(number, '.'),
        (None, None) => None,
    };
    let (whole, fraction) = match decimal_mark {
        Some(mark) => number.rsplit_once(mark)?,
        None => (number, ""),
    };
    if whole.contains(decimal_mark.unwrap_or(' ')) || fraction.is_empty() && decimal_mark.is_some() {
        return None;
    }
    Some((ungroup(whole)?, fraction))
}

/// Whether the only kind of separator in `number`, `mark`, is a decimal mark: it is once, and not
/// followed by exactly three digits (that groups thousands).
fn lone_decimal_mark(number: &str, mark: char) -> Option<char> {
    let (_, after) = number.rsplit_once(mark)?;
    (number.matches(mark).count() == 1 && after.len() != 3).then_some(mark)
}

/// The digits of a whole part whose thousands may be grouped by "," or ".": "1.234.567" → "1234567".
fn ungroup(whole: &str) -> Option<String> {
    let mut groups = whole.split([',', '.']);
    let first = groups.next()?;
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || first.is_empty() {
            return None;
        }
        digits.push_str(group);
    }
    if digits.is_empty() { Some("0".to_owned()) } else { Some(digits) }
}

fn parse_digits(digits: &str) -> Result<i64, RowProblem> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::BadNumber);
    }
    digits.parse().map_err(|_| RowProblem::BadNumber)
}

/// A whole count such as a number of orders; "3", "3.0" and "1 204" are fine, "-1" and "2,5" not.
pub(super) fn count(cell: &str) -> Result<Option<i64>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    let text: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let whole = text.trim_end_matches('0').strip_suffix(['.', ',']).filter(|_| text.contains(['.', ',']));
    parse_digits(whole.unwrap_or(&text)).map(Some)
}

/// Date and time layouts, tried in order. With an offset the wall-clock time is kept as written.
const DATE_TIME_LAYOUTS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y klo %H.%M",
    "%d.%m.%Y klo %H:%M",
];
const DATE_TIME_OFFSET_LAYOUTS: &[&str] = &["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S %:z", "%Y-%m-%dT%H:%M:%S%:z"];
const DATE_LAYOUTS: &[&str] = &["%Y-%m-%d", "%d.%m.%Y"];

/// A date and time: ISO ("2026-03-12", "2026-03-12T14:02:11Z"), "2026-03-12 14:02:11", Shopify's
/// "2026-03-12 14:02:11 +0200", Finnish "12.3.2026" and "12.3.2026 14.02". A date alone is midnight.
/// The time is kept as written, offset or not: the register keeps local times, and an export's
/// offset is the shop's own.
pub(super) fn date_time(cell: &str) -> Result<Option<NaiveDateTime>, RowProblem> {
    if cell.is_empty() {
        return Ok(None);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(cell) {
        return Ok(Some(time.naive_local()));
    }
    let with_offset = DATE_TIME_OFFSET_LAYOUTS.iter().find_map(|layout| DateTime::parse_from_str(cell, layout).ok());
    if let Some(time) = with_offset {
        return Ok(Some(time.naive_local()));
    }
    let plain = DATE_TIME_LAYOUTS.iter().find_map(|layout| NaiveDateTime::parse_from_str(cell, layout).ok());
    if let Some(time) = plain {
        return Ok(Some(time));
    }
    DATE_LAYOUTS
        .iter()
        .find_map(|layout| NaiveDate::parse_from_str(cell, layout).ok())
        .map(|date| Some(date.and_time(chrono::NaiveTime::MIN)))
        .ok_or(RowProblem::BadDate)
}

/// Tags from one cell: "VIP, kevät 2026" (Shopify), "\"VIP\",\"Kevät 2026\"" (Mailchimp) or
/// "VIP; kevät"; each trimmed, the first spelling of each kept once.
pub(super) fn tags(cell: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in cell.split([',', ';']) {
        let tag = tag.trim().trim_matches('"').trim();
        if !tag.is_empty() && !tags.iter().any(|known| known.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// A full name as (first, last): "Virtanen, Liisa" at the comma, "Anna Maria Virtanen" at the last
/// space; a single word is a first name.
pub(super) fn split_full_name(full: &str) -> (String, String) {
    if let Some((last, first)) = full.split_once(',') {
        return (first.trim().to_owned(), last.trim().to_owned());
    }
    match full.trim().rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_owned(), last.trim().to_owned()),
        None => (full.trim().to_owned(), String::new()),
    }
}

/// `text` without `affix` at its start or end, compared without case.
fn strip_ignoring_case<'a>(text: &'a str, affix: &str) -> &'a str {
    let len = affix.len();
    if text.len() >= len && text.is_char_boundary(len) && text[..len].eq_ignore_ascii_case(affix) {
        return &text[len..];
    }
    let start = text.len().saturating_sub(len);
    if text.len() >= len && text.is_char_boundary(start) && text[start..].eq_ignore_ascii_case(affix) {
        return &text[..start];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise_to_e164_and_get_back_dropped_zeros() {
        assert_eq!(phone("040 123 4567"), Ok(Some("+358401234567".into())));
        assert_eq!(phone("401234567"), Ok(Some("+358401234567".into())));
        assert_eq!(phone("501234567"), Ok(Some("+358501234567".into())));
        assert_eq!(phone("358401234567"), Ok(Some("+358401234567".into())));
        assert_eq!(phone("+46 70 123 45 67"), Ok(Some("+46701234567".into())));
        assert_eq!(phone(""), Ok(None));
        for bad in ["912345678", "12345", "040 123 456A", "puh 040", "0"] {
            assert_eq!(phone(bad), Err(RowProblem::InvalidPhone), "{bad}");
        }
    }

    #[test]
    fn phone_kinds_follow_the_finnish_number_ranges() {
        assert_eq!(phone_kind("+358401234567"), PhoneKind::Mobile);
        assert_eq!(phone_kind("+358501234567"), PhoneKind::Mobile);
        assert_eq!(phone_kind("+35891234567"), PhoneKind::Landline);
        assert_eq!(phone_kind("+46701234567"), PhoneKind::Mobile);
    }

    #[test]
    fn postal_codes_are_checked_only_in_finland() {
        assert_eq!(postal_code("00100", None), Ok(Some("00100".into())));
        assert_eq!(postal_code("100", Some("FI")), Ok(Some("00100".into())));
        assert_eq!(postal_code("2100", None), Ok(Some("02100".into())));
        assert_eq!(postal_code("22100", Some("AX")), Ok(Some("22100".into())));
        assert_eq!(postal_code("SW1A 1AA", Some("GB")), Ok(Some("SW1A 1AA".into())));
        assert_eq!(postal_code("123 45", Some("SE")), Ok(Some("123 45".into())));
        for bad in ["SW1A 1AA", "472000", "47 200", "12"] {
            assert_eq!(postal_code(bad, Some("FI")), Err(RowProblem::InvalidPostalCode), "{bad}");
        }
    }

    #[test]
    fn countries_become_iso_codes() {
        for (cell, code) in [("FI", "FI"), ("fi", "FI"), ("Suomi", "FI"), ("Finland", "FI"), ("Ruotsi", "SE")] {
            assert_eq!(country(cell), Ok(Some(code.to_owned())), "{cell}");
        }
        assert_eq!(country("Åland"), Ok(Some("AX".to_owned())));
        assert_eq!(country("Atlantis"), Err(RowProblem::UnknownCountry));
    }

    #[test]
    fn yes_no_variants_are_understood() {
        for yes in [
            "yes",
            "YES",
            "Yes",
            "true",
            "TRUE",
            "1",
            "kyllä",
            "Kyllä",
            "KYLLA",
            "x",
            "X",
            "subscribed",
            "Opted in",
            "opted-in",
        ] {
            assert_eq!(yes_no(yes), Ok(Some(true)), "{yes}");
        }
        for no in
            ["no", "No", "false", "FALSE", "0", "ei", "EI", "unsubscribed", "Unsubscribed", "opted out", "cleaned"]
        {
            assert_eq!(yes_no(no), Ok(Some(false)), "{no}");
        }
        assert_eq!(yes_no(""), Ok(None));
        assert_eq!(yes_no("maybe"), Err(RowProblem::BadYesNo));
        assert_eq!(yes_no("2"), Err(RowProblem::BadYesNo));
    }

    #[test]
    fn money_formats_become_cents() {
        for (cell, cents) in [
            ("1 234,50", 123_450),
            ("1\u{a0}234,50", 123_450),
            ("1234.50", 123_450),
            ("1,234.50", 123_450),
            ("1.234,50", 123_450),
            ("€12,00", 1200),
            ("12,00 €", 1200),
            ("EUR 12.5", 1250),
            ("12 eur", 1200),
            ("0.00", 0),
            ("7", 700),
            ("1,234", 123_400),
            ("1.234.567", 123_456_700),
            ("-5,90", -590),
        ] {
            assert_eq!(money_cents(cell), Ok(Some(cents)), "{cell}");
        }
        assert_eq!(money_cents(""), Ok(None));
        for bad in ["12,345,6", "1.2345", "abc", "12,50,1", "1,2,3", "€", "1.23.45", "99999999999999999999"] {
            assert_eq!(money_cents(bad), Err(RowProblem::BadNumber), "{bad}");
        }
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(count("3"), Ok(Some(3)));
        assert_eq!(count("3.0"), Ok(Some(3)));
        assert_eq!(count("1 204"), Ok(Some(1204)));
        assert_eq!(count("10"), Ok(Some(10)));
        assert_eq!(count(""), Ok(None));
        for bad in ["-1", "2,5", "kolme", "1e3"] {
            assert_eq!(count(bad), Err(RowProblem::BadNumber), "{bad}");
        }
    }

    #[test]
    fn date_formats_are_understood() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
        let at = day.and_hms_opt(14, 2, 11).unwrap();
        for cell in [
            "2026-03-12 14:02:11",
            "2026-03-12T14:02:11",
            "2026-03-12 14:02:11 +0200",
            "2026-03-12 14:02:11 -0500",
            "2026-03-12T14:02:11+02:00",
            "2026-03-12T14:02:11Z",
            "12.3.2026 14:02:11",
            "12.03.2026 14.02.11",
        ] {
            assert_eq!(date_time(cell), Ok(Some(at)), "{cell}");
        }
        let midnight = day.and_hms_opt(0, 0, 0).unwrap();
        for cell in ["2026-03-12", "12.3.2026", "12.03.2026"] {
            assert_eq!(date_time(cell), Ok(Some(midnight)), "{cell}");
        }
        assert_eq!(date_time("12.3.2026 klo 14.02"), Ok(Some(day.and_hms_opt(14, 2, 0).unwrap())));
        assert_eq!(date_time(""), Ok(None));
        for bad in ["31.2.2026", "2026-13-01", "eilen", "12/03/2026"] {
            assert_eq!(date_time(bad), Err(RowProblem::BadDate), "{bad}");
        }
    }

    #[test]
    fn tags_split_on_commas_and_mailchimp_quotes() {
        assert_eq!(tags("VIP, kevät 2026"), ["VIP", "kevät 2026"]);
        assert_eq!(tags("\"VIP\",\"Kevät 2026\""), ["VIP", "Kevät 2026"]);
        assert_eq!(tags("VIP; vip ;;"), ["VIP"]);
        assert!(tags("").is_empty());
    }

    #[test]
    fn full_names_split_at_the_last_space_or_the_comma() {
        assert_eq!(split_full_name("Pekka Mäkelä"), ("Pekka".into(), "Mäkelä".into()));
        assert_eq!(split_full_name("Anna Maria Virtanen"), ("Anna Maria".into(), "Virtanen".into()));
        assert_eq!(split_full_name("Öhman, Åsa"), ("Åsa".into(), "Öhman".into()));
        assert_eq!(split_full_name("Åsa"), ("Åsa".into(), String::new()));
    }
}
