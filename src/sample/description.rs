//! The sample register's description: the notice in `shared/seed` (MiMa Organics) brought up to
//! today's law (GDPR, Data Protection Act 1050/2018), in Finnish and English, with the purposes,
//! lists and retention rules a new register starts from. Only the controller's details are the
//! seed's own published ones; the e-mail is on the reserved `.example` domain.

use crate::domain::Localized;
use crate::domain::consent::{Channel, ObjectionKind};
use crate::domain::register::{
    Authority, ItemKind, LegalBasis, PostalAddress, Purpose, PurposeId, RegisterInfo, RegisterItem,
};
use crate::domain::retention::{RetentionAction, RetentionCategory, RetentionRule, RetentionTrigger};

fn l(fi: &str, en: &str) -> Localized {
    Localized::new(fi, en)
}

/// MiMa Organics' register description.
pub fn sample_info() -> RegisterInfo {
    let shop =
        PostalAddress { street: "Vanhamaantie 386".into(), postal_code: "47200".into(), city: "Elimäki".into() };
    RegisterInfo {
        controller_name: "MiMa Organics".into(),
        business_id: "2633954-7".into(),
        controller_address: shop.clone(),
        controller_phone: String::new(),
        controller_email: "asiakaspalvelu@mima-organics.example".into(),
        responsible_name: "Satu Heikkilä".into(),
        responsible_title: l("Yrittäjä, rekisteriasioista vastaava", "Owner, responsible for register matters"),
        responsible_address: shop,
        responsible_email: "tietosuoja@mima-organics.example".into(),
        responsible_phone: String::new(),
        signing_place: "Elimäki".into(),
        register_name: l(
            "MiMa Organicsin prospekti- ja asiakasrekisteri",
            "MiMa Organics prospect and customer register",
        ),
        basis_statement: l(
            "Henkilötietojen käsittelyn peruste on MiMa Organicsin ja asiakkaan välinen asiakassuhde (EU:n tietosuoja-asetus 6 artiklan 1 kohdan b alakohta), markkinoinnissa asiakkaan suostumus tai rekisterinpitäjän oikeutettu etu sekä kirjanpidossa lakisääteinen velvoite.",
            "Personal data is processed on the basis of the customer relationship between MiMa Organics and the customer (GDPR Art. 6(1)(b)); marketing rests on the customer's consent or the controller's legitimate interest, and bookkeeping on a legal obligation.",
        ),
        automated_decisions: l(
            "Henkilötietoja ei käytetä automaattiseen päätöksentekoon.",
            "Personal data is not used for automated decision-making.",
        ),
        outsourcing_statement: l(
            "Käsittelytehtäviä voidaan ulkoistaa rekisterinpitäjän ulkopuolisille palveluntarjoajille tietosuojalainsäädännön mukaisesti ja sen asettamissa rajoissa.",
            "Processing may be outsourced to service providers outside the controller in accordance with and within the limits of data protection law.",
        ),
        transfers_statement: l(
            "Tietoja ei siirretä EU:n tai Euroopan talousalueen ulkopuolelle eikä niiden ulkopuolella oleville ohjelmistoille.",
            "Data is not transferred outside the EU or the European Economic Area, nor to software located outside them.",
        ),
        security_paper: l(
            "Manuaalisesti käsiteltävät henkilötietoja sisältävät asiakirjat säilytetään lukitussa ja paloturvallisessa kaapissa, ja ne tuhotaan asianmukaisesti käsittelyn jälkeen.",
            "Paper documents containing personal data are kept in a locked, fire-safe cabinet and destroyed appropriately after processing.",
        ),
        security_electronic: l(
            "Asiakastietoja sisältävää järjestelmää saavat käyttää vain ne työntekijät, joiden työ sitä edellyttää; jokaisella on oma käyttäjätunnus ja salasana. Rekisteri on salattu, sen käytöstä pidetään lokia, ja tietokannat ja niiden salatut varmuuskopiot sijaitsevat lukituissa tiloissa, joihin pääsevät vain nimetyt, vaitiolovelvolliset henkilöt.",
            "Only employees whose work requires it may use the system holding customer data, each with their own username and password. The register is encrypted, its use is logged, and the databases and their encrypted backups are kept in locked premises that only named persons bound by confidentiality can reach.",
        ),
        retention_statement: l(
            "Asiakasrekisteri katselmoidaan kolmen kuukauden välein. Henkilötieto tuhotaan, kun se ei ole enää tarpeellinen käyttötarkoitustaan varten; myynnin tositteet säilytetään kirjanpitolain (1336/1997) mukaan kuusi vuotta tilikauden päättymisen jälkeen.",
            "The customer register is reviewed every three months. Personal data is destroyed when it is no longer needed for its purpose; sales vouchers are kept for six years after the end of the financial year as the Accounting Act (1336/1997) requires.",
        ),
        review_interval_months: 3,
        authority: Authority::data_protection_ombudsman(),
    }
}

