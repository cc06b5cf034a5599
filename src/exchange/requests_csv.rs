//! The request list as CSV for the shop's own follow-up or an auditor: reference, kind, channel,
//! status, dates and extension — no personal data beyond the reference (no names, no customer
//! numbers, no reasons typed by staff).

use std::io::Write;

use super::csv_export::{EXPORT_DELIMITER, ExportError, UTF8_BOM, defuse_cell};
use crate::domain::request::Request;
use crate::domain::{Lang, finnish_date};
use crate::i18n::Label as _;

fn headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Fi => [
            "Viite",
            "Laji",
            "Tapa",
            "Tila",
            "Saapunut",
            "Määräpäivä",
            "Pidennys (kk)",
            "Henkilöllisyys todennettu",
            "Vastattu",
        ],
        Lang::En => [
            "Reference",
            "Kind",
            "Channel",
            "Status",
            "Received",
            "Due",
            "Extension (months)",
            "Identity verified",
            "Answered",
        ],
    }
}

/// Writes the requests (UTF-8 with BOM, `;`, CRLF, cells defused); returns the rows written.
pub fn write_requests_csv<W: Write>(mut out: W, lang: Lang, requests: &[Request]) -> Result<usize, ExportError> {
    out.write_all(UTF8_BOM)?;
    let mut writer =
        csv::WriterBuilder::new().delimiter(EXPORT_DELIMITER).terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(headers(lang))?;
    let yes_no = |value: bool| match (lang, value) {
        (Lang::Fi, true) => "kyllä",
        (Lang::Fi, false) => "ei",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    };
    for request in requests {
        let cells = [
            request.reference.clone(),
            request.kind.label(lang).to_owned(),
            request.channel.label(lang).to_owned(),
            request.status.label(lang).to_owned(),
            finnish_date(request.received_on),
            finnish_date(request.due_on()),
            request.extension_months.to_string(),
            yes_no(request.identity_verified).to_owned(),
            request.answered_on.map(finnish_date).unwrap_or_default(),
        ];
        for cell in &cells {
            writer.write_field(defuse_cell(cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(requests.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerId;
    use crate::domain::request::{RequestChannel, RequestKind};
    use chrono::NaiveDate;

    #[test]
    fn the_request_list_holds_no_personal_data() {
        let mut request = Request::received(
            RequestKind::Access,
            RequestChannel::SignedLetter,
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            Some(CustomerId(42)),
        );
        request.reference = "2026-0001".into();
        request.subject_name = "Åsa Öhman".into();
        request.notes = "soitti kotiin".into();
        request.identity_method = "passi".into();
        let mut bytes = Vec::new();
        assert_eq!(write_requests_csv(&mut bytes, Lang::Fi, &[request]).unwrap(), 1);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(
            text.contains("2026-0001;Tarkastuspyyntö;Allekirjoitettu kirje;Vastaanotettu;31.1.2026;2.3.2026;0;ei;")
        );
        for personal in ["Åsa", "Öhman", "42", "soitti", "passi"] {
            assert!(!text.contains(personal), "{personal} leaked");
        }
    }
}
