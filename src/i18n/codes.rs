//! Labels of the codes the register stores (sources, channels, statuses, kinds …) in Finnish and
//! English. `Label` gives every coded enum its label; a test checks that none lacks one.

use crate::domain::Lang;
use crate::domain::audit::AuditAction;
use crate::domain::backup::BackupSchedule;
use crate::domain::consent::{Channel, ConsentAction, ConsentStanding, ObjectionAction, ObjectionKind};
use crate::domain::customer::{
    AddressKind, AttachmentKind, BillingStatus, CustomerStatus, Gender, InteractionKind, PaymentMethod, PhoneKind,
    Source, TagKind,
};
use crate::domain::register::{ItemKind, LegalBasis};
use crate::domain::request::{RequestChannel, RequestKind, RequestStatus};
use crate::domain::retention::{RetentionAction, RetentionCategory, RetentionTrigger, ReviewItem};
use crate::domain::user::Role;
use crate::exchange::{ImportField, RowProblem};

/// ("kind.code", Finnish, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("lang.fi", "suomi", "Finnish"),
    ("lang.en", "englanti", "English"),
    ("status.prospect", "Prospekti", "Prospect"),
    ("status.customer", "Asiakas", "Customer"),
    ("source.phone", "Asiakas puhelimitse", "The customer by phone"),
    ("source.reply_card", "Palautuskortti", "Reply card"),
    ("source.internet", "Internet", "Internet"),
    ("source.email", "Sähköposti", "E-mail"),
    ("source.in_person", "Asiakas paikan päällä", "The customer in person"),
    ("source.cookie", "Evästeet", "Cookies"),
    ("source.population_register", "Väestötietojärjestelmä (DVV)", "Population Information System (DVV)"),
    ("source.posti", "Postin osoitetietojärjestelmä", "Posti address system"),
    ("source.telephone_directory", "Puhelinyhtiön luettelo", "Telephone directory"),
    ("source.import_file", "Tuontitiedosto", "Import file"),
    ("source.other", "Muu", "Other"),
    ("gender.female", "Nainen", "Female"),
    ("gender.male", "Mies", "Male"),
    ("gender.other", "Muu", "Other"),
    ("address.home", "Koti", "Home"),
    ("address.billing", "Laskutus", "Billing"),
    ("address.delivery", "Toimitus", "Delivery"),
    ("address.other", "Muu", "Other"),
    ("phone.mobile", "Matkapuhelin", "Mobile"),
    ("phone.landline", "Lankapuhelin", "Landline"),
    ("phone.work", "Työ", "Work"),
    ("payment.card", "Kortti", "Card"),
    ("payment.invoice", "Lasku", "Invoice"),
    ("payment.bank_transfer", "Tilisiirto", "Bank transfer"),
    ("payment.mobilepay", "MobilePay", "MobilePay"),
    ("payment.cash", "Käteinen", "Cash"),
    ("billing.paid", "Maksettu", "Paid"),
    ("billing.open", "Avoin", "Open"),
    ("billing.refunded", "Hyvitetty", "Refunded"),
    ("billing.cancelled", "Peruttu", "Cancelled"),
    ("interaction.feedback", "Palaute", "Feedback"),
    ("interaction.contact", "Yhteydenotto", "Contact"),
    ("interaction.competition", "Arvonta- tai kilpailuvastaus", "Lottery or competition answer"),
    ("interaction.cancellation", "Peruutus", "Cancellation"),
    ("interaction.communication", "Viestintä", "Communication"),
    ("interaction.usage", "Palvelun käyttö", "Service usage"),
    ("tag.interest", "Kiinnostus", "Interest"),
    ("tag.profile", "Profilointi", "Profiling"),
    ("tag.segment", "Segmentti", "Segment"),
    ("attachment.call_recording", "Nauhoitettu puhelu", "Recorded call"),
    ("attachment.customer_email", "Asiakkaan sähköposti", "Customer's e-mail"),
    ("attachment.scanned_letter", "Skannattu kirje", "Scanned letter"),
    ("attachment.other", "Muu liite", "Other attachment"),
    ("channel.email", "Sähköposti", "E-mail"),
    ("channel.sms", "Tekstiviesti", "SMS"),
    ("channel.phone", "Puhelin", "Phone"),
    ("channel.post", "Posti", "Post"),
    ("channel.any", "Kaikki kanavat", "All channels"),
    ("consent.given", "Annettu", "Given"),
    ("consent.withdrawn", "Peruttu", "Withdrawn"),
    ("consent_standing.given", "Suostumus voimassa", "Consent stands"),
    ("consent_standing.withdrawn", "Suostumus peruttu", "Consent withdrawn"),
    ("consent_standing.never_asked", "Ei kirjauksia", "Never asked"),
    ("objection.direct_marketing", "Suoramainonta kielletty", "Objects to direct advertising"),
    ("objection.distance_selling", "Etämyynti kielletty", "Objects to distance selling"),
    ("objection.other_direct_marketing", "Muu suoramarkkinointi kielletty", "Objects to other direct marketing"),
    ("objection.research", "Markkina- ja mielipidetutkimus kielletty", "Objects to market and opinion research"),
    ("objection.marketing_ban", "Tarjonnanesto", "Marketing ban"),
    ("objection_action.made", "Kielto annettu", "Objection made"),
    ("objection_action.lifted", "Kielto peruttu", "Objection lifted"),
    ("basis.contract", "Asiakassuhde (sopimus)", "Customer relationship (contract)"),
    ("basis.consent", "Suostumus", "Consent"),
    ("basis.legitimate_interest", "Oikeutettu etu", "Legitimate interest"),
    ("basis.legal_obligation", "Lakisääteinen velvoite", "Legal obligation"),
    ("item.category", "Tietoryhmä", "Data category"),
    ("item.source", "Tietolähde", "Source"),
    ("item.disclosure", "Luovutus", "Disclosure"),
    ("item.processor", "Käsittelijä", "Processor"),
    ("item.transfer", "Siirto EU/ETA:n ulkopuolelle", "Transfer outside the EU/EEA"),
    ("request.access", "Tarkastuspyyntö", "Access"),
    ("request.rectification", "Oikaisupyyntö", "Rectification"),
    ("request.erasure", "Poistopyyntö", "Erasure"),
    ("request.objection", "Vastustaminen", "Objection"),
    ("request.consent_withdrawal", "Suostumuksen peruutus", "Consent withdrawal"),
    ("request.restriction", "Käsittelyn rajoittaminen", "Restriction"),
    ("request.portability", "Siirtopyyntö", "Portability"),
    ("request_channel.signed_letter", "Allekirjoitettu kirje", "Signed letter"),
    ("request_channel.email", "Sähköposti", "E-mail"),
    ("request_channel.in_person", "Henkilökohtaisesti", "In person"),
    ("request_channel.phone", "Puhelin", "Phone"),
    ("request_status.received", "Vastaanotettu", "Received"),
    ("request_status.identity_verified", "Henkilöllisyys todennettu", "Identity verified"),
    ("request_status.in_progress", "Käsittelyssä", "In progress"),
    ("request_status.answered", "Vastattu", "Answered"),
    ("request_status.refused", "Hylätty", "Refused"),
    ("retention_trigger.last_activity", "Viimeisestä tapahtumasta", "After the last activity"),
    ("retention_trigger.relationship_end", "Asiakkuuden päättymisestä", "After the relationship ends"),
    ("retention_trigger.creation", "Tallentamisesta", "After it was recorded"),
    ("retention_trigger.consent_withdrawn", "Suostumuksen peruuttamisesta", "After consent is withdrawn"),
    ("retention_trigger.financial_year_end", "Tilikauden päättymisestä", "After the financial year ends"),
    ("retention_action.erase", "Poista", "Erase"),
    ("retention_action.anonymise", "Anonymisoi", "Anonymise"),
    ("retention_action.keep", "Säilytä perustein", "Keep with reason"),
    ("retention_category.prospects", "Prospektit", "Prospects"),
    ("retention_category.customers", "Asiakkaat", "Customers"),
    ("retention_category.call_recordings", "Nauhoitetut puhelut", "Recorded calls"),
    ("retention_category.marketing_data", "Markkinointitiedot", "Marketing data"),
    ("retention_category.sales_records", "Myynnin tositteet", "Sales records"),
    ("retention_category.closed_requests", "Päättyneet pyynnöt", "Closed requests"),
    (
        "review_item.retention_candidates",
        "Säilytyssääntöjen mukaan hävitettävät tiedot",
        "Data due for destruction under the rules",
    ),
    (
        "review_item.prospects_never_converted",
        "Prospektit, joista ei tullut asiakkaita",
        "Prospects who never became customers",
    ),
    ("review_item.consents_withdrawn", "Kauan sitten perutut suostumukset", "Consents withdrawn long ago"),
    ("review_item.requests_closed", "Käsitellyt pyynnöt", "Closed requests"),
    ("review_item.paper_destroyed", "Paperiaineisto hävitetty", "Paper material destroyed"),
    ("review_item.backups_rotated", "Varmuuskopiot kierrätetty", "Backups rotated"),
    ("review_item.user_accounts_needed", "Käyttäjätunnukset yhä tarpeen", "User accounts still needed"),
    ("role.administrator", "Pääkäyttäjä", "Administrator"),
    ("role.staff", "Työntekijä", "Staff"),
    ("role.read_only", "Vain luku", "Read-only"),
    ("audit.register_created", "Rekisteri luotu", "Register created"),
    ("audit.sample_created", "Esimerkkirekisteri luotu", "Sample register created"),
    ("audit.sign_in", "Kirjautuminen", "Sign-in"),
    ("audit.sign_out", "Uloskirjautuminen", "Sign-out"),
    ("audit.sign_in_failed", "Epäonnistunut kirjautuminen", "Failed sign-in"),
    ("audit.password_changed", "Oma salasana vaihdettu", "Own password changed"),
    ("audit.customer_viewed", "Asiakastiedot avattu", "Customer record opened"),
    ("audit.customer_created", "Asiakas lisätty", "Customer added"),
    ("audit.customer_updated", "Asiakastietoja muutettu", "Customer edited"),
    ("audit.customers_merged", "Asiakkaat yhdistetty", "Customers merged"),
    ("audit.customers_imported", "Asiakkaita tuotu", "Customers imported"),
    ("audit.customers_exported", "Asiakkaita viety", "Customers exported"),
    ("audit.consent_recorded", "Suostumus kirjattu", "Consent recorded"),
    ("audit.objection_recorded", "Kielto kirjattu", "Objection recorded"),
    ("audit.marketing_list_exported", "Markkinointilista luovutettu", "Marketing list disclosed"),
    ("audit.request_registered", "Pyyntö kirjattu", "Request registered"),
    ("audit.request_updated", "Pyyntöä päivitetty", "Request updated"),
    ("audit.reply_printed", "Vastaus tulostettu", "Reply printed"),
    ("audit.person_exported", "Henkilön tiedot viety", "Person's data exported"),
    ("audit.customer_erased", "Asiakas poistettu", "Customer erased"),
    ("audit.retention_applied", "Säilytyssäännöt ajettu", "Retention applied"),
    ("audit.review_signed_off", "Katselmointi kuitattu", "Review signed off"),
    ("audit.settings_changed", "Asetuksia muutettu", "Settings changed"),
    ("audit.user_changed", "Käyttäjää muutettu", "User changed"),
    ("audit.audit_viewed", "Lokia katsottu", "Audit trail viewed"),
    ("audit.backup_made", "Varmuuskopio tehty", "Backup made"),
    ("audit.backup_restored", "Varmuuskopio palautettu", "Backup restored"),
    ("import_field.first_name", "Etunimi", "First name"),
    ("import_field.last_name", "Sukunimi", "Last name"),
    ("import_field.full_name", "Koko nimi", "Full name"),
    ("import_field.email", "Sähköposti", "E-mail"),
    ("import_field.phone", "Puhelin", "Phone"),
    ("import_field.street", "Katuosoite", "Street address"),
    ("import_field.street2", "Osoitteen 2. rivi", "Address line 2"),
    ("import_field.postal_code", "Postinumero", "Postal code"),
    ("import_field.city", "Postitoimipaikka", "City"),
    ("import_field.country", "Maa", "Country"),
    ("import_field.company", "Yritys", "Company"),
    ("import_field.note", "Lisätiedot", "Note"),
    ("import_field.tags", "Tunnisteet", "Tags"),
    ("import_field.total_spent", "Ostot yhteensä", "Total spent"),
    ("import_field.order_count", "Tilauksia", "Orders"),
    ("import_field.accepts_email_marketing", "Sähköpostimarkkinointi sallittu", "Accepts e-mail marketing"),
    ("import_field.accepts_sms_marketing", "Tekstiviestimarkkinointi sallittu", "Accepts SMS marketing"),
    ("import_field.updated_at", "Päivitetty", "Updated"),
    ("import_field.ignore", "(ei tuoda)", "(not imported)"),
    ("row_problem.invalid_email", "sähköpostiosoite ei kelpaa", "the e-mail address is not valid"),
    ("row_problem.invalid_phone", "puhelinnumero ei kelpaa", "the phone number is not valid"),
    ("row_problem.invalid_postal_code", "postinumero ei kelpaa", "the postal code is not valid"),
    ("row_problem.unknown_country", "tuntematon maa", "unknown country"),
    ("row_problem.no_name_or_contact", "ei nimeä eikä yhteystietoa", "no name and no contact details"),
    ("row_problem.too_few_columns", "rivillä on liian vähän sarakkeita", "the row has too few columns"),
    ("row_problem.too_many_columns", "rivillä on liikaa sarakkeita", "the row has too many columns"),
    ("row_problem.bad_number", "luku ei kelpaa", "not a valid number"),
    ("row_problem.bad_yes_no", "ei kyllä/ei-arvo", "not a yes/no value"),
    ("row_problem.bad_date", "päivämäärä ei kelpaa", "not a valid date"),
    ("audit.notice_generated", "Tietosuojaseloste tehty", "Privacy notice generated"),
    ("backup_schedule.off", "Ei automaattista varmuuskopiota", "No automatic backup"),
    ("backup_schedule.on_exit", "Ohjelmaa suljettaessa", "When the program is closed"),
    ("backup_schedule.daily", "Kerran päivässä", "Once a day"),
];

