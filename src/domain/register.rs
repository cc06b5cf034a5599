//! The register description (rekisteriseloste): controller, responsible person, purposes with
//! their legal basis, data categories, sources, disclosures, processors, transfers, security,
//! retention, review interval and the supervisory authority. Every letter, notice and screen takes
//! these facts from here; nothing about the shop is hard-coded elsewhere.

use serde::{Deserialize, Serialize};

use super::consent::{Channel, ObjectionKind};
use super::validate::{self, ValidationError};
use super::{Localized, coded_enum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PurposeId(pub i64);

/// Why a purpose cannot be deleted: the consent ledger or a disclosure refers to it. It can be
/// retired instead (kept for the history, left out of new notices and consent lists).
pub const PURPOSE_IN_USE: &str = "the purpose is in use: retire it instead of deleting it";

/// Why a channel cannot be taken off a purpose: the consent ledger has entries over it, and they
/// would no longer show anywhere.
pub const CHANNEL_IN_USE: &str = "the consent ledger has entries over a channel being removed";

/// Why a purpose needs at least one channel: named ones, or `any` alone for one without channels.
pub const NO_CHANNEL: &str = "a purpose needs named channels or all channels, not both and not none";

/// A stable code for a list entry typed in the window: its English (or Finnish) title in
/// lowercase ASCII words joined by `_`, at most 40 characters; `item` if nothing is left.
pub fn code_from_title(title: &Localized) -> String {
    let source = if title.en.trim().is_empty() { &title.fi } else { &title.en };
    let folded: String = source
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let mut code = folded.split_whitespace().collect::<Vec<_>>().join("_");
    code.truncate(40);
    let code = code.trim_end_matches('_').to_owned();
    if code.is_empty() { "item".to_owned() } else { code }
}

/// How a purpose is used: the Register tab shows it before the purpose is changed or removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurposeUsage {
    /// Consent ledger entries for the purpose.
    pub consent_events: i64,
    /// The channels the ledger has entries over.
    pub channels_in_ledger: Vec<Channel>,
    /// Lists disclosed for the purpose (marketing lists, §6).
    pub disclosures: i64,
}

impl PurposeUsage {
    pub fn is_used(&self) -> bool {
        self.consent_events > 0 || self.disclosures > 0
    }
}

coded_enum! {
    /// GDPR Art. 6(1) bases a purpose can rest on.
    pub enum LegalBasis {
        Contract = "contract",
        Consent = "consent",
        LegitimateInterest = "legitimate_interest",
        LegalObligation = "legal_obligation",
    }
}

/// §3: one purpose of processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purpose {
    pub id: PurposeId,
    /// Stable identifier used on the command line and in exports, e.g. `direct_marketing`.
    pub code: String,
    pub name: Localized,
    pub description: Localized,
    pub legal_basis: LegalBasis,
    /// The channels consent is asked for separately; `[Any]` for a purpose without channels.
    pub channels: Vec<Channel>,
    /// The objections that override any consent for this purpose (§7 kielto-oikeus).
    pub overridden_by: Vec<ObjectionKind>,
    /// Existing customers may be reached for this purpose without consent (e.g. e-mail marketing of
    /// the shop's own similar products) until they object.
    pub existing_customers_without_consent: bool,
}

impl Purpose {
    /// Whether the person's consent is what this purpose rests on (a consent column in the ledger).
    pub fn asks_consent(&self) -> bool {
        self.legal_basis == LegalBasis::Consent || self.existing_customers_without_consent
    }
}

coded_enum! {
    /// The lists a register description holds besides its purposes.
    pub enum ItemKind {
        Category = "category",
        Source = "source",
        Disclosure = "disclosure",
        Processor = "processor",
        Transfer = "transfer",
    }
}

/// One entry of a list in the description: a §4 category, a §5 source, a §6 disclosure, a
/// processor or a transfer outside the EU/EEA (with its safeguard in `detail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterItem {
    pub id: i64,
    pub kind: ItemKind,
    pub code: String,
    pub title: Localized,
    pub detail: Localized,
}

