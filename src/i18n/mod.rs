//! Every sentence a user reads, in Finnish and English, looked up by key. UI texts are variants
//! of [`T`] (a missing translation is a compile error, a blank one a test failure); the labels of
//! stored codes (sources, channels, statuses …) are looked up by "kind.code" in [`code_label`].
//! Store errors are turned into sentences here too, so the window and the command line say the same.

mod codes;
mod texts;

pub use codes::{Label, code_label};
pub use texts::T;

use crate::domain::Lang;
use crate::store;

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: T) -> &'static str {
    match lang {
        Lang::Fi => key.fi(),
        Lang::En => key.en(),
    }
}

/// The text of `key` with `{0}`, `{1}` … replaced by `args`.
pub fn trf(lang: Lang, key: T, args: &[&dyn std::fmt::Display]) -> String {
    let mut text = tr(lang, key).to_owned();
    for (index, arg) in args.iter().enumerate() {
        text = text.replace(&format!("{{{index}}}"), &arg.to_string());
    }
    text
}

/// A store error as one sentence the user can act on. The file path is the caller's to add.
pub fn store_error(lang: Lang, error: &store::Error) -> String {
    use store::Error as E;
    match error {
        E::Missing => tr(lang, T::ErrMissing).to_owned(),
        E::NotADatabase => tr(lang, T::ErrNotADatabase).to_owned(),
        E::NotARegister => tr(lang, T::ErrNotARegister).to_owned(),
        E::Corrupt => tr(lang, T::ErrCorrupt).to_owned(),
        E::NewerSchema { found, supported } => trf(lang, T::ErrNewerSchema, &[found, supported]),
        E::Locked => tr(lang, T::ErrLocked).to_owned(),
        E::OpenElsewhere(Some(holder)) => {
            let since =
                format!("{} {}", crate::domain::finnish_date(holder.since.date()), holder.since.format("%H:%M"));
            trf(lang, T::ErrOpenElsewhere, &[&holder.user, &holder.host, &holder.process_id, &since])
        }
        E::OpenElsewhere(None) => tr(lang, T::ErrOpenElsewhereUnknown).to_owned(),
        E::OpenedForReading => tr(lang, T::ErrOpenedForReading).to_owned(),
        E::DiskFull => tr(lang, T::ErrDiskFull).to_owned(),
        E::ReadOnly => tr(lang, T::ErrReadOnly).to_owned(),
        E::CannotOpen => tr(lang, T::ErrCannotOpen).to_owned(),
        E::NotFound(what) => trf(lang, T::ErrNotFound, &[what]),
        E::Invalid { field, error } => format!("{}: {}", field, validation_error(lang, error)),
        E::ConsentWithoutEvidence => tr(lang, T::ErrConsentWithoutEvidence).to_owned(),
        E::LiftWithoutEvidence => tr(lang, T::ErrLiftWithoutEvidence).to_owned(),
        E::Cancelled => tr(lang, T::ErrCancelled).to_owned(),
        E::NotAllowed(rule) => trf(lang, T::ErrNotAllowed, &[&not_allowed_rule(lang, rule)]),
        E::WrongPassword => tr(lang, T::ErrWrongPassword).to_owned(),
        E::UserDisabled => tr(lang, T::ErrUserDisabled).to_owned(),
        E::SignInWait { seconds } => trf(lang, T::ErrSignInWait, &[seconds]),
        E::WeakPassword(problem) => trf(lang, T::ErrWeakPassword, &[&password_problem(lang, *problem)]),
        E::Hashing(_) => trf(lang, T::ErrUnexpected, &[error]),
        E::KeyFileMissing => tr(lang, T::ErrKeyFileMissing).to_owned(),
        E::KeyFileDamaged => tr(lang, T::ErrKeyFileDamaged).to_owned(),
        E::BadValue { .. } | E::Sqlite(_) | E::Io(_) => trf(lang, T::ErrUnexpected, &[error]),
    }
}

/// Why a backup was not restored, as one sentence.
pub fn restore_error(lang: Lang, error: &store::RestoreError) -> String {
    use store::RestoreError as E;
    match error {
        E::NotADatabase => tr(lang, T::RestoreNotADatabase).to_owned(),
        E::NotARegister => tr(lang, T::RestoreNotARegister).to_owned(),
        E::Damaged => tr(lang, T::RestoreDamaged).to_owned(),
        E::NewerSchema { found, supported } => trf(lang, T::RestoreNewerSchema, &[found, supported]),
        E::AuditChainBroken(broken) => trf(lang, T::RestoreChainBroken, &[&broken.row_id]),
        E::IsTheRegister => tr(lang, T::RestoreIsTheRegister).to_owned(),
        E::Store(error) => store_error(lang, error),
    }
}