/// The label of a stored code, e.g. `code_label(Lang::Fi, "source", "phone")`. An unknown code
/// is shown as itself rather than hidden.
pub fn code_label(lang: Lang, kind: &str, code: &'static str) -> &'static str {
    LABELS
        .iter()
        .find(|(key, _, _)| {
            key.len() == kind.len() + 1 + code.len()
                && key.starts_with(kind)
                && key.as_bytes()[kind.len()] == b'.'
                && key.ends_with(code)
        })
        .map_or(code, |(_, fi, en)| match lang {
            Lang::Fi => fi,
            Lang::En => en,
        })
}

/// The label of a coded value in the user's language.
pub trait Label: Copy {
    fn label(self, lang: Lang) -> &'static str;
}

macro_rules! labelled {
    ($($kind:ty => $prefix:literal,)*) => {
        $(impl Label for $kind {
            fn label(self, lang: Lang) -> &'static str {
                code_label(lang, $prefix, self.code())
            }
        })*

        /// Every (prefix, code) pair that must have a label.
        #[cfg(test)]
        fn every_code() -> Vec<(&'static str, &'static str)> {
            let mut all = Vec::new();
            $(all.extend(<$kind>::ALL.iter().map(|value| ($prefix, value.code())));)*
            all
        }
    };
}

