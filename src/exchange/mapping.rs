//! What each column of an import file holds: the [`ImportField`]s a column can be mapped to, and the
//! first guess from its header, which knows the exports of Shopify, WooCommerce, Mailchimp and
//! MailerLite and the headers Finnish spreadsheets use.
//!
//! Not here: reading the file ([`super::table`]) or the values ([`super::rows`]). The guess is only
//! a proposal: the import dialog shows it and the user may change any column before importing.

use std::collections::HashSet;

use crate::domain::coded_enum;

coded_enum! {
    /// What a column of an import file is imported as.
    pub enum ImportField {
        FirstName = "first_name",
        LastName = "last_name",
        /// "First Last" in one cell; split at the last space when the row has no separate names.
        FullName = "full_name",
        Email = "email",
        Phone = "phone",
        Street = "street",
        /// A second address line, joined under the street with a line break.
        Street2 = "street2",
        PostalCode = "postal_code",
        City = "city",
        Country = "country",
        Company = "company",
        Note = "note",
        Tags = "tags",
        TotalSpentCents = "total_spent",
        OrderCount = "order_count",
        AcceptsEmailMarketing = "accepts_email_marketing",
        AcceptsSmsMarketing = "accepts_sms_marketing",
        UpdatedAt = "updated_at",
        /// Not imported.
        Ignore = "ignore",
    }
}

/// How sure a header makes the guess: a weak guess takes a field only when no column claims it
/// with a strong one, wherever that column stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Strong,
    Weak,
}

/// Normalised headers (see [`normalise_word`]) and the field each names.
const HEADER_FIELDS: &[(&str, ImportField)] = {
    use ImportField::*;
    &[
        // First and last name: Shopify, WooCommerce (first_name, billing_first_name), Mailchimp
        // (First Name, FNAME), MailerLite (Last name), Finnish.
        ("first name", FirstName),
        ("firstname", FirstName),
        ("fname", FirstName),
        ("given name", FirstName),
        ("etunimi", FirstName),
        ("etunimet", FirstName),
        ("last name", LastName),
        ("lastname", LastName),
        ("lname", LastName),
        ("surname", LastName),
        ("family name", LastName),
        ("sukunimi", LastName),
        // MailerLite's "Name" is the first name; see `name_beside_last_name_is_the_first_name`.
        ("name", FullName),
        ("full name", FullName),
        ("fullname", FullName),
        ("customer name", FullName),
        ("contact name", FullName),
        ("nimi", FullName),
        ("koko nimi", FullName),
        ("asiakkaan nimi", FullName),
        ("yhteyshenkilo", FullName),
        // E-mail: MailerLite's "Subscriber" column holds the address.
        ("email", Email),
        ("e mail", Email),
        ("email address", Email),
        ("e mail address", Email),
        ("mail", Email),
        ("subscriber", Email),
        ("user email", Email),
        ("sahkoposti", Email),
        ("sahkopostiosoite", Email),
        ("s posti", Email),
        ("sposti", Email),
        // Phone.
        ("phone", Phone),
        ("phone number", Phone),
        ("telephone", Phone),
        ("mobile", Phone),
        ("mobile phone", Phone),
        ("puhelin", Phone),
        ("puhelinnumero", Phone),
        ("puh", Phone),
        ("matkapuhelin", Phone),
        ("gsm", Phone),
        // Address.
        ("address", Street),
        ("address1", Street),
        ("address 1", Street),
        ("address line 1", Street),
        ("street", Street),
        ("street address", Street),
        ("katuosoite", Street),
        ("osoite", Street),
        ("lahiosoite", Street),
        ("jakeluosoite", Street),
        ("address2", Street2),
        ("address 2", Street2),
        ("address line 2", Street2),
        ("osoite 2", Street2),
        ("osoite2", Street2),
        ("zip", PostalCode),
        ("zip code", PostalCode),
        ("zipcode", PostalCode),
        ("postcode", PostalCode),
        ("post code", PostalCode),
        ("postal code", PostalCode),
        ("postinumero", PostalCode),
        ("postinro", PostalCode),
        ("city", City),
        ("town", City),
        ("postitoimipaikka", City),
        ("toimipaikka", City),
        ("kaupunki", City),
        ("paikkakunta", City),
        ("country", Country),
        ("country code", Country),
        ("maa", Country),
        ("maakoodi", Country),
        // Company, note, tags.
        ("company", Company),
        ("company name", Company),
        ("organization", Company),
        ("organisation", Company),
        ("yritys", Company),
        ("yrityksen nimi", Company),
        ("organisaatio", Company),
        ("note", Note),
        ("notes", Note),
        ("comment", Note),
        ("comments", Note),
        ("lisatiedot", Note),
        ("lisatieto", Note),
        ("huomautukset", Note),
        ("muistiinpanot", Note),
        ("tags", Tags),
        ("tag", Tags),
        ("groups", Tags),
        ("tunnisteet", Tags),
        ("tunniste", Tags),
        ("ryhmat", Tags),
        // Shop figures.
        ("total spent", TotalSpentCents),
        ("money spent", TotalSpentCents),
        ("amount spent", TotalSpentCents),
        ("ostot yhteensa", TotalSpentCents),
        ("ostosumma", TotalSpentCents),
        ("total orders", OrderCount),
        ("orders count", OrderCount),
        ("order count", OrderCount),
        ("orders", OrderCount),
        ("number of orders", OrderCount),
        ("tilaukset", OrderCount),
        ("tilausmaara", OrderCount),
        ("tilausten maara", OrderCount),
        // Marketing permissions ("Accepts Marketing" is Shopify's older name for e-mail).
        ("accepts email marketing", AcceptsEmailMarketing),
        ("accepts marketing", AcceptsEmailMarketing),
        ("email marketing", AcceptsEmailMarketing),
        ("email marketing consent", AcceptsEmailMarketing),
        ("sahkopostimarkkinointi", AcceptsEmailMarketing),
        ("sahkopostilupa", AcceptsEmailMarketing),
        ("accepts sms marketing", AcceptsSmsMarketing),
        ("sms marketing", AcceptsSmsMarketing),
        ("sms marketing consent", AcceptsSmsMarketing),
        ("tekstiviestimarkkinointi", AcceptsSmsMarketing),
        ("tekstiviestilupa", AcceptsSmsMarketing),
        // Last change: Mailchimp's LAST_CHANGED, WooCommerce's date_modified.
        ("updated at", UpdatedAt),
        ("updated", UpdatedAt),
        ("last changed", UpdatedAt),
        ("last updated", UpdatedAt),
        ("date modified", UpdatedAt),
        ("modified", UpdatedAt),
        ("paivitetty", UpdatedAt),
        ("muokattu", UpdatedAt),
        ("viimeksi muokattu", UpdatedAt),
    ]
};

