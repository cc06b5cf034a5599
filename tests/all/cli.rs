//! The command line as a scheduled task or a newcomer would use it: `demo` writes a register,
//! `check` reports on it, and every failure is one clear line with a non-zero exit, never a panic.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use rekisteri::sample::{SAMPLE_PASSWORD, SAMPLE_USERNAME};

/// Runs the binary signed in as the sample's administrator (what `demo` makes by default).
fn rekisteri(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(args)
        .env("LANG", "C")
        .env("REKISTERI_USER", SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", SAMPLE_PASSWORD)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn demo_writes_a_register_that_check_finds_healthy() {
    let (_dir, path) = common::temp_path("demo.sqlite");
    let db = path.to_str().unwrap();
    let demo = rekisteri(&["demo", "--db", db, "--customers", "500", "--seed", "3"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    assert!(text(&demo.stdout).contains("500 customers"));
    let check = rekisteri(&["check", "--db", db]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let report = text(&check.stdout);
    assert!(report.contains("integrity: ok"), "{report}");
    assert!(report.contains("The hash chain is intact."), "{report}");
    assert!(report.lines().any(|line| line.split_whitespace().collect::<Vec<_>>() == ["customer", "500"]), "{report}");
}

#[test]
fn a_wrong_password_is_one_line_and_a_failure() {
    let (_dir, path) = common::temp_path("salattu.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "10"]).status.success());
    // The second attempt comes within the first one's back-off: an unknown user has none.
    for (lang, user, expected) in [
        ("en", SAMPLE_USERNAME, "Wrong username or password."),
        ("fi", "tuntematon", "Väärä käyttäjätunnus tai salasana."),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
            .args(["search", "--db", db, "--lang", lang, "a"])
            .env("REKISTERI_USER", user)
            .env("REKISTERI_PASSWORD", "ei-ole-oikea-salasana")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.trim_end().ends_with(expected), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing of the register is printed");
    }
    let no_user = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(["check", "--db", db, "--lang", "en"])
        .env_remove("REKISTERI_USER")
        .output()
        .unwrap();
    assert!(!no_user.status.success());
    assert!(text(&no_user.stderr).contains("--user"), "{}", text(&no_user.stderr));
}

#[test]
fn demo_makes_its_administrator_from_the_given_user() {
    let (_dir, path) = common::temp_path("oma.sqlite");
    let db = path.to_str().unwrap();
    let run = |user: &str, password: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rekisteri"))
            .args(args)
            .env("REKISTERI_USER", user)
            .env("REKISTERI_PASSWORD", password)
            .output()
            .unwrap()
    };
    let demo = run("omistaja", "kaupan-pitkä-salasana", &["demo", "--db", db, "--customers", "5"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let check = run("omistaja", "kaupan-pitkä-salasana", &["check", "--db", db]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let sample = run(SAMPLE_USERNAME, SAMPLE_PASSWORD, &["check", "--db", db]);
    assert!(!sample.status.success(), "the sample's credentials do not open it");
}

#[test]
fn demo_does_not_overwrite_a_register_without_force() {
    let (_dir, path) = common::temp_path("existing.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "20"]).status.success());
    let again = rekisteri(&["demo", "--db", db, "--customers", "20"]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("--force"));
    let forced = rekisteri(&["demo", "--db", db, "--customers", "30", "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
}

#[test]
fn failures_are_one_line_in_the_chosen_language_without_a_panic() {
    let (_dir, path) = common::temp_path("garbage.sqlite");
    std::fs::write(&path, "not a database at all").unwrap();
    let db = path.to_str().unwrap();
    for (lang, expected) in [("en", "key file"), ("fi", "avaintiedosto")] {
        let output = rekisteri(&["check", "--db", db, "--lang", lang]);
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
    // With a key file (another register's), the file itself is what fails: one line too, and
    // none of SQLCipher's own page-check messages.
    let (_other_dir, other) = common::empty_register();
    std::fs::copy(rekisteri::store::key_file_path(other.path()), rekisteri::store::key_file_path(&path)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(["check", "--db", db, "--lang", "en"])
        .env("REKISTERI_USER", common::ADMIN_USERNAME)
        .env("REKISTERI_PASSWORD", common::ADMIN_PASSWORD)
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a database"), "{stderr}");
    let missing = rekisteri(&["check", "--db", "/nonexistent/folder/register.sqlite"]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("does not exist"));
    let no_db = rekisteri(&["demo", "--customers", "5"]);
    assert!(!no_db.status.success());
    assert!(text(&no_db.stderr).contains("--db"));
}

#[test]
fn reply_prints_a_customers_access_reply_and_records_it_answered() {
    use rekisteri::domain::customer::CustomerId;
    use rekisteri::domain::request::{RequestKind, RequestStatus};
    use sha2::{Digest as _, Sha256};

    let (dir, path) = common::temp_path("reply.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "30"]).status.success());
    let pdf = dir.path().join("reply.pdf");
    let out = pdf.to_str().unwrap();
    let reply = rekisteri(&["reply", "--db", db, "--customer", "1", "--lang", "fi", "--out", out]);
    assert!(reply.status.success(), "{}", text(&reply.stderr));
    assert!(text(&reply.stdout).contains(out), "{}", text(&reply.stdout));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let pdftotext = Command::new("pdftotext").args([out, "-"]).output().expect("pdftotext is installed");
    let letter = text(&pdftotext.stdout);
    // Read without the writer's lock: the commands below write while this stays open.
    let store =
        rekisteri::store::Store::open_for_reading(&path, SAMPLE_USERNAME, SAMPLE_PASSWORD, rekisteri::store::now())
            .unwrap();
    let customer = store.customer(CustomerId(1)).unwrap();
    assert!(letter.contains(&customer.first_name) && letter.contains(&customer.last_name), "{letter}");
    assert!(letter.contains("Tarkastuspyyntö"), "{letter}");
    let answered = store.requests_of(CustomerId(1)).unwrap();
    let answered = answered.iter().find(|request| request.kind == RequestKind::Access).unwrap();
    assert_eq!(answered.status, RequestStatus::Answered);
    let sha256: String = Sha256::digest(&bytes).iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(answered.reply_sha256, sha256, "the recorded hash is the file's");

    // Someone with no access request gets one registered on the spot, and the user is told.
    let again = rekisteri(&["reply", "--db", db, "--customer", "20", "--out", out]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).contains("registered access request"), "{}", text(&again.stdout));
    assert_eq!(store.requests_of(CustomerId(20)).unwrap()[0].status, RequestStatus::Answered);

    // An answered request is not answered again.
    let closed = rekisteri(&["reply", "--db", db, "--request", &answered.reference, "--out", out]);
    assert!(!closed.status.success());
    assert!(text(&closed.stderr).contains("already closed"), "{}", text(&closed.stderr));

    let missing = rekisteri(&["reply", "--db", db, "--customer", "999", "--out", out]);
    assert!(!missing.status.success());
    let stderr = text(&missing.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("customer"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn notice_is_written_from_the_register_and_refused_while_the_controller_is_blank() {
    let (dir, path) = common::temp_path("notice.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "20"]).status.success());
    let out = dir.path().join("notice.html");
    let notice = rekisteri(&["notice", "--db", db, "--lang", "en", "--format", "html", "--out", out.to_str().unwrap()]);
    assert!(notice.status.success(), "{}", text(&notice.stderr));
    assert!(text(&notice.stdout).contains("notice.html"), "{}", text(&notice.stdout));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Privacy notice"), "{html}");
    assert!(html.contains("MiMa Organics"), "{html}");

    let empty = dir.path().join("empty.sqlite");
    drop(rekisteri::store::Store::create(&empty, SAMPLE_USERNAME, "", SAMPLE_PASSWORD, common::CHEAP).unwrap());
    let refused_out = dir.path().join("refused.pdf");
    let refused =
        rekisteri(&["notice", "--db", empty.to_str().unwrap(), "--lang", "en", "--out", refused_out.to_str().unwrap()]);
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("Controller's name"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!refused_out.exists(), "nothing is written while items are missing");
}

#[test]
fn export_person_writes_the_persons_data_as_json() {
    let (dir, path) = common::temp_path("portable.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "20"]).status.success());
    let first_name =
        common::reopen_sample(&path).customer(rekisteri::domain::customer::CustomerId(3)).unwrap().first_name;
    let out = dir.path().join("x.json");
    let export = rekisteri(&["export-person", "--db", db, "--customer", "3", "--out", out.to_str().unwrap()]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["customer_number"], 3);
    assert_eq!(json["first_name"], first_name.as_str());
    assert!(!first_name.is_empty());
}

#[test]
fn a_sample_register_from_before_encryption_is_made_again_for_the_window() {
    let (_dir, path) = common::temp_path("esimerkki.sqlite");
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "CREATE TABLE customer (id INTEGER PRIMARY KEY, last_name TEXT); INSERT INTO customer VALUES (1, 'Mäkelä');",
    )
    .unwrap();
    drop(old);
    rekisteri::cli::prepare_for_window(&path, true).unwrap();
    assert!(rekisteri::store::key_file_path(&path).exists());
    assert_eq!(common::reopen_sample(&path).customer_count().unwrap(), rekisteri::sample::SAMPLE_CUSTOMERS as i64);
    // A register of one's own is never replaced, whatever it lacks.
    let (_own_dir, own) = common::temp_path("oma.sqlite");
    std::fs::write(&own, b"not ours to replace").unwrap();
    rekisteri::cli::prepare_for_window(&own, false).unwrap();
    assert_eq!(std::fs::read(&own).unwrap(), b"not ours to replace");
}

/// A 300-person demo register with one more prospect, long inactive, whose name must never be
/// printed; returns the folder, the register's path and that prospect's number.
fn register_with_an_old_prospect() -> (tempfile::TempDir, std::path::PathBuf, i64) {
    use rekisteri::domain::customer::{Customer, CustomerStatus, Email, Provenance, Source};
    let (dir, path) = common::temp_path("retention.sqlite");
    assert!(rekisteri(&["demo", "--db", path.to_str().unwrap(), "--customers", "300"]).status.success());
    let mut store = common::reopen_sample(&path);
    let provenance = Provenance::new(Source::Phone, "", common::day(2020, 5, 4));
    let mut prospect = Customer::new(CustomerStatus::Prospect, provenance.clone());
    prospect.first_name = "Ulla".into();
    prospect.last_name = "Unohdettava".into();
    prospect.emails.push(Email { address: "ulla.unohdettava@example.fi".into(), provenance });
    let id = store.add_customer(&prospect).unwrap();
    (dir, path, id.0)
}

#[test]
fn retention_dry_run_counts_per_rule_and_changes_nothing() {
    let (_dir, path, ulla) = register_with_an_old_prospect();
    let db = path.to_str().unwrap();
    let output = rekisteri(&["retention", "--db", db, "--dry-run", "--lang", "en"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("dry run: nothing was changed"), "{stdout}");
    let prospects = stdout.lines().find(|line| line.trim_start().starts_with("prospects ")).unwrap();
    let count: i64 = prospects.split_whitespace().last().unwrap().parse().unwrap();
    assert!(count > 1, "{stdout}");
    assert!(stdout.lines().any(|line| line.trim_start().starts_with("total")), "{stdout}");
    for personal in ["Ulla", "Unohdettava", "@", &format!(" {ulla} ")] {
        assert!(!stdout.contains(personal), "{personal} printed: {stdout}");
    }
    let finnish = text(&rekisteri(&["retention", "--db", db, "--dry-run", "--lang", "fi"]).stdout);
    assert!(finnish.contains("koeajo: mitään ei muutettu") && finnish.contains("yhteensä"), "{finnish}");
    let store = common::reopen_sample(&path);
    assert_eq!(store.customer(rekisteri::domain::customer::CustomerId(ulla)).unwrap().last_name, "Unohdettava");
    assert!(store.erasure_log().unwrap().is_empty());
}

#[test]
fn retention_json_lists_rule_action_and_count_with_the_total() {
    let (_dir, path, _) = register_with_an_old_prospect();
    let output = rekisteri(&["retention", "--db", path.to_str().unwrap(), "--dry-run", "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = json["rules"].as_array().unwrap();
    let store = common::reopen_sample(&path);
    let expected = store.retention_candidates(rekisteri::store::today(), 0).unwrap();
    assert_eq!(rules.len(), expected.rules.len());
    for (rule, candidates) in rules.iter().zip(&expected.rules) {
        assert_eq!(rule["rule"], candidates.rule.code.as_str());
        assert_eq!(rule["action"], candidates.rule.action.code());
        assert_eq!(rule["count"], candidates.count);
    }
    let prospects = rules.iter().find(|rule| rule["rule"] == "prospects").unwrap();
    assert_eq!(prospects["action"], "erase");
    assert!(prospects["count"].as_i64().unwrap() > 1);
    assert_eq!(json["total"].as_i64().unwrap(), expected.total());
    assert_eq!(json["applied"], false);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Unohdettava"));
}

#[test]
fn retention_apply_destroys_what_the_dry_run_counted_and_a_second_run_finds_nothing() {
    let (_dir, path, ulla) = register_with_an_old_prospect();
    let db = path.to_str().unwrap();
    let counted: serde_json::Value =
        serde_json::from_slice(&rekisteri(&["retention", "--db", db, "--dry-run", "--json"]).stdout).unwrap();
    let output = rekisteri(&["retention", "--db", db, "--apply", "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let applied: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["total"], counted["total"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Unohdettava"));

    let store = common::open_for_reading(&path).unwrap();
    assert!(store.customer(rekisteri::domain::customer::CustomerId(ulla)).is_err(), "she is erased");
    let logged: i64 = store.erasure_log().unwrap().iter().map(|entry| entry.record_count).sum();
    assert_eq!(logged, applied["total"].as_i64().unwrap());
    let bytes = common::register_file_bytes(&path);
    assert!(!common::bytes_contain(&bytes, "Unohdettava"), "gone from the file's bytes");

    let again = rekisteri(&["retention", "--db", db, "--apply", "--lang", "en"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    let stdout = text(&again.stdout);
    let total = stdout.lines().find(|line| line.trim_start().starts_with("total")).unwrap();
    assert_eq!(total.split_whitespace().last(), Some("0"), "{stdout}");
    assert_eq!(
        store.erasure_log().unwrap().len(),
        applied["rules"].as_array().unwrap().iter().filter(|rule| rule["count"] != 0).count()
    );
}

#[test]
fn retention_needs_a_mode_and_an_existing_register() {
    let (_dir, path) = common::temp_path("missing.sqlite");
    let no_mode = rekisteri(&["retention", "--db", path.to_str().unwrap()]);
    assert!(!no_mode.status.success());
    assert!(text(&no_mode.stderr).contains("--dry-run"));
    let missing = rekisteri(&["retention", "--db", path.to_str().unwrap(), "--apply"]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("does not exist"), "{}", text(&missing.stderr));
    assert!(!path.exists(), "no register is made");
}

#[test]
fn marketing_list_writes_who_may_be_contacted_and_records_the_disclosure() {
    use rekisteri::domain::consent::Channel;
    use sha2::{Digest as _, Sha256};

    let (dir, path) = common::temp_path("marketing.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "80"]).status.success());
    let out = dir.path().join("uutiskirje.csv");
    let list = rekisteri(&[
        "marketing-list",
        "--db",
        db,
        "--channel",
        "email",
        "--recipient",
        "Mailchimp",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "fi",
    ]);
    assert!(list.status.success(), "{}", text(&list.stderr));
    let bytes = std::fs::read(&out).unwrap();
    let rows = String::from_utf8(bytes.clone()).unwrap().lines().count() - 1;
    assert!(rows > 10, "the sample's direct-marketing e-mail list has people: {rows}");
    let stdout = text(&list.stdout);
    assert!(stdout.contains(&format!("{rows} henkilöä kirjoitettu")) && stdout.contains("Mailchimp"), "{stdout}");

    let store = common::open_for_reading(&path).unwrap();
    let marketing = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let rule = store.contact_rule(marketing, Channel::Email).unwrap();
    let first = store.contact_preview(&rule, 1).unwrap().first[0].customer_id;
    let disclosure = &store.disclosures_of(first).unwrap()[0];
    assert_eq!(disclosure.purpose_id, Some(marketing), "direct marketing is the default purpose");
    assert_eq!((disclosure.channel, disclosure.row_count), (Channel::Email, rows as i64));
    assert_eq!(disclosure.sha256, format!("{:x}", Sha256::digest(&bytes)));

    let research = dir.path().join("tutkimus.csv");
    let english = rekisteri(&[
        "marketing-list",
        "--db",
        db,
        "--channel",
        "phone",
        "--purpose",
        "research",
        "--recipient",
        "Tutkimus Oy",
        "--out",
        research.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(english.status.success(), "{}", text(&english.stderr));
    assert!(text(&english.stdout).contains("people written to"), "{}", text(&english.stdout));
}

#[test]
fn marketing_list_refuses_what_no_one_may_be_contacted_for_in_one_line() {
    let (dir, path) = common::temp_path("refused.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "20"]).status.success());
    let out = dir.path().join("x.csv");
    let out = out.to_str().unwrap();
    for (args, expected) in [
        (vec!["--channel", "sms", "--purpose", "research"], "not asked for over this channel"),
        (vec!["--channel", "email", "--purpose", "bookkeeping"], "not one people are contacted for"),
        (vec!["--channel", "email", "--purpose", "no_such_purpose"], "unknown purpose"),
        (vec!["--channel", "any"], "use email, sms, phone or post"),
    ] {
        let mut all = vec!["marketing-list", "--db", db, "--recipient", "X", "--out", out, "--lang", "en"];
        all.extend(args);
        let refused = rekisteri(&all);
        assert!(!refused.status.success());
        let stderr = text(&refused.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
    assert!(!Path::new(out).exists());
}

#[test]
fn withdraw_takes_a_customer_an_address_or_an_unsubscribe_file_and_records_nothing_twice() {
    use rekisteri::domain::customer::CustomerId;

    let (dir, path) = common::temp_path("withdraw.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "40"]).status.success());
    let store = common::open_for_reading(&path).unwrap();
    let addresses: Vec<String> = (1..=40)
        .filter_map(|id| store.customer(CustomerId(id)).unwrap().emails.first().map(|email| email.address.clone()))
        .take(3)
        .collect();
    drop(store);

    let by_number = rekisteri(&["withdraw", "--db", db, "--customer", "2", "--source", "kirje 3.11.", "--lang", "en"]);
    assert!(by_number.status.success(), "{}", text(&by_number.stderr));
    assert!(text(&by_number.stdout).contains("1 people matched"), "{}", text(&by_number.stdout));

    let upper = addresses[0].to_uppercase();
    let by_email =
        rekisteri(&["withdraw", "--db", db, "--email", &upper, "--purpose", "direct_marketing", "--channel", "email"]);
    assert!(by_email.status.success(), "{}", text(&by_email.stderr));
    assert!(text(&by_email.stdout).contains("1 people matched"), "{}", text(&by_email.stdout));

    let file = dir.path().join("unsubscribed.csv");
    std::fs::write(
        &file,
        format!(
            "Email Address,First Name\n{},A\n{},B\nnobody@example.com,C\nrikki,D\n",
            addresses[1].to_uppercase(),
            addresses[2]
        ),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let first = rekisteri(&["withdraw", "--db", db, "--file", file, "--lang", "en"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let summary = text(&first.stdout);
    assert!(summary.contains("2 people matched") && summary.contains("1 addresses not found"), "{summary}");
    assert!(summary.contains("1 invalid rows"), "{summary}");
    assert!(!summary.contains(" 0 withdrawals"), "{summary}");
    assert!(text(&first.stderr).contains("Row 5"), "{}", text(&first.stderr));
    let again = rekisteri(&["withdraw", "--db", db, "--file", file, "--lang", "fi"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).contains("peruutuksia kirjattiin 0"), "{}", text(&again.stdout));

    let nobody = rekisteri(&["withdraw", "--db", db, "--email", "nobody@example.com"]);
    assert_eq!(nobody.status.code(), Some(1));
    let neither = rekisteri(&["withdraw", "--db", db, "--customer", "2", "--email", "x@example.com"]);
    assert!(!neither.status.success(), "one of --customer, --email, --file");
}

#[test]
fn bench_measures_every_figure_it_can_and_names_what_it_could_not() {
    let dir = tempfile::tempdir().unwrap();
    let registers = dir.path().join("registers");
    let out = dir.path().join("report.md");
    // No PATH: neither LibreOffice nor Xvfb is found, and no display is given.
    let output = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(["bench", "--sizes", "40,20", "--runs", "1", "--dir"])
        .arg(&registers)
        .arg("--out")
        .arg(&out)
        .env("PATH", "")
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let table = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), table, "the file holds the printed table");
    for figure in [
        "search, first 50: surname prefix `virt` at 20 |",
        "search, first 50: phone fragment `040 12` at 40 |",
        "one frame of the Customers tab, list in the middle, at 40 |",
        "`rekisteri search --limit 50 virt`, whole process, at 40 |",
        "`rekisteri reply --customer 1`, whole process, at 40 |",
    ] {
        assert!(table.contains(figure), "{figure} in\n{table}");
    }
    assert!(table.contains("Not measured: the reply against LibreOffice"), "{table}");
    assert!(table.contains("Not measured: start-up and memory"), "{table}");
    // The registers were made by the sample generator and are kept for the next run.
    for size in [20, 40] {
        let path = rekisteri::bench::register_path(&registers, size);
        assert_eq!(common::open_sample(&path).unwrap().customer_count().unwrap(), size as i64);
    }
}

#[test]
fn bench_refuses_an_empty_register_size_and_an_unwritable_report_before_measuring() {
    let dir = tempfile::tempdir().unwrap();
    let registers = dir.path().join("registers");
    let registers_arg = registers.to_str().unwrap();
    let zero = rekisteri(&["--lang", "en", "bench", "--sizes", "100,0", "--dir", registers_arg]);
    assert_eq!(zero.status.code(), Some(1));
    assert!(text(&zero.stderr).contains("at least one customer"), "{}", text(&zero.stderr));
    let out = dir.path().join("missing-folder/report.md");
    let unwritable = rekisteri(&["bench", "--sizes", "20", "--dir", registers_arg, "--out", out.to_str().unwrap()]);
    assert_eq!(unwritable.status.code(), Some(1));
    assert!(text(&unwritable.stderr).contains("report.md"), "{}", text(&unwritable.stderr));
    assert!(!registers.exists(), "nothing was measured or made");
}
