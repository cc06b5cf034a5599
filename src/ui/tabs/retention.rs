//! The Retention tab: the review cycle (last review, next due, history) and the retention rules
//! with the reason for each.

use crate::domain::finnish_date;
use crate::domain::retention::{RetentionRule, Review, next_review_due};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

struct RetentionOverview {
    rules: Vec<RetentionRule>,
    reviews: Vec<Review>,
    interval_months: u32,
}

impl RetentionOverview {
    fn load(store: &Store) -> store::Result<Self> {
        Ok(Self {
            rules: store.retention_rules()?,
            reviews: store.reviews()?,
            interval_months: store.register_info()?.review_interval_months,
        })
    }
}

#[derive(Default)]
pub struct RetentionTab {
    overview: Option<Result<RetentionOverview, store::Error>>,
}

impl RetentionTab {
    pub fn reload(&mut self) {
        self.overview = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let (lang, today) = (ctx.lang, ctx.today);
        let overview = match self.overview.get_or_insert_with(|| RetentionOverview::load(ctx.store)) {
            Ok(overview) => overview,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            widgets::section(ui, i18n::tr(lang, T::ReviewHeading));
            ui.label(i18n::trf(lang, T::ReviewInterval, &[&overview.interval_months]));
            let last = overview.reviews.first();
            match last {
                Some(review) => {
                    ui.label(i18n::trf(
                        lang,
                        T::LastReview,
                        &[&finnish_date(review.signed_off_at.date()), &review.username],
                    ));
                }
                None => {
                    ui.label(i18n::tr(lang, T::NoReviewYet));
                }
            }
            let due = next_review_due(last.map(|review| review.signed_off_at.date()), overview.interval_months, today);
            let text = i18n::trf(lang, T::NextReviewDue, &[&finnish_date(due)]);
            if due <= today {
                ui.colored_label(theme::overdue(ui), egui::RichText::new(text).strong());
            } else {
                ui.label(text);
            }

            widgets::section(ui, i18n::tr(lang, T::RetentionRulesHeading));
            egui::Grid::new("retention_rules").striped(true).num_columns(6).show(ui, |ui| {
                for title in [T::ColCategory, T::ColTrigger, T::ColPeriod, T::ColAction, T::ColActive, T::ColReason] {
                    ui.strong(i18n::tr(lang, title));
                }
                ui.end_row();
                for rule in &overview.rules {
                    ui.label(rule.category.label(lang));
                    ui.label(rule.trigger.label(lang));
                    ui.label(i18n::trf(lang, T::Months, &[&rule.period_months]));
                    ui.label(rule.action.label(lang));
                    ui.label(i18n::tr(lang, if rule.active { T::Yes } else { T::No }));
                    ui.add(egui::Label::new(rule.reason.get(lang)).wrap());
                    ui.end_row();
                }
            });

            widgets::section(ui, i18n::tr(lang, T::ReviewHistory));
            for review in &overview.reviews {
                ui.label(format!(
                    "{} – {}: {}",
                    finnish_date(review.signed_off_at.date()),
                    review.username,
                    review.notes
                ));
            }
        });
    }
}
