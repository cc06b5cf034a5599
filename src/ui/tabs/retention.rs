//! The Retention tab (§9): the review cycle (last review, next due) and the review itself as a
//! checklist with its sign-off; what the rules would destroy today and the forecast
//! (`retention_candidates`); exclusions; the rules (`retention_rules`); the erasure log; and the
//! history of signed-off reviews.

use chrono::NaiveDate;

use super::retention_candidates::{CandidatesPanel, Change, period_text};
use super::retention_rules::RulesEditor;
use crate::domain::retention::{
    ErasureLogEntry, Exclusion, RetentionRule, Review, ReviewChecklist, ReviewItem, next_review_due,
};
use crate::domain::{Lang, finnish_date};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, ReviewFacts, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// What the tab shows that is quick to read (the candidates are counted on a worker).
struct RetentionData {
    rules: Vec<RetentionRule>,
    reviews: Vec<Review>,
    interval_months: u32,
    exclusions: Vec<Exclusion>,
    erasure_log: Vec<ErasureLogEntry>,
}

impl RetentionData {
    fn load(store: &Store, today: NaiveDate) -> store::Result<Self> {
        Ok(Self {
            rules: store.retention_rules()?,
            reviews: store.reviews()?,
            interval_months: store.register_info()?.review_interval_months,
            exclusions: store.retention_exclusions(today)?,
            erasure_log: store.erasure_log()?,
        })
    }

    fn last_review(&self) -> Option<NaiveDate> {
        self.reviews.first().map(|review| review.signed_off_at.date())
    }
}

/// A review under way: the checklist as ticked so far and the summary.
struct ReviewDraft {
    checklist: ReviewChecklist,
    notes: String,
    error: Option<String>,
}

#[derive(Default)]
pub struct RetentionTab {
    data: Option<Result<RetentionData, store::Error>>,
    review: Option<ReviewDraft>,
    candidates: CandidatesPanel,
    rules: RulesEditor,
}

impl RetentionTab {
    pub fn reload(&mut self) {
        self.data = None;
        self.candidates.reload();
    }

    /// Candidates are being counted or the rules applied in the background.
    pub fn is_busy(&self) -> bool {
        self.candidates.is_busy()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Self { data, review, candidates, rules } = self;
        let data = data.get_or_insert_with(|| RetentionData::load(ctx.store, ctx.today));
        let data = match data {
            Ok(data) => data,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        let mut changes = vec![candidates.poll(ui, ctx, data.last_review())];
        let mut reload = false;
        egui::ScrollArea::vertical().id_salt("retention_tab").auto_shrink(false).show(ui, |ui| {
            reload |= review_ui(ui, ctx, data, review, candidates);
            candidates.candidates_ui(ui, lang);
            changes.push(candidates.exclusions_ui(ui, ctx, &data.exclusions));
            reload |= rules.ui(ui, ctx, &data.rules);
            erasure_log_ui(ui, lang, &data.erasure_log, &data.rules);
            review_history_ui(ui, lang, &data.reviews);
        });
        changes.push(candidates.dialogs_ui(ui, ctx));
        if changes.contains(&Change::Applied) {
            ctx.counts_changed = true;
        }
        if reload || changes.iter().any(|change| *change != Change::None) {
            self.reload();
        }
    }
}

/// Last review, next due, and the checklist once the review is started. Returns whether a
/// review was signed off.
fn review_ui(
    ui: &mut egui::Ui,
    ctx: &mut AppCtx<'_>,
    data: &RetentionData,
    review: &mut Option<ReviewDraft>,
    candidates: &CandidatesPanel,
) -> bool {
    let (lang, today) = (ctx.lang, ctx.today);
    widgets::section(ui, i18n::tr(lang, T::ReviewHeading));
    ui.label(i18n::trf(lang, T::ReviewInterval, &[&data.interval_months]));
    match data.reviews.first() {
        Some(last) => {
            ui.label(i18n::trf(lang, T::LastReview, &[&finnish_date(last.signed_off_at.date()), &last.username]));
        }
        None => {
            ui.label(i18n::tr(lang, T::NoReviewYet));
        }
    }
    let due = next_review_due(data.last_review(), data.interval_months, today);
    let text = i18n::trf(lang, T::NextReviewDue, &[&finnish_date(due)]);
    if due <= today {
        ui.colored_label(theme::overdue(ui), egui::RichText::new(text).strong());
    } else {
        ui.label(text);
    }
    let Some(draft) = review else {
        if ui.button(i18n::tr(lang, T::StartReview)).clicked() {
            *review = Some(ReviewDraft { checklist: ReviewChecklist::new(), notes: String::new(), error: None });
        }
        return false;
    };
    ui.label(egui::RichText::new(i18n::tr(lang, T::ReviewChecklistHint)).weak());
    let facts = candidates.overview().map(|overview| (overview.candidates.total(), &overview.facts));
    for entry in &mut draft.checklist.entries {
        ui.checkbox(&mut entry.done, entry.item.label(lang));
        ui.indent(("review_item", entry.item.code()), |ui| {
            if let Some(hint) = item_hint(lang, entry.item, facts) {
                ui.label(egui::RichText::new(hint).weak());
            }
            ui.horizontal(|ui| {
                let label = ui.label(i18n::tr(lang, T::ReviewItemNote));
                ui.add(egui::TextEdit::singleline(&mut entry.note).desired_width(420.0)).labelled_by(label.id);
            });
        });
    }
    let label = ui.label(i18n::tr(lang, T::ReviewNotes));
    ui.add(egui::TextEdit::multiline(&mut draft.notes).desired_rows(2).desired_width(520.0)).labelled_by(label.id);
    if let Some(error) = &draft.error {
        ui.colored_label(theme::overdue(ui), error);
    }
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(egui::RichText::new(i18n::tr(lang, T::SignOffReview)).strong()).clicked() {
            answer = Some(true);
        }
        if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
            answer = Some(false);
        }
    });
    match answer {
        Some(true) => {
            let unsettled = draft.checklist.unsettled();
            if !unsettled.is_empty() {
                let items: Vec<&str> = unsettled.iter().map(|item| item.label(lang)).collect();
                draft.error = Some(i18n::trf(lang, T::ReviewUnsettled, &[&items.join(", ")]));
                return false;
            }
            match ctx.store.sign_off_review(&draft.checklist, &draft.notes) {
                Ok(_) => {
                    let next = next_review_due(Some(today), data.interval_months, today);
                    ctx.message = Some(i18n::trf(lang, T::ReviewSignedOff, &[&finnish_date(next)]));
                    ctx.counts_changed = true;
                    *review = None;
                    true
                }
                Err(error) => {
                    draft.error = Some(i18n::store_error(lang, &error));
                    false
                }
            }
        }
        Some(false) => {
            *review = None;
            false
        }
        None => false,
    }
}

