//! The access reply (GDPR Art. 15) for a person with 50 orders: our path (the dossier from the
//! store, the letter laid out and written as PDF with its fonts subset) against what the owner
//! would otherwise do by hand: the same letter as a document converted by
//! `libreoffice --headless --convert-to pdf`. The equivalent letter is the very same head and
//! blocks our reply is made of, written as HTML (headings, paragraphs, lists, tables).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::domain::customer::{BillingStatus, CustomerId, Order, OrderLine, PaymentMethod, Provenance, Source};
use crate::domain::request::{Request, RequestChannel, RequestId, RequestKind};
use crate::domain::{Lang, parse_date};
use crate::report::access_reply::{access_reply, access_reply_blocks};
use crate::report::letter::{Block, LetterHead};
use crate::report::notice::html_text;
use crate::store::{Store, today};

/// How long one LibreOffice conversion may take before it is given up.
const LIBREOFFICE_TIMEOUT: Duration = Duration::from_secs(120);

/// How many orders the person in the reply has (the figure).
pub const ORDERS: usize = 50;

/// Gives customer `customer` of `store` [`ORDERS`] weekly orders of two lines each and an access
/// request, and returns the request: the person whose reply is measured.
pub fn person_with_orders(store: &mut Store, customer: CustomerId) -> anyhow::Result<RequestId> {
    let first_day = parse_date("1.1.2024").context("a fixed date")?;
    for number in 0..ORDERS {
        let ordered_on = first_day + chrono::Duration::days(number as i64 * 7);
        let order = Order {
            order_no: format!("B-{number:04}"),
            ordered_on,
            lines: vec![
                OrderLine { product: "Luomu kaurahiutaleet 1 kg".into(), quantity: 2, unit_price_cents: 349 },
                OrderLine { product: "Nokkostee 40 g".into(), quantity: 1, unit_price_cents: 550 },
            ],
            payment_method: PaymentMethod::Card,
            payment_reference: "**** 4242".into(),
            billing_status: BillingStatus::Paid,
            seller: "Satu H.".into(),
            provenance: Provenance::new(Source::Internet, "verkkokauppa", ordered_on),
        };
        store.add_order(customer, &order)?;
    }
    let request = Request::received(RequestKind::Access, RequestChannel::SignedLetter, today(), Some(customer));
    Ok(store.add_request(&request)?.0)
}

/// Our reply to `request` as PDF bytes: the dossier read from the store and the letter rendered,
/// as "Print reply" and `rekisteri reply` make it (without writing the file).
pub fn our_reply(store: &Store, request: RequestId) -> anyhow::Result<Vec<u8>> {
    let dossier = store.dossier(request)?;
    let description = store.register_description()?;
    let rules = store.retention_rules()?;
    Ok(access_reply(&dossier, &description, &rules, Lang::Fi, today(), None)?)
}

/// The same letter as an HTML document, for LibreOffice to convert.
pub fn equivalent_letter_html(store: &Store, request: RequestId) -> anyhow::Result<String> {
    let dossier = store.dossier(request)?;
    let description = store.register_description()?;
    let rules = store.retention_rules()?;
    let (head, blocks) = access_reply_blocks(&dossier, &description, &rules, Lang::Fi, today());
    Ok(letter_html(&head, &blocks))
}