/// The first broken link of the audit chain: its row number, time and action.
pub fn chain_broken(lang: Lang, broken: &store::ChainBreak) -> String {
    let action = crate::domain::audit::AuditAction::from_code(&broken.action)
        .map_or(broken.action.as_str(), |action| action.label(lang));
    // The stored time may be the tampered field: shown as stored when it does not parse.
    let when = chrono::NaiveDateTime::parse_from_str(&broken.occurred_at, "%Y-%m-%d %H:%M:%S").map_or_else(
        |_| broken.occurred_at.clone(),
        |time| format!("{} {}", crate::domain::finnish_date(time.date()), time.format("%H:%M:%S")),
    );
    trf(lang, T::ChainBroken, &[&broken.row_id, &when, &action])
}

/// A rejected import row as one line: "Row 7: E-mail: the e-mail address is not valid".
pub fn import_row_error(lang: Lang, error: &crate::exchange::RowError) -> String {
    trf(lang, T::ImportRowError, &[&error.row_number, &error.field.label(lang), &error.problem.label(lang)])
}

/// A file (not the register) that could not be read or written, as one sentence.
pub fn file_error(lang: Lang, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => tr(lang, T::FileNotFound).to_owned(),
        std::io::ErrorKind::PermissionDenied => tr(lang, T::FileNoPermission).to_owned(),
        std::io::ErrorKind::StorageFull => tr(lang, T::ErrDiskFull).to_owned(),
        _ => trf(lang, T::FileError, &[error]),
    }
}

/// Why a file could not be read for an import, as one sentence.
pub fn import_file_error(lang: Lang, error: &crate::exchange::ImportError) -> String {
    use crate::exchange::ImportError as E;
    match error {
        E::Empty => tr(lang, T::ImportFileEmpty).to_owned(),
        E::HeaderOnly => tr(lang, T::ImportFileHeaderOnly).to_owned(),
        E::Workbook => tr(lang, T::ImportFileWorkbook).to_owned(),
        E::NotText => tr(lang, T::ImportFileNotText).to_owned(),
        E::Malformed { row_number } => trf(lang, T::ImportFileMalformed, &[row_number]),
    }
}

/// What an import did, as one sentence.
pub fn import_summary(lang: Lang, summary: &crate::domain::customer::ImportSummary, rejected_rows: usize) -> String {
    trf(
        lang,
        T::ImportSummary,
        &[
            &summary.added,
            &summary.updated,
            &summary.unchanged,
            &summary.consents_recorded,
            &summary.consents_not_regranted,
            &rejected_rows,
        ],
    )
}

/// Why a new password is refused, as the clause shown under the password field.
pub fn password_problem(lang: Lang, problem: crate::domain::password::PasswordProblem) -> &'static str {
    use crate::domain::password::PasswordProblem as P;
    let key = match problem {
        P::TooShort => T::PasswordTooShort,
        P::ContainsUsername => T::PasswordContainsUsername,
        P::Common => T::PasswordCommon,
        P::Repetitive => T::PasswordRepetitive,
    };
    tr(lang, key)
}

/// Why an unsubscribe list could not be read, as one sentence.
pub fn unsubscribe_error(lang: Lang, error: &crate::exchange::UnsubscribeError) -> String {
    use crate::exchange::UnsubscribeError as E;
    match error {
        E::File(error) => import_file_error(lang, error),
        E::NoEmailColumn => tr(lang, T::UnsubscribeNoEmailColumn).to_owned(),
    }
}

/// What a withdrawal did, as one sentence: people matched, withdrawals recorded, addresses not
/// found, invalid rows of the file.
pub fn withdrawal_summary(lang: Lang, summary: &store::WithdrawalSummary, invalid_rows: usize) -> String {
    trf(
        lang,
        T::WithdrawalSummary,
        &[&summary.people_matched, &summary.withdrawals_recorded, &summary.addresses_not_found, &invalid_rows],
    )
}

