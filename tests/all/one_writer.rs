//! One writer per register: a second window or writing command on the same file is refused with
//! who has it open (user, machine, process, since when), in-process and from a second process,
//! and writes nothing; reading commands run anyway; a holder that dies (SIGKILL) leaves no lock.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Output, Stdio};

use crate::common;

use rekisteri::domain::Lang;
use rekisteri::i18n;
use rekisteri::store::{Error, Store};

fn rekisteri(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(args)
        .env("LANG", "C")
        .env("REKISTERI_USER", rekisteri::sample::SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", rekisteri::sample::SAMPLE_PASSWORD)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_second_opening_in_the_same_process_is_told_who_has_the_register() {
    let (_dir, store) = common::sample_register(10);
    let path = store.path().to_owned();
    let holder = match common::open_existing(&path) {
        Err(Error::OpenElsewhere(Some(holder))) => holder,
        other => panic!("expected the holder, got {other:?}"),
    };
    assert_eq!(holder.process_id, std::process::id());
    assert_eq!(holder.host, gethostname::gethostname().to_string_lossy());
    assert!(!holder.user.is_empty());
    let error = Error::OpenElsewhere(Some(holder.clone()));
    let en = i18n::store_error(Lang::En, &error);
    assert!(en.starts_with("The register is already open elsewhere: by ") && en.contains(&holder.host), "{en}");
    assert!(en.contains(&format!("(process {})", std::process::id())), "{en}");
    let fi = i18n::store_error(Lang::Fi, &error);
    assert!(fi.starts_with("Rekisteri on jo auki muualla: käyttäjällä ") && fi.contains("prosessi"), "{fi}");

    // Reading is allowed meanwhile, writing through that connection is not.
    let mut reader = common::open_for_reading(&path).unwrap();
    assert_eq!(reader.customer_count().unwrap(), 10);
    assert!(matches!(reader.record_audit_viewed(), Err(Error::OpenedForReading)));
    assert!(
        matches!(
            Store::create_replacing(&path, common::ADMIN_USERNAME, "", common::ADMIN_PASSWORD, common::CHEAP),
            Err(Error::OpenElsewhere(_))
        ),
        "not deleted while open"
    );

    drop(store);
    let again = common::reopen(&path);
    assert_eq!(again.customer_count().unwrap(), 10);
}

/// Starts `edit-notes` on the register, slowly, and waits until it has saved once (so it holds
/// the register).
fn slow_writer(db: &str) -> (Child, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(["edit-notes", "--db", db, "--first", "1", "--last", "10", "--note", "hold", "--pause-ms", "3000"])
        .env("LANG", "C")
        .env("REKISTERI_USER", rekisteri::sample::SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", rekisteri::sample::SAMPLE_PASSWORD)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "saved 1");
    (child, stdout)
}

#[test]
fn another_process_holding_the_register_is_named_and_its_death_frees_it() {
    let (_dir, path) = common::temp_path("shared.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "10"]).status.success());
    let (mut child, _stdout) = slow_writer(db);

    match common::open_sample(&path) {
        Err(Error::OpenElsewhere(Some(holder))) => assert_eq!(holder.process_id, child.id()),
        other => panic!("expected the other process, got {other:?}"),
    }
    // A writing command is refused in one line, naming the process; reading commands run.
    let csv = path.with_file_name("new.csv");
    std::fs::write(&csv, "Etunimi;Sukunimi;Sähköposti\nUusi;Ihminen;uusi@example.fi\n").unwrap();
    let import = rekisteri(&["import", "--db", db, csv.to_str().unwrap()]);
    assert!(!import.status.success());
    let stderr = text(&import.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("open elsewhere: by ") && stderr.contains(&format!("process {}", child.id())), "{stderr}");
    let finnish = rekisteri(&["import", "--db", db, "--lang", "fi", csv.to_str().unwrap()]);
    assert!(text(&finnish.stderr).contains("on jo auki muualla"), "{}", text(&finnish.stderr));
    let check = rekisteri(&["check", "--db", db]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let search = rekisteri(&["search", "--db", db, "a"]);
    assert!(search.status.success(), "{}", text(&search.stderr));

    // SIGKILL: the OS drops the lock with the process; the next opener gets the register.
    child.kill().unwrap();
    child.wait().unwrap();
    let store = common::reopen_sample(&path);
    assert_eq!(store.customer_count().unwrap(), 10, "the refused import wrote nothing");
    let report = store.check().unwrap();
    assert!(report.is_healthy(), "{report:?}");
}

#[test]
fn a_writing_command_on_a_register_open_in_this_process_writes_nothing() {
    // Made with the sample's administrator, as whom the commands sign in.
    let (_dir, path) = common::temp_path("register.sqlite");
    let (username, password) = (rekisteri::sample::SAMPLE_USERNAME, rekisteri::sample::SAMPLE_PASSWORD);
    let mut store = Store::create(&path, username, "", password, common::CHEAP).unwrap();
    rekisteri::sample::populate(&mut store, 10, 7, |_| true).unwrap();
    let db = store.path().to_str().unwrap().to_owned();
    let trail = store.audit_count().unwrap();
    let out = store.path().with_file_name("export.csv");
    for args in [
        vec!["export", "--db", &db, "--out", out.to_str().unwrap()],
        vec!["backup", "--db", &db, "--out", store.path().parent().unwrap().to_str().unwrap()],
        vec!["demo", "--db", &db, "--customers", "5", "--force"],
    ] {
        let output = rekisteri(&args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&format!("process {}", std::process::id())), "{stderr}");
    }
    assert!(!out.exists());
    assert_eq!(store.audit_count().unwrap(), trail);
    assert_eq!(store.customer_count().unwrap(), 10);
}