/// A letter's head and blocks as a plain HTML document (A4 in LibreOffice's eyes).
pub fn letter_html(head: &LetterHead, blocks: &[Block]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"fi\"><head><meta charset=\"utf-8\"><title>Letter</title>\
         <style>body{font-family:'DejaVu Sans';font-size:10pt} table{border-collapse:collapse;width:100%}\
         td,th{border:1px solid #999;padding:2pt;text-align:left;vertical-align:top}</style></head><body>\n",
    );
    let lines = |lines: &[String]| lines.iter().map(|line| html_text(line)).collect::<Vec<_>>().join("<br>");
    out.push_str(&format!("<p>{}</p>\n", lines(&head.sender_lines)));
    out.push_str(&format!(
        "<p><b>{}</b><br>{}<br>{}</p>\n",
        html_text(&head.document_name),
        html_text(&head.date),
        html_text(&head.reference)
    ));
    if !head.recipient_lines.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", lines(&head.recipient_lines)));
    }
    for block in blocks {
        match block {
            Block::Heading(text) => out.push_str(&format!("<h3>{}</h3>\n", html_text(text))),
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", html_text(text))),
            Block::Bullets(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str(&format!("<li>{}</li>", html_text(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::KeyValues(pairs) => {
                out.push_str("<table>");
                for (key, value) in pairs {
                    out.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", html_text(key), html_text(value)));
                }
                out.push_str("</table>\n");
            }
            Block::Table { columns, rows } => {
                out.push_str("<table><tr>");
                for (title, _) in columns {
                    out.push_str(&format!("<th>{}</th>", html_text(title)));
                }
                out.push_str("</tr>");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", html_text(cell)));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</table>\n");
            }
            Block::Signature { place_and_date, name, title, .. } => out.push_str(&format!(
                "<p>{}</p><p>______________________________<br>{}<br>{}</p>\n",
                html_text(place_and_date),
                html_text(name),
                html_text(title)
            )),
            Block::Space(_) => out.push_str("<p></p>\n"),
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// LibreOffice's command, if it is installed.
pub fn find_libreoffice() -> Option<PathBuf> {
    find_program(&["soffice", "libreoffice"])
}

/// The first of `names` found on the `PATH`.
pub fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|folder| names.iter().map(move |name| folder.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Converts `document` to PDF in `out_dir` with LibreOffice (a profile of its own in `profile`,
/// so a LibreOffice the user has open is not disturbed), as one would from a terminal; returns
/// how long it took and the PDF's path.
pub fn convert_with_libreoffice(
    soffice: &Path,
    document: &Path,
    out_dir: &Path,
    profile: &Path,
) -> anyhow::Result<(Duration, PathBuf)> {
    // LibreOffice takes the profile as a file URL, which must be absolute.
    let profile = std::path::absolute(profile)?;
    let profile_url = format!("-env:UserInstallation=file://{}", profile.display());
    let started = Instant::now();
    let mut child = Command::new(soffice)
        .arg(profile_url)
        .args(["--headless", "--norestore", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"])
        .arg("--outdir")
        .arg(out_dir)
        .arg(document)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| soffice.display().to_string())?;
    // A LibreOffice that waits for something (a dialog, a lock) is stopped, not waited for.
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > LIBREOFFICE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("LibreOffice did not finish in {} s", LIBREOFFICE_TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let pdf = out_dir.join(document.with_extension("pdf").file_name().context("a document has a name")?);
    anyhow::ensure!(
        status.success() && pdf.metadata().is_ok_and(|meta| meta.len() > 0),
        "LibreOffice made no PDF ({status})"
    );
    Ok((took, pdf))
}

/// Ours against LibreOffice for one person's reply.
#[derive(Debug, Clone)]
pub struct ReplyComparison {
    /// Our reply: dossier and PDF, median.
    pub ours: Duration,
    pub our_bytes: usize,
    /// LibreOffice converting the equivalent letter, median (after one run that is not counted,
    /// which makes its profile); `None` when LibreOffice is not installed.
    pub libreoffice: Option<Duration>,
}

impl ReplyComparison {
    /// How many times faster ours is (the goal: at least 50).
    pub fn times_faster(&self) -> Option<f64> {
        self.libreoffice.map(|theirs| super::ratio(theirs, self.ours))
    }
}

/// Measures our reply to `request` (`runs` times) and LibreOffice's conversion of the equivalent
/// letter (`libreoffice_runs` times), working in `work_dir`.
pub fn compare_reply(
    store: &Store,
    request: RequestId,
    work_dir: &Path,
    runs: usize,
    libreoffice_runs: usize,
) -> anyhow::Result<ReplyComparison> {
    let our_bytes = our_reply(store, request)?.len();
    let ours = super::median_time(runs, || our_reply(store, request))?;
    let libreoffice = match find_libreoffice() {
        None => None,
        Some(soffice) => {
            std::fs::create_dir_all(work_dir)?;
            let document = work_dir.join("vastaus.html");
            std::fs::write(&document, equivalent_letter_html(store, request)?)?;
            let profile = work_dir.join("libreoffice-profile");
            let mut times = Vec::new();
            for run in 0..=libreoffice_runs.max(1) {
                let (took, _) = convert_with_libreoffice(&soffice, &document, work_dir, &profile)?;
                if run > 0 {
                    times.push(took);
                }
            }
            Some(super::median(&mut times))
        }
    };
    Ok(ReplyComparison { ours, our_bytes, libreoffice })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use crate::domain::password::PasswordCost;

    #[test]
    fn the_equivalent_letter_holds_every_order_and_is_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reply.sqlite");
        let mut store =
            Store::create(&path, "admin", "", "vastaus-salasana-2026", PasswordCost::insecure_fast_for_tests())
                .unwrap();
        crate::sample::populate(&mut store, 20, 7, |_| true).unwrap();
        let request = person_with_orders(&mut store, CustomerId(1)).unwrap();
        let html = equivalent_letter_html(&store, request).unwrap();
        for number in 0..ORDERS {
            assert!(html.contains(&format!("B-{number:04}")), "order {number} is in the letter");
        }
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
        let head = LetterHead {
            sender_lines: vec!["A & B <Oy>".into()],
            document_name: "X".into(),
            date: "1.1.2026".into(),
            reference: "Viite".into(),
            recipient_lines: Vec::new(),
        };
        let html = letter_html(&head, &[Block::Paragraph("<script>".into())]);
        assert!(html.contains("A &amp; B &lt;Oy&gt;") && html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(our_reply(&store, request).unwrap().starts_with(b"%PDF"));
    }
}
