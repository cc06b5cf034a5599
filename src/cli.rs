//! The command line: the window by default, and commands that call the same library functions as
//! the window (`demo`, `check`, import, export, reply, notice, marketing lists, withdrawals, backup,
//! restore). Raw flags are parsed here and resolved into what to do; `main.rs` only turns errors
//! into one line.
//!
//! Commands that write take the register's one-writer lock and are refused in one line while a
//! window has the register open; `search` and `check` only read and run anyway.

mod backup;
mod drill;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::contact_lists::{ContactListError, ListOrder, UnsubscribeFileError};
use crate::domain::Lang;
use crate::domain::consent::Channel;
use crate::domain::contact::{DIRECT_MARKETING, LIST_CHANNELS, WithdrawalScope};
use crate::domain::customer::{CustomerId, Provenance, Source};
use crate::domain::register::{Purpose, PurposeId};
use crate::domain::request::{Request, RequestChannel, RequestKind};
use crate::domain::retention::RetentionRule;
use crate::exchange;
use crate::i18n::{self, Label as _, T};
use crate::report::notice::{NoticeError, NoticeFormat, privacy_notice};
use crate::report::record_of_processing::record_of_processing;
use crate::store::{self, Store};
use crate::{paths, sample};

/// Rekisteri: a shop's customer and prospect register, kept as its privacy notice promises.
#[derive(Debug, Parser)]
#[command(name = "rekisteri", version, about)]
pub struct Cli {
    /// The register file (default: the shop's register in the user's data folder; the sample
    /// register when there is none yet).
    #[arg(long, global = true, env = "REKISTERI_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Open the sample register (made on first use) instead of the shop's own.
    #[arg(long)]
    pub demo: bool,

    /// The language of the window and of messages: fi or en (default from the system's locale).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// The user a command signs in as; the password comes from REKISTERI_PASSWORD or is asked
    /// without echo. For `demo`, the new register's first administrator (default: the sample's).
    #[arg(long, global = true, env = "REKISTERI_USER", value_name = "USERNAME")]
    pub user: Option<String>,

