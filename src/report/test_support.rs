//! Shared by the report tests: the sample register as the store would hand it over (ids
//! numbered), and reading a PDF back as text with poppler's `pdftotext -layout`.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::domain::register::{PurposeId, RegisterDescription};
use crate::domain::retention::RetentionRule;
use crate::sample::{default_retention_rules, sample_info, sample_items, sample_purposes};

/// The sample register description with purposes and items numbered 1..n.
pub fn sample_register() -> RegisterDescription {
    let mut purposes = sample_purposes();
    for (purpose, id) in purposes.iter_mut().zip(1..) {
        purpose.id = PurposeId(id);
    }
    let mut items = sample_items();
    for (item, id) in items.iter_mut().zip(1..) {
        item.id = id;
    }
    RegisterDescription { info: sample_info(), purposes, items }
}

/// The default retention rules numbered 1..n.
pub fn sample_retention() -> Vec<RetentionRule> {
    let mut rules = default_retention_rules();
    for (rule, id) in rules.iter_mut().zip(1..) {
        rule.id = id;
    }
    rules
}

/// The text of pages `first..=last` (`last` 0 = to the end) as `pdftotext -layout` reads it.
pub fn pdftotext_pages(pdf: &[u8], first: usize, last: usize) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("rekisteri-report-test-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("the temp folder is writable");
    let mut command = Command::new("pdftotext");
    command.args(["-layout", "-f", &first.to_string()]);
    if last > 0 {
        command.args(["-l", &last.to_string()]);
    }
    let output = command.arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("pdftotext is not installed: these tests read the PDFs back with it (apt-get install poppler-utils)")
        }
        Err(e) => panic!("pdftotext could not run: {e}"),
    };
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
}

/// The text of the whole PDF.
pub fn pdftotext(pdf: &[u8]) -> String {
    pdftotext_pages(pdf, 1, 0)
}
