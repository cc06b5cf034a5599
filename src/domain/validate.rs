//! Validators for what people type into the register: Finnish business IDs
//! (Y-tunnus), e-mail addresses, phone numbers, Finnish postal codes and
//! birth years.
//!
//! Each validator parses at the edge and returns the canonical, typed value
//! that the rest of the crate stores, or a [`ValidationError`] that names the
//! kind of problem only. The errors never carry the rejected input, so they
//! can be logged without leaking personal data.
//!
//! Not here: the texts users see (they are translated elsewhere), storage,
//! and any check that needs the network (MX look-ups, the business register).

use thiserror::Error;

/// Why an input was rejected. Carries no personal data: never the input itself.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// The input was empty or only whitespace.
    #[error("value is empty")]
    Empty,
    /// A business ID is not of the form `NNNNNNN-C`.
    #[error("business ID must look like 1234567-8")]
    BusinessIdFormat,
    /// A business ID has the right shape but a wrong check digit.
    #[error("business ID check digit does not match")]
    BusinessIdCheckDigit,
    /// An e-mail address is malformed.
    #[error("e-mail address is not valid")]
    EmailFormat,
    /// A phone number is malformed or of an impossible length.
    #[error("phone number is not valid")]
    PhoneFormat,
    /// A postal code is not exactly five digits.
    #[error("postal code must be five digits")]
    PostalCodeFormat,
    /// A birth year is in the future or more than 120 years ago.
    #[error("birth year is out of range")]
    BirthYearRange,
}

/// Weights of the Y-tunnus check digit, one per digit of the seven-digit body.
const BUSINESS_ID_WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

/// Validates a Finnish business ID (Y-tunnus) and returns it as `NNNNNNN-C`.
///
/// Surrounding whitespace is ignored. Seven digits, a hyphen and a check digit
/// are accepted; so is the older six-digit body, which is left-padded with a
/// zero as the tax office does. The check digit is computed with the weights
/// 7, 9, 10, 5, 8, 4, 2: with `r` the weighted sum modulo 11, `r = 0` gives
/// check digit 0, `r = 1` is never issued, otherwise the digit is `11 − r`.
pub fn business_id(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Empty);
    }
    let (body, check) = trimmed.split_once('-').ok_or(ValidationError::BusinessIdFormat)?;
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(body) || !all_digits(check) || check.len() != 1 {
        return Err(ValidationError::BusinessIdFormat);
    }
    let body = match body.len() {
        7 => body.to_owned(),
        6 => format!("0{body}"),
        _ => return Err(ValidationError::BusinessIdFormat),
    };

    let sum: u32 = body.bytes().zip(BUSINESS_ID_WEIGHTS).map(|(digit, weight)| u32::from(digit - b'0') * weight).sum();
    let expected = match sum % 11 {
        0 => 0,
        1 => return Err(ValidationError::BusinessIdCheckDigit),
        r => 11 - r,
    };
    let given = u32::from(check.as_bytes()[0] - b'0');
    if given != expected {
        return Err(ValidationError::BusinessIdCheckDigit);
    }
    Ok(format!("{body}-{given}"))
}

/// Longest e-mail address accepted, in characters.
const EMAIL_MAX_LEN: usize = 254;
/// Longest local part (before the `@`) accepted, in characters.
const EMAIL_LOCAL_MAX_LEN: usize = 64;