/// A purpose of the sample catalogue (the store gives it its id).
fn purpose(
    code: &str,
    name: Localized,
    basis: LegalBasis,
    channels: &[Channel],
    overridden_by: &[ObjectionKind],
) -> Purpose {
    Purpose {
        id: PurposeId(0),
        code: code.into(),
        name,
        description: Localized::default(),
        legal_basis: basis,
        channels: if channels.is_empty() { vec![Channel::Any] } else { channels.to_vec() },
        overridden_by: overridden_by.to_vec(),
        existing_customers_without_consent: false,
    }
}

/// §3 of the notice as a catalogue: the relationship purposes and the consent-based ones.
pub fn sample_purposes() -> Vec<Purpose> {
    use Channel::{Email, Phone, Post, Sms};
    use LegalBasis::{Consent, Contract, LegalObligation, LegitimateInterest};
    use ObjectionKind::{DirectMarketing, DistanceSelling, MarketingBan, OtherDirectMarketing, Research};
    let marketing = [DirectMarketing, OtherDirectMarketing, MarketingBan];
    let mut direct = purpose(
        "direct_marketing",
        l(
            "Suoramarkkinointi (sähköposti, tekstiviesti, puhelin, posti)",
            "Direct marketing (e-mail, SMS, phone, post)",
        ),
        Consent,
        &[Email, Sms, Phone, Post],
        &[DirectMarketing, DistanceSelling, OtherDirectMarketing, MarketingBan],
    );
    direct.existing_customers_without_consent = true;
    direct.description = l(
        "Olemassa oleville asiakkaille voidaan markkinoida omia vastaavia tuotteita sähköpostitse ilman erillistä suostumusta, kunnes asiakas kieltää sen.",
        "Existing customers may be sent e-mail marketing of the shop's own similar products without separate consent until they object.",
    );
    vec![
        purpose(
            "customer_relationship",
            l("Asiakassuhteen hoitaminen ja kehittäminen", "Managing and developing the customer relationship"),
            Contract,
            &[],
            &[],
        ),
        purpose("service_delivery", l("Palvelun toteuttaminen", "Delivering the service"), Contract, &[], &[]),
        purpose(
            "transaction_verification",
            l("Asiakastapahtumien varmentaminen", "Verifying customer transactions"),
            Contract,
            &[],
            &[],
        ),
        purpose(
            "business_development",
            l("Asiakaspalvelun ja liiketoiminnan kehittäminen", "Developing customer service and the business"),
            LegitimateInterest,
            &[],
            &[],
        ),
        purpose("analytics", l("Analysointi ja tilastointi", "Analysis and statistics"), LegitimateInterest, &[], &[]),
        purpose(
            "bookkeeping",
            l("Kirjanpito ja myynnin tositteet", "Bookkeeping and sales vouchers"),
            LegalObligation,
            &[],
            &[],
        ),
        direct,
        purpose(
            "remarketing",
            l(
                "Jälleenmarkkinointi (Google, Facebook, sähköpostityökalut)",
                "Remarketing (Google, Facebook, e-mail tools)",
            ),
            Consent,
            &[],
            &marketing,
        ),
        purpose(
            "profiling",
            l("Profilointi ja segmentointi markkinointia varten", "Profiling and segmentation for marketing"),
            Consent,
            &[],
            &marketing,
        ),
        purpose(
            "research",
            l("Mielipide- ja markkinatutkimukset", "Opinion and market research"),
            Consent,
            &[Email, Phone],
            &[Research],
        ),
        purpose("partner_marketing", l("Kumppanuusmarkkinointi", "Partner marketing"), Consent, &[], &marketing),
        purpose(
            "facebook_ads",
            l("Luovutus Facebookin mainostyökaluihin", "Disclosure to Facebook's advertising tools"),
            Consent,
            &[],
            &marketing,
        ),
    ]
}