    /// Close the window at its first frame that shows the customer list and print the start-up
    /// time and memory (for start-up measurements; signs in from REKISTERI_USER and
    /// REKISTERI_PASSWORD when both are set).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a sample register with N fictitious customers (for trying out and benchmarks).
    Demo {
        /// How many customers and prospects (up to 1,000,000 in seconds).
        #[arg(long, default_value_t = sample::SAMPLE_CUSTOMERS)]
        customers: usize,
        /// The generator's seed: the same seed and N give the same people.
        #[arg(long, default_value_t = sample::SAMPLE_SEED)]
        seed: u64,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check the register: integrity, schema version, counts and the audit chain.
    Check,
    /// Import customers from a CSV file (web-shop and mailing-tool exports, Finnish spreadsheets).
    Import {
        /// The CSV file.
        file: PathBuf,
        /// Import nothing if any row has a problem (default: import the valid rows, list the others).
        #[arg(long)]
        strict: bool,
    },
    /// Export the customer list as CSV (UTF-8 with BOM, `;`, cells defused against formulas).
    Export {
        /// Where to write the file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Find customers as the search box does: customer number, name, e-mail, phone, city, one a line.
    Search {
        /// How many matches at most.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// What to look for: a name, e-mail, phone (in any form), city, postal code or number.
        query: String,
    },
    /// Print the reply to an access request (GDPR Art. 15) as a PDF letter and record it as
    /// answered. The letter is in the person's language unless --lang is given.
    #[command(group(clap::ArgGroup::new("whom").required(true).args(["customer", "request"])))]
    Reply {
        /// Answer this customer's newest open access request (one is registered, identity
        /// verified, when they have none).
        #[arg(long, value_name = "NUMBER")]
        customer: Option<i64>,
        /// Answer the request with this reference, e.g. 2026-0007.
        #[arg(long, value_name = "REF")]
        request: Option<String>,
        /// Where to write the letter.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Export the data a person provided (GDPR Art. 20) for them to take elsewhere; the format
    /// follows the file's extension: .json or .csv.
    ExportPerson {
        /// The customer number.
        #[arg(long, value_name = "NUMBER")]
        customer: i64,
        /// Where to write the file.
        #[arg(long, value_name = "FILE.json|FILE.csv")]
        out: PathBuf,
    },
    /// Measure Rekisteri on sample registers of each size against bare SQLite, sqlite3's import,
    /// LibreOffice and the smallest register, and print the figures as a Markdown table.
    Bench {
        /// Register sizes (customers); the registers are made once and kept in --dir.
        #[arg(long, value_delimiter = ',', default_values_t = crate::bench::STANDARD_SIZES)]
        sizes: Vec<usize>,
        /// Where the sample registers are kept (default: a folder in the user's data folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// How many times each whole command and start-up is timed (the median is kept).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also write the table to this file.
        #[arg(long, value_name = "FILE.md")]
        out: Option<PathBuf>,
    },
    /// Apply the retention rules: list what each rule reaches today (--dry-run), or destroy it in
    /// one transaction (--apply, for a scheduled task). Prints counts per rule, never personal data.
    #[command(group(clap::ArgGroup::new("mode").required(true).args(["dry_run", "apply"])))]
    Retention {
        /// Count what the rules would erase or anonymise today; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Erase and anonymise what the rules reach today, with an erasure-log entry per rule.
        #[arg(long)]
        apply: bool,
        /// Print a JSON object: {"rules": [{"rule", "category", "action", "count"}], "total"}.
        #[arg(long)]
        json: bool,
    },
    /// Write who may be contacted today for a purpose over a channel as CSV, and record the list as
    /// a disclosure to its recipient (§6): consent (or the customer relationship where the purpose
    /// allows it), an address for the channel, no objection or marketing ban, not restricted.
    MarketingList {
        /// The channel: email, sms, phone or post.
        #[arg(long, value_parser = parse_list_channel)]
        channel: Channel,
        /// The purpose's identifier (e.g. research) or number (default: direct_marketing).
        #[arg(long, value_name = "ID")]
        purpose: Option<String>,
        /// Who receives the list: a mailing house, a mailing tool, a partner.
        #[arg(long, value_name = "NAME")]
        recipient: String,
        /// Where to write the list.
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Withdraw consents of one person, of an e-mail address (any case), or of everyone on a
    /// mailing tool's unsubscribe list (CSV). With neither --purpose nor --channel every consent is
    /// withdrawn (§7). Running it again records nothing new.
    #[command(group(clap::ArgGroup::new("who").required(true).args(["customer", "email", "file"])))]
    Withdraw {
        /// The customer number.
        #[arg(long, value_name = "NUMBER")]
        customer: Option<i64>,
        /// Everyone with this e-mail address.
        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
        /// An unsubscribe list: the e-mail column is found by its header, or one address a line.
        #[arg(long, value_name = "LIST.csv")]
        file: Option<PathBuf>,
        /// Only this purpose (its identifier or number).
        #[arg(long, value_name = "ID")]
        purpose: Option<String>,
        /// Only this channel: email, sms, phone, post or any.
        #[arg(long, value_parser = parse_channel)]
        channel: Option<Channel>,
        /// Where the withdrawal came from, kept as its evidence (a file's name and SHA-256 are
        /// added by themselves).
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
    },
    /// Write the privacy notice (tietosuojaseloste) from the register description, in the
    /// language of `--lang`.
    Notice {
        /// The file format: pdf, md or html.
        #[arg(long, value_parser = parse_notice_format, default_value = "pdf")]
        format: NoticeFormat,
        /// Write the record of processing activities (GDPR Art. 30, PDF only) instead.
        #[arg(long)]
        record: bool,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Back up the register into a folder (a consistent copy even while it is in use), named
    /// after the register with the date and time.
    Backup {
        /// The folder for the backup.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Then delete this register's backups in the folder beyond the newest N (other files stay).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
    },
    /// Check a backup (integrity, that it is a register, its schema, the audit chain) and show
    /// what it holds; with --yes put it in place of the register, which is kept beside it.
    Restore {
        /// The backup file.
        #[arg(long, value_name = "BACKUP")]
        from: PathBuf,
        /// Replace the register (without it only the checks and the preview are shown).
        #[arg(long)]
        yes: bool,
    },
    /// Set the note of customers FIRST..=LAST one save at a time (the crash test's writer).
    #[command(hide = true)]
    EditNotes {
        #[arg(long)]
        first: i64,
        #[arg(long)]
        last: i64,
        #[arg(long)]
        note: String,
        /// Milliseconds to wait after each save.
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
    /// Erase one customer without a request (the crash test's eraser).
    #[command(hide = true)]
    Erase {
        #[arg(long)]
        customer: i64,
    },
}

fn parse_notice_format(text: &str) -> Result<NoticeFormat, String> {
    NoticeFormat::from_code(&text.to_lowercase()).ok_or_else(|| format!("unknown format {text:?}: use pdf, md or html"))
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    Channel::from_code(&text.to_lowercase())
        .ok_or_else(|| format!("unknown channel {text:?}: use email, sms, phone, post or any"))
}

fn parse_list_channel(text: &str) -> Result<Channel, String> {
    Channel::from_code(&text.to_lowercase())
        .filter(|channel| LIST_CHANNELS.contains(channel))
        .ok_or_else(|| format!("unknown channel {text:?}: use email, sms, phone or post"))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(&text.to_lowercase()).ok_or_else(|| format!("unknown language {text:?}: use fi or en"))
}

/// The language from `--lang`, else from the system's locale (LANG=fi_FI… gives Finnish).
pub fn resolve_lang(flag: Option<Lang>) -> Lang {
    flag.unwrap_or_else(|| {
        let locale = std::env::var("LC_ALL").or_else(|_| std::env::var("LANG")).unwrap_or_default();
        if locale.starts_with("fi") { Lang::Fi } else { Lang::En }
    })
}

/// Which register the window opens: `--db` (made a sample register when `--demo` is given too and
/// the file does not exist yet), then `--demo`, then the shop's own register if it exists,
/// otherwise the sample.
pub fn register_to_open(db: Option<&Path>, demo: bool) -> (PathBuf, bool) {
    if let Some(path) = db {
        return (path.to_owned(), demo);
    }
    let own = paths::default_register();
    if !demo && own.exists() {
        return (own, false);
    }
    (paths::sample_register(), true)
}

/// Readies the register for the window: the sample is created when it does not exist yet (the
/// window then signs in to it with the sample's credentials). A sample left by a version before
/// encryption (no key file) is made again: its people are fictitious and nobody could open it.
pub fn prepare_for_window(path: &Path, is_sample: bool) -> store::Result<()> {
    if !is_sample {
        return Ok(());
    }
    if path.exists() && !store::key_file_path(path).exists() {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file)?;
            }
        }
    }
    if !path.exists() {
        sample::create_sample_register(path)?;
    }
    Ok(())
}

/// Runs a command (the window is started by `main`, which owns the event loop). `lang` is the
/// language of messages; `lang_flag` is `--lang` as given, which a letter follows when present
/// (otherwise a letter is in the person's own language).
pub fn run_command(
    command: &Command,
    db: Option<&Path>,
    user: Option<&str>,
    lang: Lang,
    lang_flag: Option<Lang>,
) -> anyhow::Result<ExitCode> {
    let signed_in = SignIn { user, lang };
    match command {
        Command::Demo { customers, seed, force } => {
            let path = db.context(tr(lang, "demo needs --db FILE", "demo tarvitsee --db TIEDOSTO"))?;
            demo(path, *customers, *seed, *force, user, lang)
        }
        Command::Check => check(&register_path(db), signed_in),
        Command::Import { file, strict } => import(&register_path(db), file, *strict, signed_in),
        Command::Export { out } => export(&register_path(db), out, signed_in),
        Command::Search { limit, query } => search(&register_path(db), query, *limit, signed_in),
        Command::Reply { customer, request, out } => {
            let whom = match (customer, request) {
                (Some(number), _) => ReplyTo::Customer(CustomerId(*number)),
                (None, Some(reference)) => ReplyTo::Request(reference),
                (None, None) => {
                    bail!(tr(lang, "reply needs --customer or --request", "reply tarvitsee --customer tai --request"))
                }
            };
            reply(&register_path(db), whom, out, signed_in, lang_flag)
        }
        Command::Notice { format, record, out } => notice(&register_path(db), *format, *record, out, signed_in),
        Command::ExportPerson { customer, out } => {
            export_person(&register_path(db), CustomerId(*customer), out, signed_in)
        }
        Command::Bench { sizes, dir, runs, out } => bench(sizes, dir.as_deref(), *runs, out.as_deref(), lang),
        Command::Retention { apply, json, .. } => retention(&register_path(db), *apply, *json, signed_in),
        Command::MarketingList { channel, purpose, recipient, out } => {
            marketing_list(&register_path(db), *channel, purpose.as_deref(), recipient, out, signed_in)
        }
        Command::Withdraw { customer, email, file, purpose, channel, source } => {
            let who = match (customer, email, file) {
                (Some(number), _, _) => Withdrawing::Customer(CustomerId(*number)),
                (None, Some(address), _) => Withdrawing::Email(address),
                (None, None, Some(file)) => Withdrawing::File(file),
                (None, None, None) => bail!(tr(
                    lang,
                    "withdraw needs --customer, --email or --file",
                    "withdraw tarvitsee --customer, --email tai --file"
                )),
            };
            withdraw(&register_path(db), &who, purpose.as_deref(), *channel, source.as_deref(), signed_in)
        }
        Command::Backup { out, keep } => backup::backup(&register_path(db), out, *keep, signed_in),
        Command::Restore { from, yes } => backup::restore(&register_path(db), from, *yes, signed_in),
        Command::EditNotes { first, last, note, pause_ms } => drill::edit_notes(
            &register_path(db),
            *first,
            *last,
            note,
            std::time::Duration::from_millis(*pause_ms),
            signed_in,
        ),
        Command::Erase { customer } => drill::erase(&register_path(db), *customer, signed_in),
    }
}

/// Who a command signs in as, and the language it speaks.
#[derive(Debug, Clone, Copy)]
struct SignIn<'a> {
    user: Option<&'a str>,
    lang: Lang,
}

/// The environment variable a command's password is taken from (else it is asked for).
const PASSWORD_VARIABLE: &str = "REKISTERI_PASSWORD";

/// The password from `REKISTERI_PASSWORD`, or asked on the terminal without echo.
fn password_for(username: &str, lang: Lang) -> anyhow::Result<zeroize::Zeroizing<String>> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE)
        && !password.is_empty()
    {
        return Ok(zeroize::Zeroizing::new(password));
    }
    let prompt = match lang {
        Lang::Fi => format!("Käyttäjän {username} salasana: "),
        Lang::En => format!("Password of {username}: "),
    };
    rpassword::prompt_password(prompt).map(zeroize::Zeroizing::new).map_err(|_| {
        anyhow::anyhow!(tr(
            lang,
            "no password: set REKISTERI_PASSWORD or run the command in a terminal",
            "ei salasanaa: aseta REKISTERI_PASSWORD tai aja komento päätteessä"
        ))
    })
}