/// Validates an e-mail address and returns it with the domain lowercased.
///
/// Surrounding whitespace is ignored. The address must have exactly one `@`
/// and at most 254 characters. The local part is kept as typed; it must be
/// 1–64 characters with no whitespace or control characters, no consecutive
/// dots, and not start or end with a dot. The domain needs at least two
/// labels of letters (non-ASCII letters too, for IDN), digits and hyphens,
/// none starting or ending with a hyphen, and a top-level label of at least
/// two letters.
pub fn email(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Empty);
    }
    if trimmed.chars().count() > EMAIL_MAX_LEN {
        return Err(ValidationError::EmailFormat);
    }
    let (local, domain) = trimmed.split_once('@').ok_or(ValidationError::EmailFormat)?;
    if domain.contains('@') || !local_part_ok(local) || !domain_ok(domain) {
        return Err(ValidationError::EmailFormat);
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

/// Whether the part before the `@` is acceptable.
fn local_part_ok(local: &str) -> bool {
    !local.is_empty()
        && local.chars().count() <= EMAIL_LOCAL_MAX_LEN
        && !local.chars().any(|c| c.is_whitespace() || c.is_control())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

/// Whether the part after the `@` is acceptable.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = |tld: &str| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic);
    labels.iter().all(|label| label_ok(label)) && labels.last().is_some_and(|tld| tld_ok(tld))
}

/// The key under which e-mail addresses are compared for duplicates: the
/// trimmed address, lowercased as a whole.
///
/// This is deliberately looser than [`email`]'s output, which keeps the local
/// part as typed: two addresses differing only in case are treated as the
/// same person's.
pub fn email_match_key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// Finland's country calling code.
const FINLAND_CC: &str = "358";
/// Allowed length of a Finnish national significant number (without the
/// trunk prefix 0).
const FINNISH_NSN_LEN: std::ops::RangeInclusive<usize> = 5..=12;
/// Allowed total digit count of a foreign number, country code included.
const FOREIGN_DIGITS_LEN: std::ops::RangeInclusive<usize> = 7..=15;

/// Normalises a phone number to E.164 (`+358401234567`).
///
/// Spaces, hyphens, parentheses and dots are ignored as separators. Finnish
/// numbers may be written nationally with the trunk prefix (`040 123 4567`,
/// `(09) 123 4567`) or internationally (`+358 40 123 4567`, `00358…`, also
/// `+358 (0)40…`, whose trunk `0` is dropped); their national significant
/// number must have 5–12 digits. Numbers with another country code (`+46…`,
/// `0046…`) are accepted as `+CC…` when they have 7–15 digits in total.
/// A number with neither a `+`, `00` nor `0` prefix is rejected, as are
/// letters and any other characters.
pub fn phone(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Empty);
    }
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return Err(ValidationError::PhoneFormat),
        }
    }

    let international = if plus { Some(digits.as_str()) } else { digits.strip_prefix("00") };
    match international {
        Some(number) => match number.strip_prefix(FINLAND_CC) {
            Some(nsn) => finnish(nsn.strip_prefix('0').unwrap_or(nsn)),
            None => foreign(number),
        },
        None => match digits.strip_prefix('0') {
            Some(nsn) => finnish(nsn),
            None => Err(ValidationError::PhoneFormat),
        },
    }
}

/// E.164 form of a Finnish national significant number.
fn finnish(nsn: &str) -> Result<String, ValidationError> {
    if !FINNISH_NSN_LEN.contains(&nsn.len()) || nsn.starts_with('0') {
        return Err(ValidationError::PhoneFormat);
    }
    Ok(format!("+{FINLAND_CC}{nsn}"))
}

/// E.164 form of a foreign number given as country code and number.
fn foreign(digits: &str) -> Result<String, ValidationError> {
    if !FOREIGN_DIGITS_LEN.contains(&digits.len()) || digits.starts_with('0') {
        return Err(ValidationError::PhoneFormat);
    }
    Ok(format!("+{digits}"))
}

/// The digit strings a person might type to find the number `e164` (as
/// returned by [`phone`]).
///
/// For a Finnish number `+358401234567` these are `358401234567`,
/// `0401234567` and `401234567`; for a foreign number only its digits
/// (`46701234567`). Returns an empty list when `e164` has no digits.
pub fn phone_search_forms(e164: &str) -> Vec<String> {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Vec::new();
    }
    let finnish_nsn = e164
        .trim()
        .strip_prefix('+')
        .and_then(|_| digits.strip_prefix(FINLAND_CC))
        .filter(|nsn| !nsn.is_empty())
        .map(str::to_owned);
    match finnish_nsn {
        Some(nsn) => vec![digits, format!("0{nsn}"), nsn],
        None => vec![digits],
    }
}