labelled! {
    Lang => "lang",
    CustomerStatus => "status",
    Source => "source",
    Gender => "gender",
    AddressKind => "address",
    PhoneKind => "phone",
    PaymentMethod => "payment",
    BillingStatus => "billing",
    InteractionKind => "interaction",
    TagKind => "tag",
    AttachmentKind => "attachment",
    Channel => "channel",
    ConsentAction => "consent",
    ConsentStanding => "consent_standing",
    ObjectionKind => "objection",
    ObjectionAction => "objection_action",
    LegalBasis => "basis",
    ItemKind => "item",
    RequestKind => "request",
    RequestChannel => "request_channel",
    RequestStatus => "request_status",
    RetentionTrigger => "retention_trigger",
    RetentionAction => "retention_action",
    RetentionCategory => "retention_category",
    ReviewItem => "review_item",
    Role => "role",
    AuditAction => "audit",
    BackupSchedule => "backup_schedule",
    ImportField => "import_field",
    RowProblem => "row_problem",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_code_has_a_label_in_both_languages() {
        for (prefix, code) in every_code() {
            let key = format!("{prefix}.{code}");
            let entry = LABELS.iter().find(|(candidate, _, _)| *candidate == key);
            let Some((_, fi, en)) = entry else { panic!("no label for {key}") };
            assert!(!fi.trim().is_empty() && !en.trim().is_empty(), "{key} lacks a language");
        }
    }

    #[test]
    fn labels_are_found_by_kind_and_code() {
        assert_eq!(Source::ReplyCard.label(Lang::Fi), "Palautuskortti");
        assert_eq!(Channel::Email.label(Lang::En), "E-mail");
        assert_eq!(code_label(Lang::En, "nothing", "here"), "here");
    }
}