/// A postal address as letters print it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

impl PostalAddress {
    /// "Vanhamaantie 386, 47200 Elimäki".
    pub fn one_line(&self) -> String {
        format!("{}, {} {}", self.street.trim(), self.postal_code.trim(), self.city.trim())
            .trim_matches([',', ' '])
            .to_owned()
    }
}

/// The supervisory authority a person may complain to (§9).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub name: Localized,
    pub visiting_address: PostalAddress,
    /// "PL 800, 00531 Helsinki".
    pub postal_address: Localized,
    pub phone: String,
    pub email: String,
    pub web: String,
}

impl Authority {
    /// Today's Office of the Data Protection Ombudsman: the default of every new register.
    pub fn data_protection_ombudsman() -> Self {
        Self {
            name: Localized::new("Tietosuojavaltuutetun toimisto", "Office of the Data Protection Ombudsman"),
            visiting_address: PostalAddress {
                street: "Lintulahdenkuja 4".into(),
                postal_code: "00530".into(),
                city: "Helsinki".into(),
            },
            postal_address: Localized::new("PL 800, 00531 Helsinki", "P.O. Box 800, 00531 Helsinki, Finland"),
            phone: "029 566 6700".into(),
            email: "tietosuoja@om.fi".into(),
            web: "tietosuoja.fi".into(),
        }
    }
}

/// The register description with everything but its lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterInfo {
    pub controller_name: String,
    /// Y-tunnus, validated by its check digit when saved.
    pub business_id: String,
    pub controller_address: PostalAddress,
    pub controller_phone: String,
    pub controller_email: String,
    pub responsible_name: String,
    pub responsible_title: Localized,
    pub responsible_address: PostalAddress,
    pub responsible_email: String,
    pub responsible_phone: String,
    /// Where letters are signed ("Elimäki").
    pub signing_place: String,
    pub register_name: Localized,
    pub basis_statement: Localized,
    pub automated_decisions: Localized,
    pub outsourcing_statement: Localized,
    pub transfers_statement: Localized,
    pub security_paper: Localized,
    pub security_electronic: Localized,
    pub retention_statement: Localized,
    pub review_interval_months: u32,
    pub authority: Authority,
}

impl RegisterInfo {
    /// A new register's description: blank controller, today's law and authority as defaults.
    pub fn new_blank() -> Self {
        Self {
            review_interval_months: 3,
            authority: Authority::data_protection_ombudsman(),
            automated_decisions: Localized::new(
                "Henkilötietoja ei käytetä automaattiseen päätöksentekoon eikä profilointiin, jolla olisi oikeusvaikutuksia.",
                "Personal data is not used for automated decision-making or for profiling with legal effects.",
            ),
            transfers_statement: Localized::new(
                "Tietoja ei siirretä EU:n tai Euroopan talousalueen ulkopuolelle.",
                "Data is not transferred outside the EU or the European Economic Area.",
            ),
            ..Self::default()
        }
    }

    /// The window title's and every letter's name for the register.
    pub fn title(&self, lang: super::Lang) -> &str {
        let name = self.register_name.get(lang);
        if name.trim().is_empty() { &self.controller_name } else { name }
    }
}

/// The review intervals the register allows, in months.
pub const REVIEW_INTERVAL_MONTHS: std::ops::RangeInclusive<u32> = 1..=24;

/// A validator from `validate`: the canonical form of the input, or why it is not valid.
type Validator = fn(&str) -> Result<String, ValidationError>;

/// A field of [`RegisterInfo`] whose format is checked before it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InfoField {
    BusinessId,
    ControllerPostalCode,
    ControllerEmail,
    ResponsiblePostalCode,
    ResponsibleEmail,
    AuthorityPostalCode,
    AuthorityEmail,
}

