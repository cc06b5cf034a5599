//! The words of the documents in `report`: picking Finnish or English out of (Finnish, English)
//! pairs, filling `{0}` placeholders, and the small formatting helpers every document shares
//! (retention periods, phone numbers for callers abroad, table columns). Not the documents'
//! sentences themselves (each document keeps its own) and not the page layout (`letter`).

use crate::domain::Lang;
use crate::domain::retention::RetentionRule;
use crate::i18n::Label as _;

/// Picks the letter's language out of (Finnish, English) pairs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Text(pub(super) Lang);

impl Text {
    pub(super) fn t(self, fi: &'static str, en: &'static str) -> &'static str {
        match self.0 {
            Lang::Fi => fi,
            Lang::En => en,
        }
    }

    /// The text with `{0}`, `{1}` … replaced by `args` (in one pass: an argument that itself
    /// holds "{1}" stays as it is).
    pub(super) fn f(self, fi: &'static str, en: &'static str, args: &[&str]) -> String {
        fill(self.t(fi, en), args)
    }

    /// "1 tieto" / "3 tietoa", "1 item" / "3 items".
    pub(super) fn count(self, n: usize, fi: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = match self.0 {
            Lang::Fi => fi,
            Lang::En => en,
        };
        format!("{} {}", self.number(n), if n == 1 { one } else { many })
    }

    /// A count with its thousands grouped: "5 000" (no-break space) in Finnish, "5,000" in English.
    pub(super) fn number(self, n: usize) -> String {
        let separator = self.t("\u{a0}", ",");
        let digits = n.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    pub(super) fn none(self) -> &'static str {
        self.t("Ei tietoja.", "None.")
    }
}

/// `template` with `{0}`, `{1}` … replaced by `args`; a placeholder without an argument stays.
pub(super) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let index = after.find('}').and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match index.and_then(|(i, close)| args.get(i).map(|arg| (arg, close))) {
            Some((arg, close)) => {
                out.push_str(arg);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "Viimeisestä tapahtumasta" → "viimeisestä tapahtumasta": a label used inside a sentence.
pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

/// A Finnish number as written at home ("029 566 6700"); in an English letter, whose reader may
/// call from abroad, with the international form after it ("029 566 6700 (+358 29 566 6700)").
pub(super) fn phone_for_abroad(number: &str, tx: Text) -> String {
    let number = number.trim();
    let national = number.strip_prefix('0').filter(|rest| !rest.starts_with('0') && !rest.is_empty());
    match (tx.0, national) {
        (Lang::En, Some(rest)) => format!("{number} (+358 {rest})"),
        _ => number.to_owned(),
    }
}

/// "24 kuukautta viimeisestä tapahtumasta", "6 years after the financial year ends".
pub(super) fn retention_period(rule: &RetentionRule, tx: Text) -> String {
    let from = lowercase_first(rule.trigger.label(tx.0));
    let months = rule.period_months;
    if months == 0 {
        return format!("{} {from}", tx.t("Heti", "Immediately"));
    }
    let amount = if months.is_multiple_of(12) {
        tx.count((months / 12) as usize, ("vuosi", "vuotta"), ("year", "years"))
    } else {
        tx.count(months as usize, ("kuukausi", "kuukautta"), ("month", "months"))
    };
    format!("{amount} {from}")
}

/// Column titles and relative widths of a table, in the letter's language.
pub(super) fn columns(tx: Text, titles: &[(&'static str, &'static str, f32)]) -> Vec<(String, f32)> {
    titles.iter().map(|(fi, en, width)| (tx.t(fi, en).to_owned(), *width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::retention::RetentionCategory;

    #[test]
    fn helpers_fill_count_and_format() {
        assert_eq!(fill("{0} ja {1} {2}", &["a", "{1}"]), "a ja {1} {2}");
        assert_eq!(lowercase_first("Äidinkieli"), "äidinkieli");
        assert_eq!(Text(Lang::Fi).number(5000), "5\u{a0}000");
        assert_eq!(Text(Lang::En).number(1_234_567), "1,234,567");
        assert_eq!(Text(Lang::En).count(1, ("tieto", "tietoa"), ("item", "items")), "1 item");
        assert_eq!(Text(Lang::Fi).count(999, ("tieto", "tietoa"), ("item", "items")), "999 tietoa");
        let rule = |months, trigger| RetentionRule {
            id: 1,
            code: String::new(),
            category: RetentionCategory::Customers,
            trigger,
            period_months: months,
            action: crate::domain::retention::RetentionAction::Erase,
            reason: crate::domain::Localized::default(),
            active: true,
        };
        use crate::domain::retention::RetentionTrigger as Tr;
        assert_eq!(retention_period(&rule(24, Tr::LastActivity), Text(Lang::Fi)), "2 vuotta viimeisestä tapahtumasta");
        assert_eq!(retention_period(&rule(12, Tr::Creation), Text(Lang::En)), "1 year after it was recorded");
        assert_eq!(retention_period(&rule(6, Tr::Creation), Text(Lang::Fi)), "6 kuukautta tallentamisesta");
        assert_eq!(
            retention_period(&rule(0, Tr::ConsentWithdrawn), Text(Lang::En)),
            "Immediately after consent is withdrawn"
        );
        assert_eq!(phone_for_abroad("029 566 6700", Text(Lang::En)), "029 566 6700 (+358 29 566 6700)");
        assert_eq!(phone_for_abroad("029 566 6700", Text(Lang::Fi)), "029 566 6700");
        assert_eq!(phone_for_abroad("+46 8 123 456", Text(Lang::En)), "+46 8 123 456");
    }
}
