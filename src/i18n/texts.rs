//! The UI's sentences, Finnish first. Each line is a key, its Finnish and its English text;
//! `{0}`, `{1}` are filled in by `trf`.

use crate::domain::Lang;

macro_rules! texts {
    ($($key:ident => $fi:literal, $en:literal;)*) => {
        /// A text the user reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key,)* }

        impl T {
            /// Every key: the completeness test walks them.
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            pub fn fi(self) -> &'static str {
                match self { $(T::$key => $fi,)* }
            }

            pub fn en(self) -> &'static str {
                match self { $(T::$key => $en,)* }
            }

            pub fn get(self, lang: Lang) -> &'static str {
                super::tr(lang, self)
            }
        }
    };
}

texts! {
    AppName => "Rekisteri", "Rekisteri";
    TabCustomers => "Asiakkaat", "Customers";
    TabConsents => "Suostumukset", "Consents";
    TabRequests => "Pyynnöt", "Requests";
    TabRetention => "Säilytys", "Retention";
    TabRegister => "Rekisteri", "Register";
    TabAudit => "Loki", "Audit log";
    LanguageSwitch => "In English", "Suomeksi";
    LanguageSwitchHint => "Vaihda kieli englanniksi", "Switch the language to Finnish";
    DarkMode => "Tumma teema", "Dark theme";
    LightMode => "Vaalea teema", "Light theme";
    SignedInAs => "Käyttäjä: {0}", "User: {0}";
    SampleBanner => "Esimerkkirekisteri: kuvitteellisia henkilöitä, ei oikeita tietoja.", "Sample register: fictitious people, no real data.";
    RequestsOverdue => "{0} myöhässä", "{0} overdue";
    RequestsDueSoon => "{0} erääntyy viikon sisällä", "{0} due within a week";
    RequestsAwaitingIdentity => "{0} odottaa henkilöllisyyden todentamista", "{0} awaiting identity check";
    ReviewDue => "Rekisterin katselmointi erääntynyt {0}", "Register review due since {0}";
    StatusCustomers => "{0} asiakasta ja prospektia", "{0} customers and prospects";
    StatusFile => "Tiedosto: {0}", "File: {0}";
    SearchHint => "Hae nimellä, sähköpostilla, puhelimella, kaupungilla tai numerolla (Ctrl+F)", "Search by name, e-mail, phone, city or number (Ctrl+F)";
    SearchLabel => "Haku", "Search";
    Searching => "Haetaan…", "Searching…";
    Matches => "{0} osumaa", "{0} matches";
    NoMatches => "Ei osumia.", "No matches.";
    FilterAll => "Kaikki", "All";
    FilterStatus => "Tila", "Status";
    ColNumber => "Nro", "No.";
    ColName => "Nimi", "Name";
    ColEmail => "Sähköposti", "E-mail";
    ColPhone => "Puhelin", "Phone";
    ColCity => "Kaupunki", "City";
    ColStatus => "Tila", "Status";
    SelectCustomerHint => "Valitse asiakas luettelosta nähdäksesi tiedot.", "Select a customer in the list to see the record.";
    SectionContact => "Yhteystiedot", "Contact details";
    SectionRegistration => "Rekisteröitymistiedot", "Registration data";
    SectionPerson => "Henkilötiedot", "Personal details";
    SectionOrders => "Tilaukset ja laskutus", "Orders and billing";
    SectionInteractions => "Palautteet, yhteydenotot ja viestintä", "Feedback, contacts and communication";
    SectionTags => "Kiinnostukset ja profilointi", "Interests and profiling";
    SectionOther => "Muut suostumuksella kerätyt tiedot", "Other data collected with consent";
    SectionAttachments => "Puhelutallenteet ja sähköpostit", "Recorded calls and e-mails";
    SectionConsents => "Luvat ja suostumukset", "Permissions and consents";
    SectionObjections => "Kiellot ja tarjonnanesto", "Objections and marketing ban";
    SectionRequests => "Rekisteröidyn pyynnöt", "Data-subject requests";
    FieldAddress => "Osoite", "Address";
    FieldPhone => "Puhelin", "Phone";
    FieldEmail => "Sähköposti", "E-mail";
    FieldUsername => "Käyttäjätunnus", "Username";
    FieldNickname => "Nimimerkki", "Nickname";
    FieldOtherIdentifier => "Muu tunniste", "Other identifier";
    FieldBirthYear => "Syntymävuosi", "Birth year";
    FieldGender => "Sukupuoli", "Gender";
    FieldTitle => "Arvo tai ammatti", "Title or profession";
    FieldMotherTongue => "Äidinkieli", "Mother tongue";
    FieldLetterLang => "Kirjeiden kieli", "Letter language";
    FieldCompany => "Yritys", "Company";
    FieldNote => "Muistiinpano", "Note";
    FieldStatus => "Tila", "Status";
    FieldSource => "Lähde", "Source";
    FieldCustomerNumber => "Asiakasnumero", "Customer number";
    Provenance => "{0}, {1}", "{0}, {1}";
    NoData => "Ei tietoja.", "No data.";
    OrderSummary => "Tilaus {0}, {1}: {2} ({3}, {4})", "Order {0}, {1}: {2} ({3}, {4})";
    Seller => "myyjä {0}", "seller {0}";
    ConsentCountsHeading => "Voimassa olevat suostumukset käyttötarkoituksittain", "Current consents by purpose";
    ColPurpose => "Käyttötarkoitus", "Purpose";
    ColChannel => "Kanava", "Channel";
    ColGiven => "Voimassa", "Given";
    ColWithdrawn => "Peruttu", "Withdrawn";
    ColBasis => "Peruste", "Legal basis";
    ObjectionCountsHeading => "Voimassa olevat kiellot", "Standing objections";
    ColObjection => "Kielto", "Objection";
    ColPeople => "Henkilöitä", "People";
    LedgerHeading => "Viimeisimmät suostumustapahtumat", "Latest consent events";
    ColWhen => "Aika", "When";
    ColCustomer => "Asiakas", "Customer";
    ColAction => "Tapahtuma", "Event";
    ColEvidence => "Näyttö", "Evidence";
    ColReference => "Viite", "Reference";
    ColKind => "Laji", "Kind";
    ColReceived => "Saapunut", "Received";
    ColDue => "Määräpäivä", "Due";
    ColPerson => "Henkilö", "Person";
    ColIdentity => "Henkilöllisyys", "Identity";
    IdentityVerified => "todennettu", "verified";
    IdentityNotVerified => "todentamatta", "not verified";
    NotInRegister => "{0} (ei rekisterissä)", "{0} (not in the register)";
    DaysOverdue => "{0} pv myöhässä", "{0} days overdue";
    DaysLeft => "{0} pv jäljellä", "{0} days left";
    NoRequests => "Ei pyyntöjä.", "No requests.";
    RetentionRulesHeading => "Säilytyssäännöt", "Retention rules";
    ColCategory => "Tietoryhmä", "Category";
    ColTrigger => "Laskenta", "Counted";
    ColPeriod => "Aika", "Period";
    ColReason => "Peruste", "Reason";
    ColActive => "Käytössä", "Active";
    Months => "{0} kk", "{0} months";
    Yes => "Kyllä", "Yes";
    No => "Ei", "No";
    ReviewHeading => "Rekisterin katselmointi", "Register review";
    ReviewInterval => "Katselmointiväli: {0} kk", "Review interval: {0} months";
    LastReview => "Edellinen katselmointi: {0} ({1})", "Last review: {0} ({1})";
    NoReviewYet => "Rekisteriä ei ole vielä katselmoitu.", "The register has not been reviewed yet.";
    NextReviewDue => "Seuraava katselmointi viimeistään: {0}", "Next review due by: {0}";
    ReviewHistory => "Katselmointihistoria", "Review history";
    ControllerHeading => "1. Rekisterinpitäjä", "1. Controller";
    ResponsibleHeading => "Rekisteriasioista vastaava henkilö", "Person responsible for register matters";
    RegisterNameHeading => "2. Rekisterin nimi", "2. Name of the register";
    PurposesHeading => "3. Käsittelyn tarkoitukset ja oikeusperusteet", "3. Purposes and legal basis of processing";
    CategoriesHeading => "4. Rekisterin tietosisältö", "4. Content of the register";
    SourcesHeading => "5. Säännönmukaiset tietolähteet", "5. Regular sources of data";
    DisclosuresHeading => "6. Luovutukset ja siirrot", "6. Disclosures and transfers";
    ProcessorsHeading => "Käsittelijät (ulkoistettu käsittely)", "Processors (outsourced processing)";
    SecurityHeading => "8. Suojauksen periaatteet", "8. Security principles";
    RetentionHeading => "Säilytysajat", "Retention";
    AuthorityHeading => "Valvontaviranomainen", "Supervisory authority";
    AutomatedHeading => "Automaattinen päätöksenteko", "Automated decision-making";
    BusinessId => "Y-tunnus", "Business ID";
    Finnish => "Suomeksi", "In Finnish";
    English => "Englanniksi", "In English";
    PaperMaterial => "Manuaalinen aineisto", "Paper material";
    ElectronicData => "Sähköiset tiedot", "Electronic data";
    AuditHeading => "Tapahtumaloki", "Audit trail";
    ColUser => "Käyttäjä", "User";
    ColDetail => "Tiedot", "Detail";
    AuditNewest => "Uusimmat {0} tapahtumaa {1}:stä", "Newest {0} of {1} events";
    ChainIntact => "Tarkistusketju on ehjä.", "The hash chain is intact.";
    ChainBroken => "Tarkistusketju katkeaa rivillä {0}.", "The hash chain breaks at row {0}.";
    Verify => "Tarkista ketju", "Verify chain";
    NewCustomer => "Uusi asiakas", "New customer";
    NewCustomerHint => "Lisää asiakas tai prospekti (Ctrl+N)", "Add a customer or prospect (Ctrl+N)";
    EditCustomer => "Muokkaa", "Edit";
    EditingTitle => "Muokataan: {0}", "Editing: {0}";
    Save => "Tallenna", "Save";
    SaveHint => "Tallenna muutokset (Ctrl+S)", "Save the changes (Ctrl+S)";
    Cancel => "Peruuta", "Cancel";
    CancelHint => "Hylkää muutokset (Esc)", "Discard the changes (Esc)";
    AddAddress => "+ Osoite", "+ Address";
    AddPhone => "+ Puhelin", "+ Phone";
    AddEmail => "+ Sähköposti", "+ E-mail";
    Remove => "Poista rivi", "Remove row";
    FieldFirstName => "Etunimi", "First name";
    FieldLastName => "Sukunimi", "Last name";
    FieldStreet => "Katuosoite", "Street address";
    FieldPostalCode => "Postinumero", "Postal code";
    FieldCity => "Postitoimipaikka", "City";
    FieldCountry => "Maa", "Country";
    FieldInterests => "Kiinnostukset (pilkuin eroteltuina)", "Interests (separated by commas)";
    EntrySource => "Uudet tiedot saatu", "New data obtained";
    EntryDate => "Päivä", "Date";
    EntryDateInvalid => "Päivä on muotoa 24.11.2026 eikä tulevaisuudessa.", "A date looks like 24.11.2026 and is not in the future.";
    RecordedBy => "Kirjaaja: {0}", "Recorded by: {0}";
    NameRequired => "Anna nimi tai yrityksen nimi.", "Give a name or a company name.";
    FormHasErrors => "Korjaa merkityt kentät; mitään ei tallennettu.", "Correct the marked fields; nothing was saved.";
    SavedCustomer => "Tallennettu: {0}", "Saved: {0}";
    UnsavedTitle => "Tallentamattomia muutoksia", "Unsaved changes";
    UnsavedQuestion => "Asiakastietoihin on tehty muutoksia, joita ei ole tallennettu.", "The customer record has changes that are not saved.";
    SaveChanges => "Tallenna muutokset", "Save the changes";
    DiscardChanges => "Hylkää muutokset", "Discard the changes";
    KeepEditing => "Jatka muokkausta", "Keep editing";
    DuplicatesHeading => "Mahdolliset kaksoiskappaleet", "Possible duplicates";
    DuplicateByEmail => "{0} (nro {1}) – sama sähköpostiosoite", "{0} (no. {1}) – same e-mail address";
    DuplicateByPhone => "{0} (nro {1}) – sama puhelinnumero", "{0} (no. {1}) – same phone number";
    DuplicatesFoundOnSave => "Rekisterissä on jo henkilö samalla sähköpostilla tai puhelinnumerolla.", "The register already has someone with the same e-mail or phone number.";
    SaveAsNew => "Tallenna silti uutena", "Save as a new record anyway";
    MergeIntoThis => "Yhdistä tähän", "Merge into this record";
    MergeConfirmTitle => "Yhdistetäänkö tiedot?", "Merge the records?";
    MergeConfirmText => "Tietueen {0} kaikki tiedot, historia ja suostumukset siirretään tietueeseen {1}, ja tietue {0} poistetaan. Toimenpide kirjataan lokiin.", "All data, history and consents of record {0} move to record {1}, and record {0} is removed. The merge is logged.";
    Merge => "Yhdistä", "Merge";
    Merged => "Yhdistetty: {0} → {1}", "Merged: {0} → {1}";
    TimelineHeading => "Aikajana", "Timeline";
    TimelineRegistered => "Lisätty rekisteriin ({0})", "Entered the register ({0})";
    TimelineOrder => "Tilaus {0}, {1}", "Order {0}, {1}";
    TimelineConsent => "{0}: {1} – {2}", "{0}: {1} – {2}";
    TimelineRequest => "{0} {1} ({2})", "{0} {1} ({2})";
    FilterConsent => "Suostumus", "Consent";
    FilterAnyPurpose => "kaikki", "any";
    FilterObjection => "Kielto tai tarjonnanesto", "Objection or ban";
    FilterOpenRequest => "Avoin pyyntö", "Open request";
    ImportRowError => "Rivi {0}: {1}: {2}", "Row {0}: {1}: {2}";
    ImportSummary => "Tuotu: {0} uutta, {1} päivitetty, {2} ennallaan, {3} suostumusta kirjattu, {4} peruttua suostumusta ei palautettu, {5} riviä jätetty pois.", "Imported: {0} new, {1} updated, {2} unchanged, {3} consents recorded, {4} withdrawn consents not re-granted, {5} rows left out.";
    ImportButton => "Tuo CSV…", "Import CSV…";
    ExportButton => "Vie CSV…", "Export CSV…";
    ImportTitle => "Tuonti: {0}", "Import: {0}";
    ImportFileFacts => "{0} riviä, erotin \"{1}\", merkistö {2}", "{0} rows, delimiter \"{1}\", encoding {2}";
    ImportMapping => "Sarakkeet ja niiden tiedot", "Columns and what they hold";
    ImportPreview => "Esikatselu", "Preview";
    ImportRejected => "{0} riviä ei voi tuoda:", "{0} rows cannot be imported:";
    ImportValidRows => "Tuo {0} kelvollista riviä", "Import the {0} valid rows";
    ImportNothing => "Älä tuo mitään", "Import nothing";
    ImportProgress => "{0} / {1} riviä", "{0} / {1} rows";
    Close => "Sulje", "Close";
    ExportDone => "Viety {0} riviä tiedostoon {1}", "Exported {0} rows to {1}";
    NewNote => "Uusi merkintä", "New entry";
    AddNote => "Lisää merkintä", "Add entry";
    AddAttachment => "Lisää liite…", "Attach a file…";
    OpenAttachment => "Avaa", "Open";
    RegisterRequest => "Kirjaa pyyntö", "Register a request";
    RequestChannelLabel => "Tapa", "Received as";
    SubjectName => "Nimi (jos ei rekisterissä)", "Name (if not in the register)";
    SubjectAddress => "Osoite (jos ei rekisterissä)", "Address (if not in the register)";
    RequestPersonHint => "Anna asiakasnumero tai, jos henkilö ei ole rekisterissä, hänen nimensä.", "Give the customer number or, if the person is not in the register, their name.";
    NoSuchCustomer => "Asiakasnumeroa {0} ei ole rekisterissä.", "There is no customer number {0} in the register.";
    RequestRegistered => "Pyyntö kirjattu: {0}", "Request registered: {0}";
    SelectRequestHint => "Valitse pyyntö luettelosta tai kirjaa uusi.", "Select a request in the list or register a new one.";
    VerifyIdentity => "Vahvista henkilöllisyys", "Verify the identity";
    IdentityMethod => "Miten henkilöllisyys todennettiin", "How the identity was verified";
    StartHandling => "Aloita käsittely", "Start handling";
    PrintReply => "Tulosta vastaus", "Print the reply";
    LetterLangDefault => "henkilön kirjekieli", "the person's letter language";
    Extend => "Pidennä määräaikaa", "Extend the deadline";
    ExtensionReason => "Pidennyksen syy", "Reason for the extension";
    ExtensionHint => "Pidennyksestä ja sen syystä on kerrottava henkilölle kuukauden kuluessa pyynnön saapumisesta.", "The person must be told of the extension and its reason within one month of receiving the request.";
    Refuse => "Hylkää pyyntö", "Refuse the request";
    RefusalReason => "Hylkäyksen syy", "Reason for refusing";
    AnsweredOn => "Vastattu", "Answered";
    ReplyPrinted => "Vastaus tallennettu: {0}", "Reply saved: {0}";
    CannotOpenRegister => "Rekisteriä ei voi avata", "The register cannot be opened";
    ErrorLoading => "Tietoja ei voitu lukea: {0}", "Could not read the data: {0}";
    ErrMissing => "Rekisteritiedostoa ei ole.", "The register file does not exist.";
    ErrNotADatabase => "Tiedosto ei ole tietokanta. Valitse oikea rekisteritiedosto.", "The file is not a database. Choose the right register file.";
    ErrNotARegister => "Tiedosto on tietokanta, mutta ei Rekisterin rekisteri.", "The file is a database, but not a Rekisteri register.";
    ErrCorrupt => "Rekisteritiedosto on vioittunut. Palauta se varmuuskopiosta; tiedostoa ei muutettu.", "The register file is damaged. Restore it from a backup; the file was not changed.";
    ErrNewerSchema => "Rekisteri on tehty uudemmalla Rekisterin versiolla (rakenne {0}, tämä versio tuntee {1}). Päivitä ohjelma; tiedostoa ei muutettu.", "The register was made by a newer Rekisteri (schema {0}, this version knows up to {1}). Update the program; the file was not changed.";
    ErrLocked => "Rekisteri on toisen ohjelman käytössä. Yritä hetken kuluttua uudelleen.", "The register is in use by another program. Try again in a moment.";
    ErrDiskFull => "Levy on täynnä. Muutosta ei tallennettu; aiemmin tallennetut tiedot ovat tallessa.", "The disk is full. The change was not saved; what was saved before is safe.";
    ErrReadOnly => "Rekisteritiedostoon ei voi kirjoittaa (vain luku tai ei oikeuksia).", "The register file cannot be written (read-only or no permission).";
    ErrCannotOpen => "Rekisteritiedostoa ei voi avata. Tarkista polku ja oikeudet.", "The register file cannot be opened. Check the path and permissions.";
    ErrNotFound => "Tietoa ei löydy ({0}).", "Not found ({0}).";
    ErrConsentWithoutEvidence => "Suostumus tarvitsee näytön: mistä ja miten se annettiin.", "A consent needs its evidence: where and how it was given.";
    ErrCancelled => "Keskeytetty; mitään ei tallennettu.", "Cancelled; nothing was saved.";
    ErrNotAllowed => "Rekisterin säännöt eivät salli tätä ({0}); mitään ei tallennettu.", "The register's rules do not allow this ({0}); nothing was saved.";
    ErrUnexpected => "Odottamaton virhe: {0}", "Unexpected error: {0}";
    InvalidEmpty => "Pakollinen tieto puuttuu.", "This is required.";
    InvalidBusinessIdFormat => "Y-tunnus on muotoa 1234567-8.", "A business ID has the form 1234567-8.";
    InvalidBusinessIdCheck => "Y-tunnuksen tarkistusnumero ei täsmää.", "The business ID's check digit does not match.";
    InvalidEmail => "Sähköpostiosoite ei ole kelvollinen.", "The e-mail address is not valid.";
    InvalidPhone => "Puhelinnumero ei ole kelvollinen.", "The phone number is not valid.";
    InvalidPostalCode => "Postinumerossa on viisi numeroa.", "A postal code has five digits.";
    InvalidBirthYear => "Syntymävuosi ei ole mahdollinen.", "The birth year is not possible.";
    // The Register tab's settings form and the privacy notice generator.
    RegisterEdit => "Muokkaa rekisterin tietoja", "Edit the register description";
    RegisterSaved => "Rekisterin tiedot tallennettu.", "The register description was saved.";
    RegisterListsReadOnly => "Käyttötarkoituksia ja luetteloita (tietoryhmät, lähteet, luovutukset, käsittelijät, siirrot) ei vielä voi muokata täällä.", "Purposes and the lists (categories, sources, disclosures, processors, transfers) cannot be edited here yet.";
    PurposeInUse => "käytössä: {0} suostumustapahtumaa", "in use: {0} consent events";
    PurposeNotInUse => "ei käytössä", "not in use";
    FieldSigningPlace => "Allekirjoituspaikka", "Place of signing";
    FieldPostalAddress => "Postiosoite", "Postal address";
    FieldWeb => "Verkkosivu", "Website";
    FieldBasisStatement => "Oikeusperuste", "Legal basis statement";
    FieldOutsourcing => "Ulkoistettu käsittely", "Outsourced processing";
    FieldTransfers => "Siirrot EU:n ja ETA:n ulkopuolelle", "Transfers outside the EU and EEA";
    FieldRetentionStatement => "Säilytysaika", "Retention statement";
    FieldReviewInterval => "Katselmointiväli (kk, 1–24)", "Review interval (months, 1–24)";
    InvalidReviewInterval => "Katselmointiväli on 1–24 kuukautta.", "The review interval is 1 to 24 months.";
    NoticeHeading => "Tietosuojaseloste", "Privacy notice";
    NoticeLanguage => "Selosteen kieli", "Language of the notice";
    NoticeFormatLabel => "Tiedostomuoto", "File format";
    GenerateNotice => "Luo tietosuojaseloste", "Generate privacy notice";
    NoticeMissingItems => "Selosteesta puuttuu pakollisia tietoja; mitään ei luotu:", "The notice lacks mandatory items; nothing was generated:";
    NoticeSaved => "Tietosuojaseloste tallennettu: {0}", "Privacy notice saved: {0}";
    NoticeFailed => "Tietosuojaselostetta ei voitu luoda: {0}", "The privacy notice could not be made: {0}";
}