impl RegisterInfo {
    /// The description with its Y-tunnus, e-mails and postal codes in canonical form, or every
    /// field that is not valid. Blank fields pass: the notice lists them as missing instead.
    pub fn checked(&self) -> Result<RegisterInfo, Vec<(InfoField, ValidationError)>> {
        let mut info = self.clone();
        let mut errors = Vec::new();
        let fields: [(InfoField, &mut String, Validator); 7] = [
            (InfoField::BusinessId, &mut info.business_id, validate::business_id),
            (InfoField::ControllerPostalCode, &mut info.controller_address.postal_code, validate::postal_code),
            (InfoField::ControllerEmail, &mut info.controller_email, validate::email),
            (InfoField::ResponsiblePostalCode, &mut info.responsible_address.postal_code, validate::postal_code),
            (InfoField::ResponsibleEmail, &mut info.responsible_email, validate::email),
            (InfoField::AuthorityPostalCode, &mut info.authority.visiting_address.postal_code, validate::postal_code),
            (InfoField::AuthorityEmail, &mut info.authority.email, validate::email),
        ];
        for (field, text, check) in fields {
            if text.trim().is_empty() {
                text.clear();
                continue;
            }
            match check(text) {
                Ok(canonical) => *text = canonical,
                Err(error) => errors.push((field, error)),
            }
        }
        if errors.is_empty() { Ok(info) } else { Err(errors) }
    }
}

/// The whole description: what the Register tab edits and the notice prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDescription {
    pub info: RegisterInfo,
    pub purposes: Vec<Purpose>,
    pub items: Vec<RegisterItem>,
}

impl RegisterDescription {
    /// The items of one list, in their order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &RegisterItem> {
        self.items.iter().filter(move |item| item.kind == kind)
    }

    pub fn purpose(&self, id: PurposeId) -> Option<&Purpose> {
        self.purposes.iter().find(|purpose| purpose.id == id)
    }

    pub fn purpose_by_code(&self, code: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|purpose| purpose.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_entry_code_is_made_from_its_title() {
        assert_eq!(code_from_title(&Localized::new("Messut", "Fairs and events")), "fairs_and_events");
        assert_eq!(code_from_title(&Localized::new("Myymälän kävijät", " ")), "myymalan_kavijat");
        assert_eq!(code_from_title(&Localized::new("!!!", "")), "item");
        assert!(code_from_title(&Localized::new("", "pitkä ".repeat(30))).len() <= 40);
    }
    use crate::domain::Lang;

    #[test]
    fn a_new_register_points_to_todays_authority() {
        let info = RegisterInfo::new_blank();
        assert_eq!(info.review_interval_months, 3);
        assert_eq!(info.authority.visiting_address.street, "Lintulahdenkuja 4");
        assert_eq!(info.authority.email, "tietosuoja@om.fi");
    }

    #[test]
    fn title_falls_back_to_the_controller() {
        let mut info = RegisterInfo::new_blank();
        info.controller_name = "MiMa Organics".into();
        assert_eq!(info.title(Lang::En), "MiMa Organics");
        info.register_name = Localized::new("Asiakasrekisteri", "Customer register");
        assert_eq!(info.title(Lang::En), "Customer register");
    }

    #[test]
    fn checked_info_refuses_a_wrong_check_digit_and_a_short_postal_code() {
        let mut info = RegisterInfo::new_blank();
        info.business_id = "2633954-8".into();
        info.controller_address.postal_code = "4720".into();
        let errors = info.checked().unwrap_err();
        assert!(errors.contains(&(InfoField::BusinessId, ValidationError::BusinessIdCheckDigit)));
        assert!(errors.contains(&(InfoField::ControllerPostalCode, ValidationError::PostalCodeFormat)));
        info.business_id = " 2633954-7 ".into();
        info.controller_address.postal_code = "47200".into();
        assert_eq!(info.checked().unwrap().business_id, "2633954-7");
    }

    #[test]
    fn address_on_one_line_skips_empty_parts() {
        let address =
            PostalAddress { street: "Vanhamaantie 386".into(), postal_code: "47200".into(), city: "Elimäki".into() };
        assert_eq!(address.one_line(), "Vanhamaantie 386, 47200 Elimäki");
        assert_eq!(PostalAddress::default().one_line(), "");
    }
}
