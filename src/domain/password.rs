//! Passwords: the strength rule a new password must pass (with a meter for the form), and hashing
//! with Argon2id. The hash is a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) that carries
//! its own cost, so a hash made at any cost still verifies, and raising the cost later needs no
//! migration.
//!
//! The same Argon2id at the same cost also turns a password into the key that wraps the
//! register's database key ([`derive_key`]), with its own salt.
//!
//! Not here: where hashes are kept and who may change them (the store), and the texts that explain
//! a refusal (`i18n`).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

/// How much work one password guess costs: Argon2id's memory, passes and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl PasswordCost {
    /// What every real register uses: 128 MiB, three passes, one lane; about 0.27 s a guess on
    /// the shop's two-core machine (docs/BENCHMARKS.md), and the memory makes a GPU no faster.
    pub const STANDARD: Self = Self { memory_kib: 128 * 1024, iterations: 3, parallelism: 1 };

    /// For tests only: 64 KiB and one pass, so that a test suite making hundreds of users runs in
    /// seconds. A hash made at this cost is cheap to guess; no product code path uses it.
    pub const fn insecure_fast_for_tests() -> Self {
        Self { memory_kib: 64, iterations: 1, parallelism: 1 }
    }

    /// A cost as recorded beside a wrapped key (checked when used: out of range is an error).
    pub const fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Self {
        Self { memory_kib, iterations, parallelism }
    }

    /// Memory (KiB), passes and lanes, to be recorded beside what was derived with them.
    pub const fn parts(self) -> (u32, u32, u32) {
        (self.memory_kib, self.iterations, self.parallelism)
    }

    fn hasher(self) -> Result<Argon2<'static>, HashError> {
        let params =
            Params::new(self.memory_kib, self.iterations, self.parallelism, None).map_err(|_| HashError::Cost)?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Hashing could not be done (not a wrong password: that is `verify_password` returning false).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("the operating system gave no random numbers")]
    Random,
    #[error("the hashing cost is out of Argon2's range")]
    Cost,
}

/// Hashes `password` with a fresh random salt at `cost`, as a PHC string.
pub fn hash_password(password: &str, cost: PasswordCost) -> Result<String, HashError> {
    let hasher = cost.hasher()?;
    let salt = argon2::password_hash::try_generate_salt().map_err(|_| HashError::Random)?;
    let hash = hasher.hash_password_with_salt(password.as_bytes(), &salt).map_err(|_| HashError::Cost)?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `hash` (made at whatever cost it records). A
/// malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Derives a 256-bit key from `password` and `salt` at `cost` (Argon2id): what wraps the
/// register's database key. The same password, salt and cost always give the same key.
pub fn derive_key(password: &str, salt: &[u8], cost: PasswordCost) -> Result<zeroize::Zeroizing<[u8; 32]>, HashError> {
    let mut key = zeroize::Zeroizing::new([0_u8; 32]);
    cost.hasher()?.hash_password_into(password.as_bytes(), salt, key.as_mut()).map_err(|_| HashError::Cost)?;
    Ok(key)
}

/// The shortest password accepted, in characters (not bytes: "äöå" counts three).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// A passphrase of this many words of [`PASSPHRASE_WORD_CHARS`] letters or more is accepted even
/// when it is a little shorter than [`MIN_PASSWORD_CHARS`].
pub const PASSPHRASE_WORDS: usize = 3;
pub const PASSPHRASE_WORD_CHARS: usize = 3;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("shorter than {MIN_PASSWORD_CHARS} characters and not a passphrase")]
    TooShort,
    #[error("contains the username")]
    ContainsUsername,
    #[error("one of the most common passwords")]
    Common,
    #[error("a repeated character or a simple sequence")]
    Repetitive,
}

/// Checks a new password for `username`: at least [`MIN_PASSWORD_CHARS`] characters or a
/// passphrase of a few words; not the username; not a common password (also with digits or
/// punctuation added at either end); not one character repeated or a run like `123456…`.
pub fn check_strength(password: &str, username: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS && !is_passphrase(password) {
        return Err(PasswordProblem::TooShort);
    }
    let lower = password.to_lowercase();
    let username = username.trim().to_lowercase();
    if username.chars().count() >= 3 && lower.contains(&username) {
        return Err(PasswordProblem::ContainsUsername);
    }
    if is_common(&lower) {
        return Err(PasswordProblem::Common);
    }
    if is_repetitive(&lower) {
        return Err(PasswordProblem::Repetitive);
    }
    Ok(())
}