/// Headers that name a field only when nothing better does: Mailchimp's OPTIN_TIME stands in for the
/// last change when the export has no LAST_CHANGED.
const WEAK_HEADER_FIELDS: &[(&str, ImportField)] =
    &[("optin time", ImportField::UpdatedAt), ("confirm time", ImportField::UpdatedAt)];

/// Prefixes that say whose or which datum a column holds, and how strongly the rest then counts:
/// WooCommerce's billing columns and Shopify's default address are the customer's own; a shipping
/// address is used only when there is no billing one.
const HEADER_PREFIXES: &[(&str, Strength)] = &[
    ("billing ", Strength::Strong),
    ("default address ", Strength::Strong),
    ("customer ", Strength::Strong),
    ("shipping ", Strength::Weak),
];

/// Proposes a field for each header; unknown headers become [`ImportField::Ignore`].
///
/// Headers are compared without case, accents or punctuation ("Sähköposti", "SAHKOPOSTI" and
/// "sähkö-posti" differ only in spaces). When two columns name the same field the first keeps it and
/// the later is ignored, with two exceptions: a second street column becomes the second address line
/// when the file has none, and a strong guess beats a weak one wherever it stands (Shopify's
/// "Phone", the customer's own, beats the earlier "Default Address Phone"). A "Name" column beside a
/// "Last name" column and no first-name column is the first name, as in MailerLite.
pub fn guess_mapping(headers: &[String]) -> Vec<ImportField> {
    let guesses: Vec<Option<(ImportField, Strength)>> = headers.iter().map(|header| guess_field(header)).collect();
    let has_street2 = guesses.iter().flatten().any(|(field, _)| *field == ImportField::Street2);

    let mut mapping = vec![ImportField::Ignore; headers.len()];
    let mut taken = HashSet::new();
    for pass in [Strength::Strong, Strength::Weak] {
        for (column, guess) in guesses.iter().enumerate() {
            let Some((field, strength)) = *guess else { continue };
            if strength != pass {
                continue;
            }
            let field = if field == ImportField::Street && taken.contains(&field) && !has_street2 {
                ImportField::Street2
            } else {
                field
            };
            if taken.insert(field) {
                mapping[column] = field;
            }
        }
    }

    if taken.contains(&ImportField::FullName)
        && taken.contains(&ImportField::LastName)
        && !taken.contains(&ImportField::FirstName)
    {
        for field in &mut mapping {
            if *field == ImportField::FullName {
                *field = ImportField::FirstName;
            }
        }
    }
    mapping
}