fn item(kind: ItemKind, code: &str, title: Localized, detail: Localized) -> RegisterItem {
    RegisterItem { id: 0, kind, code: code.into(), title, detail }
}

/// §4 categories, §5 sources, §6 disclosures and the processors of the sample register.
pub fn sample_items() -> Vec<RegisterItem> {
    use ItemKind::{Category, Disclosure, Processor, Source};
    let none = Localized::default;
    vec![
        item(
            Category,
            "contact",
            l(
                "Yhteystiedot: nimi, osoite, puhelinnumerot, sähköpostiosoitteet",
                "Contact details: name, address, phone numbers, e-mail addresses",
            ),
            none(),
        ),
        item(
            Category,
            "registration",
            l(
                "Rekisteröitymistiedot: käyttäjätunnus, nimimerkki ja muu yksilöivä tunnus (ei salasanaa)",
                "Registration data: username, nickname and other identifier (no password)",
            ),
            none(),
        ),
        item(
            Category,
            "person",
            l("Ikä, sukupuoli, arvo tai ammatti ja äidinkieli", "Age, gender, title or profession and mother tongue"),
            none(),
        ),
        item(
            Category,
            "relationship",
            l(
                "Asiakassuhdetta koskevat tiedot: laskutus- ja maksutiedot, tuote- ja tilaustiedot, myyjätiedot, palautteet ja yhteydenotot, arvonta- ja kilpailuvastaukset, peruutukset",
                "Customer-relationship data: billing and payment, products and orders, seller, feedback and contacts, lottery and competition answers, cancellations",
            ),
            none(),
        ),
        item(
            Category,
            "communication",
            l(
                "Viestinnän toteuttamiseen ja palveluiden käyttöön liittyvät tiedot, kuten selailu- ja hakutiedot",
                "Communication and service-usage data such as browsing and searches",
            ),
            none(),
        ),
        item(Category, "recordings", l("Nauhoitetut asiakaspalvelupuhelut", "Recorded customer-service calls"), none()),
        item(Category, "emails", l("Asiakkaan lähettämät sähköpostiviestit", "E-mails sent by the customer"), none()),
        item(
            Category,
            "interests",
            l(
                "Asiakkaan antamat profilointi- ja kiinnostustiedot",
                "Profiling and interest data given by the customer",
            ),
            none(),
        ),
        item(Category, "consents", l("Luvat ja suostumukset", "Permissions and consents"), none()),
        item(Category, "bans", l("Kiellot ja tarjonnanestotiedot", "Objections and marketing bans"), none()),
        item(
            Category,
            "other",
            l("Muut asiakkaan suostumuksella kerätyt tiedot", "Other data collected with the customer's consent"),
            none(),
        ),
        item(
            Source,
            "customer",
            l(
                "Asiakas itse puhelimitse, palautuskortilla, internetin kautta, sähköpostilla tai muulla vastaavalla tavalla",
                "The customer by phone, reply card, the internet, e-mail or a similar way",
            ),
            none(),
        ),
        item(
            Source,
            "cookies",
            l(
                "Evästeet ja vastaavat tekniikat (Googlen ja Facebookin uudelleenmarkkinointiominaisuudet)",
                "Cookies and similar techniques (Google and Facebook remarketing features)",
            ),
            none(),
        ),
        item(
            Source,
            "population_register",
            l(
                "Digi- ja väestötietoviraston väestötietojärjestelmä",
                "The Population Information System of the Digital and Population Data Services Agency",
            ),
            none(),
        ),
        item(Source, "posti", l("Postin osoitetietojärjestelmä", "Posti's address system"), none()),
        item(
            Source,
            "directories",
            l(
                "Puhelinyhtiöiden yhteystietorekisterit ja muut vastaavat rekisterit",
                "Telephone companies' directories and similar registers",
            ),
            none(),
        ),
        item(
            Disclosure,
            "direct_marketing",
            l("Suoramarkkinointi", "Direct marketing"),
            l(
                "Lain sallimissa rajoissa, suostumuksia ja kieltoja noudattaen.",
                "As the law allows, honouring consents and objections.",
            ),
        ),
        item(
            Disclosure,
            "research",
            l("Mielipide- ja markkinatutkimukset", "Opinion and market research"),
            l("Tutkimuslaitoksille vastaaviin selvityksiin.", "To research institutes for such studies."),
        ),
        item(
            Disclosure,
            "facebook_ads",
            l("Facebookin mainostyökalut", "Facebook's advertising tools"),
            l("Vain suostumuksen antaneiden tiedot.", "Only of those who have consented."),
        ),
        item(
            Processor,
            "webshop",
            l("Verkkokauppa-alustan toimittaja (EU)", "Web-shop platform provider (EU)"),
            l("Tilausten ja asiakastilien käsittely.", "Orders and customer accounts."),
        ),
        item(
            Processor,
            "accounting",
            l("Tilitoimisto", "Accounting firm"),
            l("Kirjanpito ja laskutus.", "Bookkeeping and invoicing."),
        ),
        item(
            Processor,
            "email_tool",
            l("Sähköpostimarkkinointipalvelu (EU)", "E-mail marketing service (EU)"),
            l("Uutiskirjeiden lähettäminen.", "Sending newsletters."),
        ),
    ]
}