/// A few words of a few letters each, like "ruskea kettu hyppää".
fn is_passphrase(password: &str) -> bool {
    let words = password.split(|c: char| c.is_whitespace() || c == '-').filter(|word| !word.is_empty());
    let long_words = words.filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= PASSPHRASE_WORD_CHARS);
    long_words.count() >= PASSPHRASE_WORDS
}

/// The password as a list would hold it: lower case, digits and punctuation trimmed from both
/// ends ("Salasana2024!" → "salasana"), spaces removed.
fn is_common(lower: &str) -> bool {
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let core = compact.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    // Mostly digits and punctuation around a word of a letter or three is as guessable.
    core.chars().count() < 4 || COMMON_PASSWORDS.iter().any(|common| *common == compact || *common == core)
}

/// One character repeated, few distinct characters, or a straight run (abcdef…, 98765…).
fn is_repetitive(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 4 {
        return true;
    }
    let steps: Vec<i64> =
        chars.windows(2).map(|pair| i64::from(u32::from(pair[1])) - i64::from(u32::from(pair[0]))).collect();
    let runs = steps.iter().filter(|step| step.abs() == 1).count();
    runs * 4 >= steps.len() * 3
}

/// The strength meter's reading for a password being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Refused by [`check_strength`].
    Weak,
    /// Accepted, but short or of one kind of character.
    Fair,
    Good,
    Strong,
}

impl Strength {
    /// The meter's fill, 0–1.
    pub fn fraction(self) -> f32 {
        match self {
            Strength::Weak => 0.15,
            Strength::Fair => 0.45,
            Strength::Good => 0.75,
            Strength::Strong => 1.0,
        }
    }
}

/// Reads the meter: refused passwords are weak; the rest by an estimate of their bits (length
/// times the bits of the kinds of character used).
pub fn strength(password: &str, username: &str) -> Strength {
    if check_strength(password, username).is_err() {
        return Strength::Weak;
    }
    let mut pool = 0_u32;
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    if has(char::is_ascii_lowercase) {
        pool += 26;
    }
    if has(char::is_ascii_uppercase) {
        pool += 26;
    }
    if has(char::is_ascii_digit) {
        pool += 10;
    }
    if has(|c| c.is_ascii_punctuation() || c.is_whitespace()) {
        pool += 33;
    }
    if has(|c| !c.is_ascii()) {
        pool += 30;
    }
    let bits = f64::from(u32::try_from(password.chars().count()).unwrap_or(u32::MAX)) * f64::from(pool.max(2)).log2();
    if bits >= 80.0 {
        Strength::Strong
    } else if bits >= 60.0 {
        Strength::Good
    } else {
        Strength::Fair
    }
}