/// The register at `path` signed in as `user` with the password in `REKISTERI_PASSWORD`, when
/// both are given (`None` otherwise): how the window's start-up measurement skips the sign-in
/// screen and still pays for the sign-in.
pub fn signed_in_from_environment(path: &Path, user: Option<&str>) -> Option<store::Result<Store>> {
    let user = user.map(str::trim).filter(|user| !user.is_empty())?;
    let password =
        zeroize::Zeroizing::new(std::env::var(PASSWORD_VARIABLE).ok().filter(|password| !password.is_empty())?);
    Some(Store::open(path, user, &password, store::now()))
}

/// Opens an existing register signed in (the user from `--user` or `REKISTERI_USER`, the
/// password from `REKISTERI_PASSWORD` or a prompt), or says in one line why it cannot.
fn open_existing(path: &Path, sign_in: SignIn<'_>) -> anyhow::Result<Store> {
    let lang = sign_in.lang;
    if !path.exists() {
        bail!(describe(lang, path, &store::Error::Missing));
    }
    let username = signed_in_user(path, sign_in)?;
    let password = password_for(username, lang)?;
    Store::open(path, username, &password, store::now()).map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))
}

/// The user from `--user` or `REKISTERI_USER`, or the line that asks for one.
fn signed_in_user<'a>(path: &Path, sign_in: SignIn<'a>) -> anyhow::Result<&'a str> {
    sign_in.user.map(str::trim).filter(|user| !user.is_empty()).with_context(|| {
        format!(
            "{}: {}",
            path.display(),
            tr(sign_in.lang, "give the user with --user or REKISTERI_USER", "anna käyttäjä: --user tai REKISTERI_USER")
        )
    })
}