fn rule(
    code: &str,
    category: RetentionCategory,
    trigger: RetentionTrigger,
    months: u32,
    action: RetentionAction,
    reason: Localized,
) -> RetentionRule {
    RetentionRule { id: 0, code: code.into(), category, trigger, period_months: months, action, reason, active: true }
}

/// The retention rules a new register starts from, each with its reason.
pub fn default_retention_rules() -> Vec<RetentionRule> {
    use RetentionAction::{Anonymise, Erase};
    use RetentionCategory::{CallRecordings, ClosedRequests, Customers, MarketingData, Prospects, SalesRecords};
    use RetentionTrigger::{ConsentWithdrawn, Creation, FinancialYearEnd, LastActivity};
    vec![
        rule(
            "prospects",
            Prospects,
            LastActivity,
            24,
            Erase,
            l(
                "Prospekti, joka ei ole kahteen vuoteen asioinut, ei enää tarvitse tietoja.",
                "A prospect with no contact for two years no longer needs to be kept.",
            ),
        ),
        rule(
            "customers",
            Customers,
            LastActivity,
            36,
            Anonymise,
            l(
                "Asiakassuhteen hoitaminen ei enää edellytä tietoja kolmen vuoden jälkeen viimeisestä tilauksesta; myyntitilastot säilyvät ilman henkilöä.",
                "Three years after the last order the relationship no longer needs the data; sales statistics stay without the person.",
            ),
        ),
        rule(
            "call_recordings",
            CallRecordings,
            Creation,
            6,
            Erase,
            l(
                "Nauhoitteita tarvitaan vain asiakaspalvelun laadun ja sovitun varmistamiseen.",
                "Recordings are needed only to verify what was agreed and the quality of service.",
            ),
        ),
        rule(
            "marketing_withdrawn",
            MarketingData,
            ConsentWithdrawn,
            0,
            Erase,
            l(
                "Markkinointitiedot poistetaan, kun suostumus perutaan.",
                "Marketing data is erased when the consent is withdrawn.",
            ),
        ),
        rule(
            "marketing_inactive",
            MarketingData,
            LastActivity,
            24,
            Erase,
            l("Markkinointiin ei reagoitu 24 kuukauteen.", "No reaction to marketing in 24 months."),
        ),
        rule(
            "sales_records",
            SalesRecords,
            FinancialYearEnd,
            72,
            Anonymise,
            l(
                "Kirjanpitolaki (1336/1997) 2 luku 10 §: tositteet säilytetään kuusi vuotta tilikauden päättymisestä; sen jälkeen myynnistä jää tilastoksi vain päivä, summa ja tuotteet.",
                "Accounting Act (1336/1997) ch. 2 s. 10: vouchers are kept six years from the end of the financial year; after that only the date, amount and products remain as statistics.",
            ),
        ),
        rule(
            "closed_requests",
            ClosedRequests,
            Creation,
            36,
            Erase,
            l(
                "Pyyntöjen käsittely on voitava osoittaa mahdollisen valituksen ajan.",
                "Handling of requests must be demonstrable while a complaint is possible.",
            ),
        ),
    ]
}