/// What the register shows about a checklist item, to check it against.
fn item_hint(lang: Lang, item: ReviewItem, facts: Option<(i64, &ReviewFacts)>) -> Option<String> {
    match item {
        ReviewItem::PaperDestroyed => return Some(i18n::tr(lang, T::FactPaper).to_owned()),
        ReviewItem::BackupsRotated => return Some(i18n::tr(lang, T::FactBackups).to_owned()),
        _ => {}
    }
    let (candidates, facts) = facts?;
    Some(match item {
        ReviewItem::RetentionCandidates => i18n::trf(lang, T::FactCandidates, &[&candidates]),
        ReviewItem::ProspectsNeverConverted => i18n::trf(lang, T::FactOldProspects, &[&facts.old_prospects]),
        ReviewItem::ConsentsWithdrawn => i18n::trf(lang, T::FactWithdrawn, &[&facts.withdrawn_long_ago]),
        ReviewItem::RequestsClosed => {
            i18n::trf(lang, T::FactRequests, &[&facts.closed_since_last_review, &facts.open_requests])
        }
        ReviewItem::UserAccountsNeeded => i18n::trf(lang, T::FactUsers, &[&facts.active_users.join(", ")]),
        ReviewItem::PaperDestroyed | ReviewItem::BackupsRotated => return None,
    })
}

/// The erasure log: when, who, which rule or request, what and how many (no personal data).
fn erasure_log_ui(ui: &mut egui::Ui, lang: Lang, log: &[ErasureLogEntry], rules: &[RetentionRule]) {
    widgets::section(ui, i18n::tr(lang, T::ErasureLogHeading));
    if log.is_empty() {
        ui.label(i18n::tr(lang, T::NoErasures));
        return;
    }
    egui::Grid::new("erasure_log").striped(true).num_columns(7).show(ui, |ui| {
        for title in [T::ColWhen, T::ColUser, T::ColRule, T::ColRuleAction, T::ColCategory, T::ColCount, T::ColNote] {
            ui.strong(i18n::tr(lang, title));
        }
        ui.end_row();
        for entry in log {
            ui.label(format!("{} {}", finnish_date(entry.occurred_at.date()), entry.occurred_at.format("%H:%M")));
            ui.label(&entry.username);
            let rule = rules.iter().find(|rule| Some(rule.id) == entry.rule_id);
            let source = match rule {
                Some(rule) => period_text(lang, rule),
                None if !entry.request_reference.is_empty() => {
                    i18n::trf(lang, T::ErasureOnRequest, &[&entry.request_reference])
                }
                None => entry.rule_code.clone(),
            };
            ui.label(source);
            ui.label(entry.action.label(lang));
            ui.label(entry.category.label(lang));
            ui.label(entry.record_count.to_string());
            widgets::wrapped_cell(ui, 380.0, egui::RichText::new(&entry.note).small());
            ui.end_row();
        }
    });
}

/// The signed-off reviews, newest first, each with its checklist.
fn review_history_ui(ui: &mut egui::Ui, lang: Lang, reviews: &[Review]) {
    widgets::section(ui, i18n::tr(lang, T::ReviewHistory));
    for review in reviews {
        let date = finnish_date(review.signed_off_at.date());
        let entries = &review.checklist.entries;
        let title = if entries.is_empty() {
            i18n::trf(lang, T::ReviewWithoutChecklist, &[&date, &review.username])
        } else {
            i18n::trf(
                lang,
                T::ReviewHistoryRow,
                &[&date, &review.username, &review.checklist.done_count(), &entries.len()],
            )
        };
        egui::CollapsingHeader::new(title).id_salt(("review", review.id)).show(ui, |ui| {
            if !review.notes.is_empty() {
                ui.label(&review.notes);
            }
            for entry in entries {
                let mark = if entry.done { "✔" } else { "–" };
                let note =
                    if entry.note.trim().is_empty() { String::new() } else { format!(": {}", entry.note.trim()) };
                ui.label(egui::RichText::new(format!("{mark} {}{note}", entry.item.label(lang))).small());
            }
        });
    }
}