/// A stored E.164 number as people write it: Finnish numbers nationally with the area or
/// operator code apart ("040 123 4567", "09 123 4567"), foreign ones as stored.
pub fn phone_display(e164: &str) -> String {
    let Some(nsn) = e164.strip_prefix("+358").filter(|nsn| nsn.len() >= 5) else {
        return e164.to_owned();
    };
    let area_len = if nsn.starts_with('9') { 1 } else { 2 };
    let (area, rest) = nsn.split_at(area_len.min(nsn.len()));
    let (first, last) = rest.split_at(3.min(rest.len()));
    format!("0{area} {first} {last}").trim_end().to_owned()
}

/// Validates a Finnish postal code (postinumero): exactly five digits after
/// trimming, returned trimmed.
pub fn postal_code(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Empty);
    }
    if trimmed.len() != 5 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::PostalCodeFormat);
    }
    Ok(trimmed.to_owned())
}

/// Oldest age, in years, a birth year may imply.
const MAX_AGE_YEARS: i32 = 120;

/// Validates a birth year: from `today_year − 120` to `today_year`, both
/// inclusive.
pub fn birth_year(year: i32, today_year: i32) -> Result<i32, ValidationError> {
    let earliest = today_year.saturating_sub(MAX_AGE_YEARS);
    if (earliest..=today_year).contains(&year) { Ok(year) } else { Err(ValidationError::BirthYearRange) }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Business ID (Y-tunnus)

    #[test]
    fn ytunnus_of_the_notice_is_valid() {
        assert_eq!(business_id("2633954-7"), Ok("2633954-7".to_owned()));
    }

    #[test]
    fn ytunnus_with_wrong_check_digit_is_rejected() {
        assert_eq!(business_id("2633954-8"), Err(ValidationError::BusinessIdCheckDigit));
    }

    #[test]
    fn ytunnus_without_check_digit_is_a_format_error() {
        assert_eq!(business_id("2633954"), Err(ValidationError::BusinessIdFormat));
    }

    #[test]
    fn ytunnus_of_known_companies_are_valid() {
        // Nokia Oyj and Kesko Oyj; check digits worked out by hand:
        // 0112038: 0+9+10+10+0+12+16 = 57, 57 mod 11 = 2, 11-2 = 9.
        // 0109862: 0+9+0+45+64+24+4 = 146, 146 mod 11 = 3, 11-3 = 8.
        assert_eq!(business_id("0112038-9"), Ok("0112038-9".to_owned()));
        assert_eq!(business_id("0109862-8"), Ok("0109862-8".to_owned()));
    }

    #[test]
    fn ytunnus_is_trimmed() {
        assert_eq!(business_id("  2633954-7\t"), Ok("2633954-7".to_owned()));
    }

    #[test]
    fn ytunnus_with_six_digit_body_is_padded() {
        assert_eq!(business_id("112038-9"), Ok("0112038-9".to_owned()));
    }

    #[test]
    fn ytunnus_remainder_zero_gives_check_digit_zero() {
        // 1000002: 7 + 2*2 = 11, 11 mod 11 = 0.
        assert_eq!(business_id("1000002-0"), Ok("1000002-0".to_owned()));
        assert_eq!(business_id("1000002-1"), Err(ValidationError::BusinessIdCheckDigit));
    }

    #[test]
    fn ytunnus_remainder_one_is_never_valid() {
        // 0000030: 3*4 = 12, 12 mod 11 = 1.
        for check in 0..=9 {
            assert_eq!(business_id(&format!("0000030-{check}")), Err(ValidationError::BusinessIdCheckDigit));
        }
    }

    #[test]
    fn ytunnus_malformed_inputs_are_format_errors() {
        for input in [
            "26339547",
            "2633954-",
            "2633954-77",
            "263395A-7",
            "26339-7",
            "02633954-7",
            "2633954–7",
            "2633 954-7",
            "-2633954-7",
            "+633954-7",
        ] {
            assert_eq!(business_id(input), Err(ValidationError::BusinessIdFormat), "{input}");
        }
    }

    #[test]
    fn ytunnus_empty_is_empty() {
        assert_eq!(business_id("   "), Err(ValidationError::Empty));
    }

    // E-mail

    #[test]
    fn email_plain_address_is_valid() {
        assert_eq!(email("matti.meikalainen@example.fi"), Ok("matti.meikalainen@example.fi".to_owned()));
    }

    #[test]
    fn email_domain_is_lowercased_but_local_part_kept() {
        assert_eq!(email("  Matti.M@Example.FI "), Ok("Matti.M@example.fi".to_owned()));
    }

    #[test]
    fn email_idn_domain_is_accepted() {
        assert_eq!(email("maija@kukkakauppa-ähtäri.fi"), Ok("maija@kukkakauppa-ähtäri.fi".to_owned()));
        assert_eq!(email("maija@ÄHTÄRI.FI"), Ok("maija@ähtäri.fi".to_owned()));
    }

    #[test]
    fn email_plus_and_subdomains_are_accepted() {
        assert_eq!(email("a+tag@mail.shop.example.com"), Ok("a+tag@mail.shop.example.com".to_owned()));
    }

    #[test]
    fn email_malformed_addresses_are_rejected() {
        for input in [
            "matti",
            "matti@",
            "@example.fi",
            "matti@@example.fi",
            "matti@a@example.fi",
            "matti meikalainen@example.fi",
            "matti..m@example.fi",
            ".matti@example.fi",
            "matti.@example.fi",
            "matti@example",
            "matti@example.f",
            "matti@example.f1",
            "matti@-example.fi",
            "matti@example-.fi",
            "matti@example..fi",
            "matti@.example.fi",
            "matti@example.fi.",
            "matti@exa_mple.fi",
            "matti@exa mple.fi",
        ] {
            assert_eq!(email(input), Err(ValidationError::EmailFormat), "{input}");
        }
    }

    #[test]
    fn email_local_part_length_limit_is_64() {
        let ok = format!("{}@example.fi", "a".repeat(64));
        let too_long = format!("{}@example.fi", "a".repeat(65));
        assert_eq!(email(&ok), Ok(ok.clone()));
        assert_eq!(email(&too_long), Err(ValidationError::EmailFormat));
    }

    #[test]
    fn email_total_length_limit_is_254() {
        // 64 + 1 + (60 + 1 + 125 + 3) = 254.
        let domain = format!("{}.{}.fi", "b".repeat(60), "c".repeat(125));
        let ok = format!("{}@{domain}", "a".repeat(64));
        assert_eq!(ok.chars().count(), 254);
        assert_eq!(email(&ok), Ok(ok.clone()));
        let too_long = format!("{}@x{domain}", "a".repeat(64));
        assert_eq!(email(&too_long), Err(ValidationError::EmailFormat));
    }

    #[test]
    fn email_empty_is_empty() {
        assert_eq!(email(" \n "), Err(ValidationError::Empty));
    }

    #[test]
    fn email_match_key_lowercases_whole_address() {
        assert_eq!(email_match_key("  Matti.M@Example.FI "), "matti.m@example.fi");
        assert_eq!(email_match_key("MAIJA@ÄHTÄRI.FI"), "maija@ähtäri.fi");
    }

    // Phone

    #[test]
    fn phone_finnish_forms_normalise_to_e164() {
        for input in [
            "040 123 4567",
            "040-123 4567",
            "040.123.4567",
            "0401234567",
            "+358 40 123 4567",
            "+358401234567",
            "00358401234567",
            "00358 40 123 4567",
            "+358 (0)40 123 4567",
            "  +358-40-123-4567  ",
        ] {
            assert_eq!(phone(input), Ok("+358401234567".to_owned()), "{input}");
        }
    }

    #[test]
    fn phone_landline_with_area_code_in_parentheses() {
        assert_eq!(phone("(09) 123 4567"), Ok("+35891234567".to_owned()));
    }

    #[test]
    fn phone_foreign_numbers_keep_their_country_code() {
        assert_eq!(phone("+46 70 123 45 67"), Ok("+46701234567".to_owned()));
        assert_eq!(phone("0046 70 123 45 67"), Ok("+46701234567".to_owned()));
        assert_eq!(phone("+1 (212) 555-0100"), Ok("+12125550100".to_owned()));
    }

    #[test]
    fn phone_foreign_length_limits_are_7_to_15_digits() {
        assert_eq!(phone("+4612345"), Ok("+4612345".to_owned()));
        assert_eq!(phone("+461234"), Err(ValidationError::PhoneFormat));
        assert_eq!(phone("+461234567890123"), Ok("+461234567890123".to_owned()));
        assert_eq!(phone("+4612345678901234"), Err(ValidationError::PhoneFormat));
    }

    #[test]
    fn phone_finnish_length_limits_are_5_to_12_digits() {
        assert_eq!(phone("012345"), Ok("+35812345".to_owned()));
        assert_eq!(phone("01234"), Err(ValidationError::PhoneFormat));
        assert_eq!(phone("0123456789012"), Ok("+358123456789012".to_owned()));
        assert_eq!(phone("01234567890123"), Err(ValidationError::PhoneFormat));
    }

    #[test]
    fn phone_with_letters_is_rejected() {
        for input in ["040 123 456A", "puh. 040 1234567", "0800-KUKKA", "+358 40 l23 4567"] {
            assert_eq!(phone(input), Err(ValidationError::PhoneFormat), "{input}");
        }
    }

    #[test]
    fn phone_other_malformed_inputs_are_rejected() {
        for input in [
            "401234567",
            "++358401234567",
            "+358+401234567",
            "040/1234567",
            "+",
            "00",
            "0",
            "+0 123 4567",
            "+35800401234567",
        ] {
            assert_eq!(phone(input), Err(ValidationError::PhoneFormat), "{input}");
        }
    }

    #[test]
    fn phone_empty_is_empty() {
        assert_eq!(phone("  "), Err(ValidationError::Empty));
    }

    #[test]
    fn phone_search_forms_of_finnish_number() {
        assert_eq!(phone_search_forms("+358401234567"), vec!["358401234567", "0401234567", "401234567"]);
    }

    #[test]
    fn phone_search_forms_of_foreign_number() {
        assert_eq!(phone_search_forms("+46701234567"), vec!["46701234567"]);
    }

    #[test]
    fn phone_search_forms_of_nothing_is_empty() {
        assert!(phone_search_forms("").is_empty());
    }

    // Postal code

    #[test]
    fn postal_code_five_digits_is_valid() {
        assert_eq!(postal_code("00100"), Ok("00100".to_owned()));
        assert_eq!(postal_code(" 47200 "), Ok("47200".to_owned()));
    }

    #[test]
    fn postal_code_wrong_shapes_are_rejected() {
        for input in ["4720", "47200A", "472000", "47 200", "４７２００"] {
            assert_eq!(postal_code(input), Err(ValidationError::PostalCodeFormat), "{input}");
        }
    }

    #[test]
    fn postal_code_empty_is_empty() {
        assert_eq!(postal_code(""), Err(ValidationError::Empty));
    }

    // Birth year

    #[test]
    fn birth_year_bounds_are_inclusive() {
        assert_eq!(birth_year(2026, 2026), Ok(2026));
        assert_eq!(birth_year(1906, 2026), Ok(1906));
        assert_eq!(birth_year(1980, 2026), Ok(1980));
    }

    #[test]
    fn birth_year_outside_bounds_is_rejected() {
        assert_eq!(birth_year(2027, 2026), Err(ValidationError::BirthYearRange));
        assert_eq!(birth_year(1905, 2026), Err(ValidationError::BirthYearRange));
        assert_eq!(birth_year(i32::MIN, i32::MIN + 5), Ok(i32::MIN));
    }

    #[test]
    fn errors_do_not_echo_the_input() {
        let secret = "matti..salainen@example.fi";
        let err = email(secret).expect_err("malformed on purpose");
        assert!(!format!("{err} {err:?}").contains("salainen"));
    }

    #[test]
    fn phones_are_shown_the_finnish_way() {
        assert_eq!(phone_display("+358401234567"), "040 123 4567");
        assert_eq!(phone_display("+35891234567"), "09 123 4567");
        assert_eq!(phone_display("+46701234567"), "+46701234567");
    }
}
