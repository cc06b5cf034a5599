//! The command line: the window by default, and commands that call the same library functions as
//! the window (`demo`, `check`; later issues add import, export, reply, notice, backup). Raw
//! flags are parsed here and resolved into what to do; `main.rs` only turns errors into one line.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::Lang;
use crate::domain::customer::{CustomerId, IncomingCustomer, Provenance, Source};
use crate::domain::request::{Request, RequestChannel, RequestKind};
use crate::exchange;
use crate::i18n::{self, T};
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

    /// Close the window after its first frame (for start-up measurements).
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
}

fn parse_notice_format(text: &str) -> Result<NoticeFormat, String> {
    NoticeFormat::from_code(&text.to_lowercase()).ok_or_else(|| format!("unknown format {text:?}: use pdf, md or html"))
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

/// Which register the window opens: `--db`, then `--demo`, then the shop's own register if it
/// exists, otherwise the sample.
pub fn register_to_open(db: Option<&Path>, demo: bool) -> (PathBuf, bool) {
    if let Some(path) = db {
        return (path.to_owned(), false);
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

/// Opens an existing register signed in (the user from `--user` or `REKISTERI_USER`, the
/// password from `REKISTERI_PASSWORD` or a prompt), or says in one line why it cannot.
fn open_existing(path: &Path, sign_in: SignIn<'_>) -> anyhow::Result<Store> {
    let lang = sign_in.lang;
    if !path.exists() {
        bail!(describe(lang, path, &store::Error::Missing));
    }
    let username = sign_in.user.map(str::trim).filter(|user| !user.is_empty()).with_context(|| {
        format!(
            "{}: {}",
            path.display(),
            tr(lang, "give the user with --user or REKISTERI_USER", "anna käyttäjä: --user tai REKISTERI_USER")
        )
    })?;
    let password = password_for(username, lang)?;
    Store::open(path, username, &password, store::now()).map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))
}

/// `--db`, or the shop's register in the user's data folder.
fn register_path(db: Option<&Path>) -> PathBuf {
    db.map_or_else(paths::default_register, Path::to_owned)
}

/// Reads, checks and imports a CSV file: row problems on stderr, the summary on stdout.
fn import(path: &Path, file: &Path, strict: bool, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let bytes = std::fs::read(file)
        .map_err(|error| anyhow::anyhow!("{}: {}", file.display(), i18n::file_error(lang, &error)))?;
    let table = exchange::read_table(&bytes)
        .map_err(|error| anyhow::anyhow!("{}: {}", file.display(), i18n::import_file_error(lang, &error)))?;
    let mapping = exchange::guess_mapping(&table.headers);
    let file_name =
        file.file_name().map_or_else(|| file.display().to_string(), |name| name.to_string_lossy().into_owned());
    let provenance = Provenance::new(Source::ImportFile, file_name.clone(), crate::store::today());
    let parsed = exchange::parse_rows(&table, &mapping, &provenance);
    let rejected = parsed.rejected_row_count();
    for error in &parsed.errors {
        eprintln!("{}", i18n::import_row_error(lang, error));
    }
    if strict && !parsed.errors.is_empty() {
        bail!(
            "{}",
            tr(
                lang,
                "nothing imported: the file has rows with problems",
                "mitään ei tuotu: tiedostossa on virheellisiä rivejä"
            )
        );
    }
    let mut store = open_existing(path, sign_in)?;
    let incoming: Vec<IncomingCustomer> = parsed.rows.into_iter().map(exchange::ImportRow::into_incoming).collect();
    let summary = store
        .import_customers(&incoming, &file_name, |_| true)
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", i18n::import_summary(lang, &summary, rejected))?;
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
    let store = open_existing(path, sign_in)?;
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
    if path.exists() {
        if !force {
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
        for suffix in ["", "-wal", "-shm", ".keys"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file).with_context(|| format!("{}", file.display()))?;
            }
        }
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
    let mut store = Store::create(path, username, display_name, &password, cost)
        .map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
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

fn check(path: &Path, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let store = open_existing(path, sign_in)?;
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
        Some(broken) => writeln!(out, "{}", i18n::trf(lang, T::ChainBroken, &[&broken.row_id]))?,
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