/// Passwords tried first by anyone guessing: the most common ones worldwide and in Finland
/// (compared in lower case, after trimming digits and punctuation from both ends).
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "passw0rd",
    "password1",
    "qwerty",
    "qwertyuiop",
    "qwertyui",
    "asdfgh",
    "asdfghjkl",
    "zxcvbnm",
    "qwertz",
    "azerty",
    "abc",
    "abcdef",
    "abcdefgh",
    "letmein",
    "welcome",
    "welcome1",
    "admin",
    "administrator",
    "iloveyou",
    "monkey",
    "dragon",
    "master",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "batman",
    "trustno",
    "shadow",
    "michael",
    "jennifer",
    "starwars",
    "whatever",
    "freedom",
    "computer",
    "internet",
    "secret",
    "changeme",
    "default",
    "login",
    "access",
    "hello",
    "hellohello",
    "charlie",
    "donald",
    "mustang",
    "liverpool",
    "chelsea",
    "arsenal",
    "pokemon",
    "minecraft",
    "fortnite",
    "samsung",
    "google",
    "facebook",
    "summer",
    "winter",
    "spring",
    "autumn",
    "test",
    "testing",
    "guest",
    "root",
    "toor",
    "pass",
    "passpass",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "q1w2e3r4",
    "zaq12wsx",
    "1qaz2wsx",
    "qazwsx",
    "aa12345678",
    "password123",
    "qwerty123",
    "iloveyou123",
    "salasana",
    "salasana1",
    "salasana123",
    "salainen",
    "tunnussana",
    "kissa",
    "koira",
    "kissakoira",
    "perkele",
    "saatana",
    "suomi",
    "suomi100",
    "finland",
    "helsinki",
    "tampere",
    "turku",
    "espoo",
    "oulu",
    "jyvaskyla",
    "jyväskylä",
    "lappeenranta",
    "kuopio",
    "joensuu",
    "mansikka",
    "mustikka",
    "aurinko",
    "kesä",
    "talvi",
    "kevät",
    "syksy",
    "rakkaus",
    "rakastan",
    "sisu",
    "sauna",
    "muumi",
    "muumipeikko",
    "hyvinvointi",
    "jalkapallo",
    "jääkiekko",
    "jaakiekko",
    "leijonat",
    "huuhkajat",
    "hiihto",
    "nokia",
    "tervetuloa",
    "moikka",
    "moi",
    "hei",
    "heippa",
    "asiakas",
    "asiakkaat",
    "rekisteri",
    "kauppa",
    "yritys",
    "toimisto",
    "tyo",
    "työ",
    "kahvi",
    "pulla",
    "koti",
    "kotona",
    "perhe",
    "lapset",
    "äiti",
    "isä",
    "mummo",
    "pappa",
    "hevonen",
    "heppa",
    "ruusu",
    "kukka",
    "omena",
    "porkkana",
    "peruna",
    "elimäki",
    "kouvola",
    "mima",
    "organics",
    "mimaorganics",
    "luomu",
    "tietosuoja",
    "tietoturva",
    "yllapito",
    "ylläpito",
    "kayttaja",
    "käyttäjä",
    "tunnus",
    "qwertyasdfgh",
    "qwertyuiopå",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let cost = PasswordCost::insecure_fast_for_tests();
        let hash = hash_password("ruskea kettu hyppää", cost).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert!(verify_password("ruskea kettu hyppää", &hash));
        assert!(!verify_password("ruskea kettu hyppaa", &hash));
        assert!(!verify_password("ruskea kettu hyppää", "not a hash"));
        assert_ne!(hash, hash_password("ruskea kettu hyppää", cost).unwrap(), "each hash has its own salt");
    }

    #[test]
    fn a_derived_key_depends_on_password_and_salt() {
        let cost = PasswordCost::insecure_fast_for_tests();
        let key = derive_key("ruskea kettu hyppää", b"suola-16-tavua!!", cost).unwrap();
        assert_eq!(*key, *derive_key("ruskea kettu hyppää", b"suola-16-tavua!!", cost).unwrap());
        assert_ne!(*key, *derive_key("ruskea kettu hyppaa", b"suola-16-tavua!!", cost).unwrap());
        assert_ne!(*key, *derive_key("ruskea kettu hyppää", b"toinen-suola-16!", cost).unwrap());
    }

    #[test]
    fn the_standard_cost_is_recorded_in_the_hash() {
        assert_eq!(PasswordCost::STANDARD.memory_kib, 131_072);
        let hasher = PasswordCost::STANDARD.hasher().unwrap();
        assert_eq!(hasher.params().m_cost(), 131_072);
        assert_eq!(hasher.params().t_cost(), 3);
    }

    #[test]
    fn short_passwords_are_refused_unless_a_passphrase() {
        assert_eq!(check_strength("Lyhyt1!x", "satu"), Err(PasswordProblem::TooShort));
        assert_eq!(check_strength("kuu tie sää", "satu"), Ok(()));
        assert_eq!(check_strength("Kuusi-Puuta-7", "satu"), Ok(()));
        assert_eq!(check_strength("vihreä omenapuu", "satu"), Ok(()));
    }

    #[test]
    fn the_username_and_common_passwords_are_refused() {
        assert_eq!(check_strength("satu.heikkila2026", "satu.heikkila"), Err(PasswordProblem::ContainsUsername));
        assert_eq!(check_strength("Salasana2024!!", "satu"), Err(PasswordProblem::Common));
        assert_eq!(check_strength("password123456", "satu"), Err(PasswordProblem::Common));
        assert_eq!(check_strength("Qwertyuiop123", "satu"), Err(PasswordProblem::Common));
        assert_eq!(check_strength("0000000000abc", "satu"), Err(PasswordProblem::Common));
    }

    #[test]
    fn repeats_and_runs_are_refused() {
        assert_eq!(check_strength("aaaaaaaaaaaaaaaa", "satu"), Err(PasswordProblem::Repetitive));
        assert_eq!(check_strength("abababababab", "satu"), Err(PasswordProblem::Repetitive));
        assert_eq!(check_strength("123456789012345", "satu"), Err(PasswordProblem::Common));
        assert_eq!(check_strength("abcdefghijklm", "satu"), Err(PasswordProblem::Repetitive));
    }

    #[test]
    fn the_meter_rises_with_length_and_variety() {
        assert_eq!(strength("salasana", "satu"), Strength::Weak);
        assert_eq!(strength("vihreaomenat", "satu"), Strength::Fair);
        assert_eq!(strength("Vihreaomena7", "satu"), Strength::Good);
        assert_eq!(strength("ruskea kettu hyppää aidan yli", "satu"), Strength::Strong);
        assert!(Strength::Weak < Strength::Strong);
    }
}