/// The field one header names, if any, and how strongly.
fn guess_field(header: &str) -> Option<(ImportField, Strength)> {
    let normalised = normalise_word(header);
    let (rest, prefix_strength) = HEADER_PREFIXES
        .iter()
        .find_map(|(prefix, strength)| normalised.strip_prefix(prefix).map(|rest| (rest, *strength)))
        .unwrap_or((normalised.as_str(), Strength::Strong));
    let lookup = |table: &[(&str, ImportField)], key: &str| {
        table.iter().find(|(known, _)| *known == key).map(|(_, field)| *field)
    };

    if let Some(field) = lookup(WEAK_HEADER_FIELDS, &normalised) {
        return Some((field, Strength::Weak));
    }
    // The whole header first: "customer name" is a name, not a prefixed "name".
    if let Some(field) = lookup(HEADER_FIELDS, &normalised) {
        return Some((field, Strength::Strong));
    }
    let field = lookup(HEADER_FIELDS, rest)?;
    let default_address_phone = normalised.starts_with("default address ") && field == ImportField::Phone;
    let strength = if default_address_phone { Strength::Weak } else { prefix_strength };
    Some((field, strength))
}

/// A header or a word as compared: lowercase, without accents, every run of characters other than
/// letters and digits one space ("Default Address Address1" → "default address address1",
/// "billing_email" → "billing email", "Sähköposti *" → "sahkoposti", "Opted-In" → "opted in").
pub(super) fn normalise_word(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    for letter in text.chars().flat_map(char::to_lowercase) {
        let letter = fold_accent(letter);
        if letter.is_alphanumeric() {
            normalised.push(letter);
        } else if !normalised.is_empty() && !normalised.ends_with(' ') {
            normalised.push(' ');
        }
    }
    normalised.truncate(normalised.trim_end().len());
    normalised
}