/// `--db`, or the shop's register in the user's data folder.
fn register_path(db: Option<&Path>) -> PathBuf {
    db.map_or_else(paths::default_register, Path::to_owned)
}

/// Opens an existing register for a command that only reads, signed in the same way but
/// without the writer's lock and without recording a sign-in: it runs while a window has the
/// register open.
fn open_for_reading(path: &Path, sign_in: SignIn<'_>) -> anyhow::Result<Store> {
    let lang = sign_in.lang;
    if !path.exists() {
        bail!(describe(lang, path, &store::Error::Missing));
    }
    let username = signed_in_user(path, sign_in)?;
    let password = password_for(username, lang)?;
    Store::open_for_reading(path, username, &password, store::now())
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))
}

/// Reads, checks and imports a CSV file: row problems on stderr, the summary on stdout. With
/// `--strict` every row is checked before anything is written; otherwise each row is checked as
/// it is written.
fn import(path: &Path, file: &Path, strict: bool, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let bytes = std::fs::read(file)
        .map_err(|error| anyhow::anyhow!("{}: {}", file.display(), i18n::file_error(lang, &error)))?;
    let table = exchange::read_table(&bytes)
        .map_err(|error| anyhow::anyhow!("{}: {}", file.display(), i18n::import_file_error(lang, &error)))?;
    drop(bytes);
    let mapping = exchange::guess_mapping(&table.headers);
    let file_name =
        file.file_name().map_or_else(|| file.display().to_string(), |name| name.to_string_lossy().into_owned());
    if strict {
        let provenance = Provenance::new(Source::ImportFile, file_name.clone(), crate::store::today());
        let errors = exchange::parse_rows(&table, &mapping, &provenance).errors;
        if !errors.is_empty() {
            for error in &errors {
                eprintln!("{}", i18n::import_row_error(lang, error));
            }
            bail!(
                "{}",
                tr(
                    lang,
                    "nothing imported: the file has rows with problems",
                    "mitään ei tuotu: tiedostossa on virheellisiä rivejä"
                )
            );
        }
    }
    let mut store = open_existing(path, sign_in)?;
    let imported = crate::customer_import::import_table(&mut store, &table, &mapping, &file_name, |_| true)
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    for error in &imported.errors {
        eprintln!("{}", i18n::import_row_error(lang, error));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", i18n::import_summary(lang, &imported.summary, imported.rejected_row_count()))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the whole customer list as CSV and records the export with its row count.
fn export(path: &Path, out_file: &Path, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let mut store = open_existing(path, sign_in)?;
    let listings = store
        .customer_listings(&crate::store::CustomerQuery::default())
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let mut bytes = Vec::new();
    let rows = exchange::write_customers_csv(&mut bytes, lang, listings)?;
    std::fs::write(out_file, &bytes).with_context(|| format!("{}", out_file.display()))?;
    let file_name = out_file.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    store
        .record_export(rows, &file_name, &crate::store::sha256_hex(&bytes))
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    writeln!(std::io::stdout().lock(), "{}: {rows}", out_file.display())?;
    Ok(ExitCode::SUCCESS)
}

fn search(path: &Path, query: &str, limit: usize, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let store = open_for_reading(path, sign_in)?;
    let rows = store.search_customers(query, limit).map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let mut out = std::io::stdout().lock();
    for row in &rows {
        let phone = crate::domain::validate::phone_display(&row.phone);
        writeln!(out, "{}\t{}\t{}\t{}\t{}", row.id, row.name, row.email, phone, row.city)?;
    }
    Ok(if rows.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn tr(lang: Lang, en: &'static str, fi: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::En => en,
    }
}

/// A store error as the one line the user reads, naming the file.
pub fn describe(lang: Lang, path: &Path, error: &store::Error) -> String {
    format!("{}: {}", path.display(), i18n::store_error(lang, error))
}

/// Writes a sample register of `customers` people. Its first administrator is `--user` (or
/// `REKISTERI_USER`) with the password from `REKISTERI_PASSWORD` or a prompt when given, and
/// otherwise the sample's own, as the README prints them.
fn demo(
    path: &Path,
    customers: usize,
    seed: u64,
    force: bool,
    user: Option<&str>,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    if path.exists() && !force {
        bail!(
            "{}: {}",
            path.display(),
            tr(
                lang,
                "the file exists; add --force to replace it",
                "tiedosto on jo olemassa; lisää --force korvataksesi sen"
            )
        );
    }
    let started = std::time::Instant::now();
    let given = user.map(str::trim).filter(|user| !user.is_empty());
    let (username, display_name, password) = match given {
        Some(username) => (username, username, password_for(username, lang)?),
        None => (
            sample::SAMPLE_USERNAME,
            sample::SAMPLE_DISPLAY_NAME,
            zeroize::Zeroizing::new(sample::SAMPLE_PASSWORD.to_owned()),
        ),
    };
    let cost = crate::domain::password::PasswordCost::STANDARD;
    // Replacing takes the register's lock first: a register open elsewhere is not deleted.
    let created = if force {
        Store::create_replacing(path, username, display_name, &password, cost)
    } else {
        Store::create(path, username, display_name, &password, cost)
    };
    let mut store = created.map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let step = (customers / 10).max(100_000);
    sample::populate(&mut store, customers, seed, |written| {
        if written.is_multiple_of(step) {
            eprintln!("{written} / {customers}");
        }
        true
    })
    .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {customers} {} ({:.1} s)",
        path.display(),
        tr(lang, "customers and prospects written", "asiakasta ja prospektia kirjoitettu"),
        started.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn bench(sizes: &[usize], dir: Option<&Path>, runs: usize, out: Option<&Path>, lang: Lang) -> anyhow::Result<ExitCode> {
    // What would only fail after minutes of measuring is refused first.
    if sizes.is_empty() || sizes.contains(&0) {
        bail!(tr(
            lang,
            "--sizes: each register needs at least one customer (e.g. --sizes 100,100000)",
            "--sizes: jokaisessa rekisterissä on oltava vähintään yksi asiakas (esim. --sizes 100,100000)"
        ));
    }
    let out_file = match out {
        Some(out) => Some(std::fs::File::create(out).with_context(|| out.display().to_string())?),
        None => None,
    };
    let options = crate::bench::report::ReportOptions {
        dir: dir.map_or_else(|| paths::data_dir().join("bench-registers"), Path::to_owned),
        sizes: sizes.to_vec(),
        runs,
        exe: std::env::current_exe()?,
    };
    let report = crate::bench::report::run_report(&options, |note| eprintln!("{note}"))?;
    let table = report.markdown();
    if let (Some(mut file), Some(out)) = (out_file, out) {
        file.write_all(table.as_bytes()).with_context(|| out.display().to_string())?;
    }
    print!("{table}");
    Ok(ExitCode::SUCCESS)
}

fn check(path: &Path, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let store = open_for_reading(path, sign_in)?;
    let report = store.check().map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}: {}", tr(lang, "register", "rekisteri"), path.display())?;
    writeln!(out, "{}: {}", tr(lang, "integrity", "eheys"), report.integrity.join("; "))?;
    writeln!(
        out,
        "{}: {} ({} {})",
        tr(lang, "schema version", "rakenneversio"),
        report.schema_version,
        tr(lang, "this build knows", "tämä versio tuntee"),
        report.supported_schema_version
    )?;
    match &report.audit_chain_break {
        None => writeln!(out, "{}", i18n::tr(lang, T::ChainIntact))?,
        Some(broken) => writeln!(out, "{}", i18n::chain_broken(lang, broken))?,
    }
    for (table, count) in &report.counts {
        writeln!(out, "  {table:<22}{count:>10}")?;
    }
    Ok(if report.is_healthy() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Whose access request `reply` answers.
enum ReplyTo<'a> {
    Customer(CustomerId),
    Request(&'a str),
}

/// The identity method recorded for an access request registered by `reply --customer`.
const COMMAND_LINE_IDENTITY: &str = "command line";

/// Prints the access reply to `out`, records it (with the file's SHA-256) and prints the path.
fn reply(
    path: &Path,
    whom: ReplyTo<'_>,
    out: &Path,
    sign_in: SignIn<'_>,
    letter_lang: Option<Lang>,
) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let today = store::today();
    let request = match whom {
        ReplyTo::Customer(customer) => access_request_of(&mut store, customer, today, lang).map_err(fail)?,
        ReplyTo::Request(reference) => store.request_by_reference(reference).map_err(fail)?,
    };
    match crate::replies::print_access_reply(&mut store, request.id, letter_lang, out, today) {
        Ok(printed) => writeln!(std::io::stdout().lock(), "{}", printed.file.display())?,
        Err(crate::replies::ReplyError::Store(error)) => return Err(fail(error)),
        Err(crate::replies::ReplyError::File(error)) => bail!("{}: {}", out.display(), i18n::file_error(lang, &error)),
        Err(error) => bail!("{}: {error}", out.display()),
    }
    Ok(ExitCode::SUCCESS)
}

/// The customer's newest open access request; when they have none, one is registered on the spot
/// (a signed letter received today, identity verified at the command line) and the user told so.
fn access_request_of(store: &mut Store, customer: CustomerId, today: NaiveDate, lang: Lang) -> store::Result<Request> {
    store.customer(customer)?;
    let open = store
        .requests_of(customer)?
        .into_iter()
        .find(|request| request.kind == RequestKind::Access && request.status.is_open());
    if let Some(request) = open {
        return Ok(request);
    }
    let new = Request::received(RequestKind::Access, RequestChannel::SignedLetter, today, Some(customer));
    let (id, reference) = store.add_request(&new)?;
    store.verify_identity(id, COMMAND_LINE_IDENTITY)?;
    let registered = tr(
        lang,
        "registered access request {0} for customer {1} (identity verified: command line)",
        "tarkastuspyyntö {0} kirjattu asiakkaalle {1} (henkilöllisyys todennettu: komentorivi)",
    );
    println!("{}", registered.replace("{0}", &reference).replace("{1}", &customer.0.to_string()));
    store.request(id)
}
/// Writes the privacy notice, or with `record` the Art. 30 record (PDF); blank mandatory items are
/// listed one a line and nothing is written.
fn notice(
    path: &Path,
    format: NoticeFormat,
    record: bool,
    out: &Path,
    sign_in: SignIn<'_>,
) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let mut store = open_existing(path, sign_in)?;
    let described = store.register_description().and_then(|register| Ok((register, store.retention_rules()?)));
    let (register, retention) = described.map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let made = if record {
        record_of_processing(&register, &retention, lang, store::today())
    } else {
        privacy_notice(&register, &retention, lang, format, store::today())
    };
    let bytes = match made {
        Ok(bytes) => bytes,
        Err(NoticeError::Missing(items)) => {
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "{}: {}",
                path.display(),
                tr(lang, "the notice lacks mandatory items:", "selosteesta puuttuu pakollisia tietoja:")
            )?;
            for item in items {
                writeln!(err, "  {}", item.label(lang))?;
            }
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => return Err(error.into()),
    };
    std::fs::write(out, &bytes).with_context(|| format!("{}", out.display()))?;
    if !record {
        store
            .record_notice_generated(lang, format.code())
            .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    }
    writeln!(std::io::stdout().lock(), "{}: {} {}", out.display(), bytes.len(), tr(lang, "bytes", "tavua"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a person's portable data as JSON or CSV (by the file's extension) and records the
/// export with the file's SHA-256.
fn export_person(path: &Path, customer: CustomerId, out: &Path, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let extension = out.extension().map(|ext| ext.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(extension.as_str(), "json" | "csv") {
        bail!("{}: {}", out.display(), tr(lang, "use a .json or .csv file", "käytä .json- tai .csv-tiedostoa"));
    }
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let data = store.portable_data(customer).map_err(fail)?;
    let text = if extension == "json" { exchange::portable_json(&data) } else { exchange::portable_csv(&data)? };
    std::fs::write(out, &text).with_context(|| format!("{}", out.display()))?;
    store.record_person_exported(customer, &store::sha256_hex(text.as_bytes())).map_err(fail)?;
    writeln!(std::io::stdout().lock(), "{}", out.display())?;
    Ok(ExitCode::SUCCESS)
}

/// One rule's line of `retention` output.
#[derive(Debug, serde::Serialize)]
struct RuleLine<'a> {
    rule: &'a str,
    category: &'a str,
    action: &'a str,
    count: i64,
    /// What was kept and why (the erasure log's note); only after --apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Debug, serde::Serialize)]
struct RetentionSummary<'a> {
    date: String,
    applied: bool,
    rules: Vec<RuleLine<'a>>,
    total: i64,
    /// People left out today, per reason.
    held: std::collections::BTreeMap<&'static str, i64>,
}

/// Counts (`--dry-run`) or applies (`--apply`) the retention rules and prints one line per active
/// rule, or the JSON summary. No name or customer number is ever printed.
fn retention(path: &Path, apply: bool, json: bool, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let today = store::today();
    let (report, applied) = if apply {
        let applied = store.apply_retention(today, None).map_err(fail)?;
        (applied.candidates.clone(), Some(applied))
    } else {
        (store.retention_candidates(today, 0).map_err(fail)?, None)
    };
    let count_of = |rule: &RetentionRule, counted: i64| match &applied {
        Some(applied) => applied
            .rules
            .iter()
            .find(|done| done.rule_id == rule.id)
            .map_or((0, None), |done| (done.count, Some(done.note.as_str()))),
        None => (counted, None),
    };
    let mut lines = Vec::new();
    for candidates in &report.rules {
        let (count, note) = count_of(&candidates.rule, candidates.count);
        lines.push(RuleLine {
            rule: &candidates.rule.code,
            category: candidates.rule.category.code(),
            action: candidates.rule.action.code(),
            count,
            note,
        });
    }
    let held = report.held;
    let summary = RetentionSummary {
        date: today.format("%Y-%m-%d").to_string(),
        applied: apply,
        total: lines.iter().map(|line| line.count).sum(),
        held: [
            ("legal_hold", held.legal_hold),
            ("open_request", held.open_request),
            ("restricted", held.restricted),
            ("unpaid_order", held.unpaid_order),
        ]
        .into_iter()
        .collect(),
        rules: lines,
    };
    let discarded = applied.as_ref().map(|applied| crate::replies::discard_reply_letters(path, &applied.reply_files));
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let heading = if apply {
        tr(lang, "retention rules applied", "säilytyssäännöt ajettu")
    } else {
        tr(lang, "dry run: nothing was changed", "koeajo: mitään ei muutettu")
    };
    writeln!(out, "{}: {heading} ({})", path.display(), crate::domain::finnish_date(today))?;
    for (line, candidates) in summary.rules.iter().zip(&report.rules) {
        let rule = &candidates.rule;
        writeln!(
            out,
            "  {:<22}{:<24}{:<20}{:>9}",
            line.rule,
            rule.category.label(lang),
            rule.action.label(lang),
            line.count
        )?;
    }
    writeln!(out, "  {:<66}{:>9}", tr(lang, "total", "yhteensä"), summary.total)?;
    writeln!(
        out,
        "{}",
        i18n::trf(lang, T::HeldSummary, &[&held.legal_hold, &held.open_request, &held.restricted, &held.unpaid_order])
    )?;
    if let Some(discarded) = discarded.filter(|discarded| discarded.removed + discarded.left > 0) {
        writeln!(
            out,
            "{}: {} {}, {} {}",
            tr(lang, "reply letters", "vastauskirjeet"),
            discarded.removed,
            tr(lang, "removed", "poistettu"),
            discarded.left,
            tr(lang, "outside the replies folder, left as they are", "vastauskansion ulkopuolella, jätetty paikalleen"),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The purpose `given` names by its identifier or its number, or direct marketing when none is
/// given; an unknown one is refused with the identifiers there are.
fn resolve_purpose(store: &Store, given: Option<&str>, lang: Lang) -> anyhow::Result<Purpose> {
    let purposes = store.purposes().map_err(|error| anyhow::anyhow!(describe(lang, store.path(), &error)))?;
    let wanted = given.map_or(DIRECT_MARKETING, str::trim);
    let number = wanted.parse::<i64>().ok().map(PurposeId);
    if let Some(purpose) = purposes.iter().find(|purpose| purpose.code == wanted || Some(purpose.id) == number) {
        return Ok(purpose.clone());
    }
    let known: Vec<&str> =
        purposes.iter().filter(|purpose| purpose.asks_consent()).map(|purpose| purpose.code.as_str()).collect();
    bail!("{} {wanted:?}: {}", tr(lang, "unknown purpose", "tuntematon käyttötarkoitus"), known.join(", "))
}

/// Writes the list of who may be contacted and records it as a disclosure; prints the count.
fn marketing_list(
    path: &Path,
    channel: Channel,
    purpose: Option<&str>,
    recipient: &str,
    out: &Path,
    sign_in: SignIn<'_>,
) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let mut store = open_existing(path, sign_in)?;
    let purpose = resolve_purpose(&store, purpose, lang)?;
    let order = ListOrder { purpose: purpose.id, channel, recipient: recipient.to_owned(), lang };
    match crate::contact_lists::export_contact_list(&mut store, &order, out) {
        Ok(written) => {
            let sentence =
                i18n::trf(lang, T::ContactListWritten, &[&written.rows, &written.file.display(), &recipient.trim()]);
            writeln!(std::io::stdout().lock(), "{sentence}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(ContactListError::Store(error)) => Err(anyhow::anyhow!(describe(lang, path, &error))),
        Err(ContactListError::File(error)) => bail!("{}: {}", out.display(), i18n::file_error(lang, &error)),
    }
}

/// Whose consents `withdraw` withdraws.
enum Withdrawing<'a> {
    Customer(CustomerId),
    Email(&'a str),
    File(&'a Path),
}

/// Withdraws consents and prints what was done: people matched, withdrawals recorded, addresses
/// not found and invalid rows (each invalid row on standard error).
fn withdraw(
    path: &Path,
    who: &Withdrawing<'_>,
    purpose: Option<&str>,
    channel: Option<Channel>,
    note: Option<&str>,
    sign_in: SignIn<'_>,
) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let purpose = match purpose {
        Some(given) => Some(resolve_purpose(&store, Some(given), lang)?.id),
        None => None,
    };
    let scope = WithdrawalScope { purpose, channel };
    let evidence = note
        .map(str::trim)
        .filter(|note| !note.is_empty())
        .unwrap_or_else(|| tr(lang, "command line", "komentorivi"))
        .to_owned();
    let mut invalid_rows = 0;
    let summary = match who {
        Withdrawing::Customer(customer) => {
            store.withdraw_consents(&[*customer], scope, Source::Other, &evidence).map_err(fail)?
        }
        Withdrawing::Email(address) => {
            let address = crate::domain::validate::email(address)
                .map_err(|error| anyhow::anyhow!("{address:?}: {}", i18n::validation_error(lang, &error)))?;
            store.withdraw_consents_by_email(&[address], scope, Source::Other, &evidence).map_err(fail)?
        }
        Withdrawing::File(file) => {
            let unsubscribes = crate::contact_lists::read_unsubscribe_file(file).map_err(|error| match error {
                UnsubscribeFileError::File(error) => {
                    anyhow::anyhow!("{}: {}", file.display(), i18n::file_error(lang, &error))
                }
                UnsubscribeFileError::List(error) => {
                    anyhow::anyhow!("{}: {}", file.display(), i18n::unsubscribe_error(lang, &error))
                }
            })?;
            let mut err = std::io::stderr().lock();
            for error in &unsubscribes.list.invalid {
                writeln!(err, "{}", i18n::import_row_error(lang, error))?;
            }
            invalid_rows = unsubscribes.list.invalid.len();
            unsubscribes.withdraw(&mut store, scope, note).map_err(fail)?
        }
    };
    writeln!(std::io::stdout().lock(), "{}", i18n::withdrawal_summary(lang, &summary, invalid_rows))?;
    let nobody = summary.people_matched == 0 && matches!(who, Withdrawing::Email(_));
    Ok(if nobody { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