/// The rule a refused change broke, in the user's language; a rule without a Finnish text yet is
/// shown in English.
fn not_allowed_rule(lang: Lang, rule: &'static str) -> &'static str {
    use crate::domain::request::rule;
    use crate::domain::retention::rule as retention;
    use crate::domain::user::rule as user_rule;
    if lang == Lang::En {
        return rule;
    }
    match rule {
        user_rule::READ_ONLY => "vain luku -käyttäjä ei voi muuttaa rekisteriä",
        user_rule::ADMINISTRATORS_ONLY => "vain pääkäyttäjä voi tehdä tämän",
        user_rule::NOT_SIGNED_IN => "kukaan ei ole kirjautuneena",
        user_rule::LAST_ADMINISTRATOR => "rekisteriin on jäätävä ainakin yksi pääkäyttäjä, joka voi kirjautua",
        user_rule::ALREADY_SET_UP => "rekisterillä on jo ensimmäinen pääkäyttäjä",
        user_rule::USERNAME_TAKEN => "käyttäjätunnus on jo käytössä",
        user_rule::USERNAME_FORM => {
            "käyttäjätunnuksessa on 2–32 kirjainta, numeroa, pistettä, yhdysmerkkiä tai alaviivaa"
        }
        user_rule::UNRECORDED => "jokainen muutos kirjataan lokiin",
        user_rule::DISABLED_USER => "käyttäjä on poistettu käytöstä: ota hänet käyttöön uudella salasanalla",
        rule::CLOSED => "pyyntö on jo käsitelty",
        rule::NO_GOING_BACK => "pyynnön tila ei voi palata taaksepäin",
        rule::IDENTITY_NOT_VERIFIED => "henkilöllisyyttä ei ole todennettu",
        rule::IDENTITY_ALREADY_VERIFIED => "henkilöllisyys on jo todennettu",
        rule::REFUSAL_NEEDS_REASON => "epäämiselle tarvitaan perustelu",
        rule::EXTENSION_AFTER_FIRST_MONTH => "määräaikaa voi jatkaa vain ensimmäisen kuukauden aikana",
        rule::TOLD_BEFORE_RECEIPT => "henkilölle ei voi ilmoittaa ennen kuin pyyntö on saapunut",
        rule::ANSWERED_BEFORE_RECEIPT => "pyyntöön ei voi vastata ennen sen saapumista",
        rule::NOT_A_RESTRICTION => "vain käsittelyn rajoittaminen voidaan purkaa",
        rule::REFUSED_RESTRICTS_NOTHING => "evätty pyyntö ei rajoita mitään",
        rule::LIFTED_BEFORE_REQUEST => "rajoitusta ei voi purkaa ennen kuin sitä on pyydetty",
        rule::ALREADY_LIFTED => "rajoitus on jo purettu",
        crate::domain::register::PURPOSE_IN_USE => "käyttötarkoitus on käytössä: poista se käytöstä poistamisen sijaan",
        retention::CANDIDATES_CHANGED => "hävitettävät tiedot muuttuivat näyttämisen jälkeen; katso ne uudelleen",
        retention::REVIEW_UNSETTLED => {
            "jokainen katselmoinnin kohta on merkittävä tehdyksi tai selitettävä huomautuksessa"
        }
        retention::RULE_NEEDS_REASON => "säilytyssäännölle tarvitaan peruste",
        retention::TRIGGER_DOES_NOT_APPLY => "säännön laskentaperuste ei sovi sen tietoryhmään",
        retention::PERIOD_TOO_LONG => "säilytysaika on enintään 100 vuotta",
        retention::EXCLUSION_NEEDS_REASON => "poikkeukselle tarvitaan syy",
        retention::EXCLUSION_LIFTED => "poikkeus on jo purettu",
        crate::domain::register::CHANNEL_IN_USE => {
            "suostumusrekisterissä on kirjauksia kanavalla, jota yritetään poistaa"
        }
        crate::domain::register::NO_CHANNEL => {
            "käyttötarkoitukselle valitaan joko nimetyt kanavat tai kaikki kanavat, ei molempia eikä ei mitään"
        }
        crate::domain::contact::rule::NOT_A_CONTACT_PURPOSE => {
            "käyttötarkoituksen perusteella ei oteta yhteyttä keneenkään"
        }
        crate::domain::contact::rule::CHANNEL_NOT_OFFERED => {
            "käyttötarkoitukseen ei pyydetä suostumusta tämän kanavan kautta"
        }
        crate::domain::contact::rule::NO_CHANNEL => {
            "yhteystietolistalle tarvitaan kanava: sähköposti, tekstiviesti, puhelin tai posti"
        }
        crate::domain::contact::rule::NO_RECIPIENT => "yhteystietolistalle tarvitaan vastaanottaja",
        other => other,
    }
}

/// A validation error as the sentence shown beside the field.
pub fn validation_error(lang: Lang, error: &crate::domain::validate::ValidationError) -> &'static str {
    use crate::domain::validate::ValidationError as V;
    let key = match error {
        V::Empty => T::InvalidEmpty,
        V::BusinessIdFormat => T::InvalidBusinessIdFormat,
        V::BusinessIdCheckDigit => T::InvalidBusinessIdCheck,
        V::EmailFormat => T::InvalidEmail,
        V::PhoneFormat => T::InvalidPhone,
        V::PostalCodeFormat => T::InvalidPostalCode,
        V::BirthYearRange => T::InvalidBirthYear,
    };
    tr(lang, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for key in T::ALL {
            assert!(!key.fi().trim().is_empty(), "{key:?} lacks Finnish");
            assert!(!key.en().trim().is_empty(), "{key:?} lacks English");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for key in T::ALL {
            for index in 0..4 {
                let placeholder = format!("{{{index}}}");
                assert_eq!(key.fi().contains(&placeholder), key.en().contains(&placeholder), "{key:?} {placeholder}");
            }
        }
    }

    #[test]
    fn every_request_rule_has_its_finnish() {
        let retention = crate::domain::retention::rule::ALL;
        for rule in crate::domain::request::rule::ALL.iter().chain(retention) {
            assert_ne!(not_allowed_rule(Lang::Fi, rule), *rule, "{rule:?} lacks Finnish");
            assert_eq!(not_allowed_rule(Lang::En, rule), *rule);
        }
        let error = store::Error::NotAllowed(crate::domain::request::rule::CLOSED);
        assert_eq!(store_error(Lang::Fi, &error), T::ErrNotAllowed.fi().replace("{0}", "pyyntö on jo käsitelty"));
    }

    #[test]
    fn every_user_rule_has_its_finnish() {
        for rule in crate::domain::user::rule::ALL {
            assert_ne!(not_allowed_rule(Lang::Fi, rule), *rule, "{rule:?} lacks Finnish");
        }
        let refused = store::Error::NotAllowed(crate::domain::user::Role::ReadOnly.refusal());
        assert!(store_error(Lang::Fi, &refused).contains("vain luku"));
        assert!(store_error(Lang::En, &refused).contains("read-only"));
    }

    #[test]
    fn a_weak_password_is_explained_in_both_languages() {
        use crate::domain::password::PasswordProblem;
        let error = store::Error::WeakPassword(PasswordProblem::TooShort);
        assert!(store_error(Lang::Fi, &error).contains("12 merkkiä"), "{}", store_error(Lang::Fi, &error));
        assert!(store_error(Lang::En, &error).contains("12 characters"), "{}", store_error(Lang::En, &error));
        assert_eq!(
            store_error(Lang::En, &store::Error::SignInWait { seconds: 8 }),
            T::ErrSignInWait.en().replace("{0}", "8")
        );
    }

    #[test]
    fn every_contact_list_rule_has_its_finnish() {
        for rule in crate::domain::contact::rule::ALL {
            assert_ne!(not_allowed_rule(Lang::Fi, rule), *rule, "{rule:?} lacks Finnish");
            assert_eq!(not_allowed_rule(Lang::En, rule), *rule);
        }
    }

    #[test]
    fn a_missing_file_is_not_called_the_register() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(file_error(Lang::Fi, &missing), "Tiedostoa ei löydy.");
        assert_eq!(file_error(Lang::En, &missing), "The file does not exist.");
        let empty = import_file_error(Lang::Fi, &crate::exchange::ImportError::Malformed { row_number: 7 });
        assert_eq!(empty, "Tiedostoa ei voi lukea CSV:nä rivillä 7.");
    }

    #[test]
    fn arguments_fill_the_placeholders() {
        assert_eq!(
            trf(Lang::En, T::ErrNewerSchema, &[&7, &1]),
            T::ErrNewerSchema.en().replace("{0}", "7").replace("{1}", "1")
        );
    }
}