/// A lowercase accented Latin letter as its base letter.
fn fold_accent(letter: char) -> char {
    match letter {
        'ä' | 'å' | 'á' | 'à' | 'â' | 'ã' | 'æ' => 'a',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ý' => 'y',
        'š' => 's',
        'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::ImportField::*;
    use super::*;

    fn guess(headers: &[&str]) -> Vec<ImportField> {
        guess_mapping(&headers.iter().map(|header| (*header).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn shopify_customer_export_maps() {
        let headers = [
            "Customer ID",
            "First Name",
            "Last Name",
            "Email",
            "Accepts Email Marketing",
            "Default Address Company",
            "Default Address Address1",
            "Default Address Address2",
            "Default Address City",
            "Default Address Province Code",
            "Default Address Country Code",
            "Default Address Zip",
            "Default Address Phone",
            "Phone",
            "Accepts SMS Marketing",
            "Total Spent",
            "Total Orders",
            "Note",
            "Tax Exempt",
            "Tags",
        ];
        let expected = [
            Ignore,
            FirstName,
            LastName,
            Email,
            AcceptsEmailMarketing,
            Company,
            Street,
            Street2,
            City,
            Ignore,
            Country,
            PostalCode,
            Ignore,
            Phone,
            AcceptsSmsMarketing,
            TotalSpentCents,
            OrderCount,
            Note,
            Ignore,
            Tags,
        ];
        assert_eq!(guess(&headers), expected);
    }

    #[test]
    fn older_shopify_export_maps() {
        let headers = [
            "First Name",
            "Last Name",
            "Email",
            "Company",
            "Address1",
            "Address2",
            "City",
            "Province",
            "Province Code",
            "Country",
            "Country Code",
            "Zip",
            "Phone",
            "Accepts Marketing",
            "Total Spent",
            "Total Orders",
            "Tags",
            "Note",
            "Tax Exempt",
        ];
        let expected = [
            FirstName,
            LastName,
            Email,
            Company,
            Street,
            Street2,
            City,
            Ignore,
            Ignore,
            Country,
            Ignore,
            PostalCode,
            Phone,
            AcceptsEmailMarketing,
            TotalSpentCents,
            OrderCount,
            Tags,
            Note,
            Ignore,
        ];
        assert_eq!(guess(&headers), expected);
    }

    #[test]
    fn woocommerce_export_maps_billing_before_shipping() {
        let headers = [
            "customer_id",
            "first_name",
            "last_name",
            "email",
            "billing_first_name",
            "billing_last_name",
            "billing_company",
            "billing_address_1",
            "billing_address_2",
            "billing_postcode",
            "billing_city",
            "billing_country",
            "billing_email",
            "billing_phone",
            "shipping_first_name",
            "shipping_address_1",
            "shipping_postcode",
        ];
        let expected = [
            Ignore, FirstName, LastName, Email, Ignore, Ignore, Company, Street, Street2, PostalCode, City, Country,
            Ignore, Phone, Ignore, Ignore, Ignore,
        ];
        assert_eq!(guess(&headers), expected);
    }

    #[test]
    fn woocommerce_shipping_address_is_used_when_there_is_no_billing_one() {
        assert_eq!(guess(&["shipping_address_1", "shipping_city", "billing_email"]), [Street, City, Email]);
    }

    #[test]
    fn mailchimp_audience_export_maps() {
        let headers = [
            "Email Address",
            "First Name",
            "Last Name",
            "Address",
            "Phone Number",
            "MEMBER_RATING",
            "OPTIN_TIME",
            "OPTIN_IP",
            "CONFIRM_TIME",
            "CC",
            "REGION",
            "LAST_CHANGED",
            "LEID",
            "TAGS",
        ];
        let expected = [
            Email, FirstName, LastName, Street, Phone, Ignore, Ignore, Ignore, Ignore, Ignore, Ignore, UpdatedAt,
            Ignore, Tags,
        ];
        assert_eq!(guess(&headers), expected);
        assert_eq!(guess(&["Email Address", "OPTIN_TIME"]), [Email, UpdatedAt]);
    }

    #[test]
    fn mailerlite_export_maps() {
        let headers = ["Subscriber", "Email", "Name", "Last name", "Phone", "City", "Country", "Zip", "Company"];
        let expected = [Email, Ignore, FirstName, LastName, Phone, City, Country, PostalCode, Company];
        assert_eq!(guess(&headers), expected);
    }

    #[test]
    fn finnish_headers_map() {
        let headers = [
            "Etunimi",
            "Sukunimi",
            "Sähköposti",
            "Puhelin",
            "Matkapuhelin",
            "Katuosoite",
            "Postinumero",
            "Postitoimipaikka",
            "Maa",
            "Yritys",
            "Lisätiedot",
            "Tunnisteet",
            "Sähköpostimarkkinointi",
            "Tekstiviestimarkkinointi",
            "Päivitetty",
        ];
        let expected = [
            FirstName,
            LastName,
            Email,
            Phone,
            Ignore,
            Street,
            PostalCode,
            City,
            Country,
            Company,
            Note,
            Tags,
            AcceptsEmailMarketing,
            AcceptsSmsMarketing,
            UpdatedAt,
        ];
        assert_eq!(guess(&headers), expected);
        assert_eq!(guess(&["Nimi", "Osoite", "Kaupunki"]), [FullName, Street, City]);
    }

    #[test]
    fn headers_compare_without_case_accents_or_punctuation() {
        assert_eq!(
            guess(&["SÄHKÖPOSTI", "sahkoposti", " e-mail ", "ETUNIMI *", "Post-code"]),
            [Email, Ignore, Ignore, FirstName, PostalCode]
        );
        assert_eq!(guess(&["päivitetty"]), guess(&["PAIVITETTY"]));
    }

    #[test]
    fn unknown_headers_are_ignored() {
        assert_eq!(guess(&["Lempiväri", "", "Customer ID"]), [Ignore, Ignore, Ignore]);
    }

    #[test]
    fn same_field_twice_keeps_the_first() {
        assert_eq!(guess(&["Puhelin", "Email", "Phone", "Sähköposti"]), [Phone, Email, Ignore, Ignore]);
    }

    #[test]
    fn second_street_column_is_the_second_address_line() {
        assert_eq!(guess(&["Katuosoite", "Osoite", "Postinumero"]), [Street, Street2, PostalCode]);
        assert_eq!(guess(&["Address1", "Street", "Address2"]), [Street, Ignore, Street2]);
    }

    #[test]
    fn name_beside_last_name_is_the_first_name() {
        assert_eq!(guess(&["Name", "Last name"]), [FirstName, LastName]);
        assert_eq!(guess(&["Name", "Email"]), [FullName, Email]);
        assert_eq!(guess(&["First name", "Name", "Last name"]), [FirstName, FullName, LastName]);
    }

    #[test]
    fn every_field_has_a_distinct_code() {
        let codes: HashSet<_> = ImportField::ALL.iter().map(|field| field.code()).collect();
        assert_eq!(codes.len(), ImportField::ALL.len());
        assert!(ImportField::ALL.iter().all(|field| ImportField::from_code(field.code()) == Some(*field)));
    }
}
