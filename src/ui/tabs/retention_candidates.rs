//! The Retention tab's candidates: what the rules would destroy today, grouped and counted per
//! rule with the first records of each; excluding a person (a legal hold) and lifting it; the
//! confirmation that states the numbers before the rules are applied; and the forecast chart of
//! the coming twelve months.
//!
//! Counting and applying run on a worker thread with its own connection: on a million-customer
//! register they take seconds, and the window keeps answering meanwhile.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{Datelike as _, NaiveDate};

use crate::domain::customer::CustomerId;
use crate::domain::retention::{Exclusion, RetentionAction, RetentionCategory, RuleCandidates};
use crate::domain::{Lang, finnish_date};
use crate::i18n::{self, Label as _, T};
use crate::replies::{DiscardedReplies, discard_reply_letters};
use crate::store::{self, RetentionApplied, RetentionOverview, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// How many records of each rule the list shows (the count covers all of them).
const LISTED_PER_RULE: usize = 50;
/// How many months the forecast chart covers.
const FORECAST_MONTHS: u32 = 12;

type Applied = store::Result<(RetentionApplied, DiscardedReplies)>;

/// What the worker thread is doing.
enum Work {
    Counting(Receiver<store::Result<RetentionOverview>>),
    Applying(Receiver<Applied>),
}

/// A person about to be excluded from the rules: the dialog's state.
struct ExcludeDraft {
    customer: CustomerId,
    name: String,
    reason: String,
    error: Option<String>,
}

/// The exclusion form under the list of exclusions: a customer number and the reason.
#[derive(Default)]
struct ExclusionInput {
    number: String,
    reason: String,
    error: Option<String>,
}

/// What happened in a frame that the tab has to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    None,
    /// Exclusions changed: the tab reloads what it shows.
    Exclusions,
    /// The rules were applied: records are gone.
    Applied,
}

#[derive(Default)]
pub(super) struct CandidatesPanel {
    overview: Option<Result<RetentionOverview, String>>,
    work: Option<Work>,
    /// The counts the confirmation states, while it is open.
    confirm: Option<Vec<(i64, i64)>>,
    exclude: Option<ExcludeDraft>,
    exclusion_input: ExclusionInput,
    /// Counting was asked for and starts with the next frame the panel is shown in.
    wanted: bool,
}

impl CandidatesPanel {
    /// Counts again the next time the panel is shown.
    pub(super) fn reload(&mut self) {
        self.overview = None;
        self.wanted = true;
        if matches!(self.work, Some(Work::Counting(_))) {
            self.work = None;
        }
    }

    /// Counting or applying is under way, or counting is about to start.
    pub(super) fn is_busy(&self) -> bool {
        self.work.is_some() || self.wanted
    }

    /// The review's facts and today's total, once counted.
    pub(super) fn overview(&self) -> Option<&RetentionOverview> {
        self.overview.as_ref().and_then(|overview| overview.as_ref().ok())
    }

    /// Starts counting when nothing is counted yet, and takes in what the worker has finished.
    pub(super) fn poll(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>, last_review: Option<NaiveDate>) -> Change {
        let lang = ctx.lang;
        if self.overview.is_none() && self.work.is_none() {
            self.start_counting(ui.ctx(), ctx.store, ctx.today, last_review, lang);
        }
        self.wanted = false;
        let change = match &self.work {
            Some(Work::Counting(receiver)) => match receiver.try_recv() {
                Ok(result) => {
                    self.overview = Some(result.map_err(|error| i18n::store_error(lang, &error)));
                    self.work = None;
                    Change::None
                }
                Err(TryRecvError::Empty) => Change::None,
                Err(TryRecvError::Disconnected) => {
                    self.work = None;
                    Change::None
                }
            },
            Some(Work::Applying(receiver)) => match receiver.try_recv() {
                Ok(result) => {
                    self.work = None;
                    self.overview = None;
                    ctx.message = Some(match result {
                        Ok((applied, _)) => i18n::trf(lang, T::RulesApplied, &[&applied.total()]),
                        Err(error) => i18n::store_error(lang, &error),
                    });
                    Change::Applied
                }
                Err(TryRecvError::Empty) => Change::None,
                Err(TryRecvError::Disconnected) => {
                    self.work = None;
                    Change::None
                }
            },
            None => Change::None,
        };
        if self.work.is_some() {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
        }
        change
    }

    fn start_counting(
        &mut self,
        egui_ctx: &egui::Context,
        store: &Store,
        today: NaiveDate,
        last_review: Option<NaiveDate>,
        lang: Lang,
    ) {
        let reader = match store.reader() {
            Ok(reader) => reader,
            Err(error) => {
                self.overview = Some(Err(i18n::store_error(lang, &error)));
                return;
            }
        };
        let (sender, receiver) = channel();
        let egui_ctx = egui_ctx.clone();
        let spawned = std::thread::Builder::new().name("retention-count".into()).spawn(move || {
            let result = reader.retention_overview(today, LISTED_PER_RULE, FORECAST_MONTHS, last_review);
            // The tab may have been reloaded meanwhile; then nobody needs the result.
            let _ = sender.send(result);
            egui_ctx.request_repaint();
        });
        match spawned {
            Ok(_) => self.work = Some(Work::Counting(receiver)),
            Err(error) => self.overview = Some(Err(error.to_string())),
        }
    }

    /// Applies the rules on the worker's connection with the counts the user confirmed; a
    /// change since they were counted refuses the whole run.
    fn start_applying(&mut self, egui_ctx: &egui::Context, store: &Store, today: NaiveDate, counts: Vec<(i64, i64)>) {
        let mut writer = match store.reader() {
            Ok(writer) => writer,
            Err(error) => {
                self.overview = Some(Err(error.to_string()));
                return;
            }
        };
        let register: PathBuf = store.path().to_owned();
        let (sender, receiver) = channel::<Applied>();
        let egui_ctx = egui_ctx.clone();
        let spawned = std::thread::Builder::new().name("retention-apply".into()).spawn(move || {
            let result = writer.apply_retention(today, Some(&counts)).map(|applied| {
                let discarded = discard_reply_letters(&register, &applied.reply_files);
                (applied, discarded)
            });
            let _ = sender.send(result);
            egui_ctx.request_repaint();
        });
        match spawned {
            Ok(_) => self.work = Some(Work::Applying(receiver)),
            Err(error) => self.overview = Some(Err(error.to_string())),
        }
    }

    /// Today's candidates per rule, the held people, the Apply button and the forecast chart.
    pub(super) fn candidates_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        widgets::section(ui, i18n::tr(lang, T::CandidatesHeading));
        match &self.work {
            Some(Work::Applying(_)) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n::tr(lang, T::ApplyingRules));
                });
                return;
            }
            Some(Work::Counting(_)) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n::tr(lang, T::CandidatesCounting));
                });
                return;
            }
            None => {}
        }
        let overview = match &self.overview {
            Some(Ok(overview)) => overview,
            Some(Err(message)) => return widgets::load_error(ui, lang, message),
            None => return,
        };
        let report = &overview.candidates;
        let held = report.held;
        ui.label(
            egui::RichText::new(i18n::trf(
                lang,
                T::HeldSummary,
                &[&held.legal_hold, &held.open_request, &held.restricted, &held.unpaid_order],
            ))
            .weak(),
        );
        if report.total() == 0 {
            ui.colored_label(theme::good(ui), i18n::tr(lang, T::NoCandidates));
        }
        let mut exclude = None;
        for candidates in &report.rules {
            if let Some(picked) = rule_candidates_ui(ui, lang, candidates) {
                exclude = Some(picked);
            }
        }
        if let Some((customer, name)) = exclude {
            self.exclude = Some(ExcludeDraft { customer, name, reason: String::new(), error: None });
        }
        if report.total() > 0 {
            ui.add_space(4.0);
            let apply = egui::RichText::new(i18n::tr(lang, T::ApplyRules)).strong();
            if ui.button(apply).clicked() {
                self.confirm = Some(report.counts());
            }
        }
        forecast_ui(ui, lang, overview);
    }

    /// The standing exclusions with their Lift buttons, and the form that adds one by customer
    /// number. Returns whether the exclusions changed.
    pub(super) fn exclusions_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut AppCtx<'_>,
        exclusions: &[Exclusion],
    ) -> Change {
        let lang = ctx.lang;
        let mut change = Change::None;
        widgets::section(ui, i18n::tr(lang, T::ExclusionsHeading));
        ui.label(egui::RichText::new(i18n::tr(lang, T::ExclusionsHint)).weak());
        if exclusions.is_empty() {
            ui.label(i18n::tr(lang, T::NoExclusions));
        } else {
            let mut lift = None;
            egui::Grid::new("retention_exclusions").striped(true).num_columns(6).show(ui, |ui| {
                for title in [T::ColNumber, T::ColName, T::ColReason, T::ColSince, T::ColUser] {
                    ui.strong(i18n::tr(lang, title));
                }
                ui.end_row();
                for exclusion in exclusions {
                    ui.label(exclusion.customer_id.to_string());
                    ui.label(&exclusion.name);
                    widgets::wrapped_cell(ui, 320.0, &exclusion.reason);
                    ui.label(finnish_date(exclusion.created_at.date()));
                    ui.label(&exclusion.username);
                    if ui.button(i18n::tr(lang, T::LiftExclusion)).clicked() {
                        lift = Some(exclusion.id);
                    }
                    ui.end_row();
                }
            });
            if let Some(id) = lift {
                ctx.message = Some(match ctx.store.lift_retention_exclusion(id) {
                    Ok(()) => {
                        change = Change::Exclusions;
                        i18n::tr(lang, T::ExclusionLifted).to_owned()
                    }
                    Err(error) => i18n::store_error(lang, &error),
                });
            }
        }
        let input = &mut self.exclusion_input;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::FieldCustomerNumber));
            ui.add(egui::TextEdit::singleline(&mut input.number).desired_width(90.0)).labelled_by(label.id);
            let label = ui.label(i18n::tr(lang, T::ExclusionReason));
            ui.add(egui::TextEdit::singleline(&mut input.reason).desired_width(320.0)).labelled_by(label.id);
            if ui.button(i18n::tr(lang, T::ExcludeFromRules)).clicked() {
                input.error = match input.number.trim().parse::<i64>() {
                    Ok(number) => match ctx.store.exclude_from_retention(CustomerId(number), &input.reason) {
                        Ok(_) => {
                            ctx.message = Some(i18n::trf(lang, T::CustomerExcluded, &[&number]));
                            change = Change::Exclusions;
                            *input = ExclusionInput::default();
                            None
                        }
                        Err(store::Error::NotFound(_)) => Some(i18n::trf(lang, T::NoSuchCustomer, &[&number])),
                        Err(error) => Some(i18n::store_error(lang, &error)),
                    },
                    Err(_) => Some(i18n::trf(lang, T::NoSuchCustomer, &[&input.number.trim()])),
                };
            }
        });
        if let Some(error) = &self.exclusion_input.error {
            ui.colored_label(theme::overdue(ui), error);
        }
        if change == Change::Exclusions {
            self.reload();
        }
        change
    }

    /// The open dialogs: the confirmation before applying, and excluding one person.
    pub(super) fn dialogs_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> Change {
        let lang = ctx.lang;
        if let Some(counts) = self.confirm.clone() {
            match self.confirm_ui(ui, lang, &counts) {
                Some(true) => {
                    self.confirm = None;
                    self.start_applying(ui.ctx(), ctx.store, ctx.today, counts);
                }
                Some(false) => self.confirm = None,
                None => {}
            }
        }
        self.exclude_ui(ui, ctx)
    }

    /// The confirmation stating what each rule will do; `Some(true)` to apply, `Some(false)` to
    /// cancel.
    fn confirm_ui(&self, ui: &mut egui::Ui, lang: Lang, counts: &[(i64, i64)]) -> Option<bool> {
        let report = &self.overview()?.candidates;
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("retention_apply_confirm")).show(ui.ctx(), |ui| {
            ui.set_width(640.0);
            ui.heading(i18n::tr(lang, T::ApplyConfirmTitle));
            ui.label(i18n::tr(lang, T::ApplyConfirmText));
            for (rule_id, count) in counts.iter().filter(|(_, count)| *count > 0) {
                let Some(rule) =
                    report.rules.iter().map(|candidates| &candidates.rule).find(|rule| rule.id == *rule_id)
                else {
                    continue;
                };
                let line =
                    if rule.action == RetentionAction::Anonymise { T::ApplyAnonymiseLine } else { T::ApplyEraseLine };
                let period = period_text(lang, rule);
                ui.label(format!("• {}", i18n::trf(lang, line, &[&count, &rule.category.label(lang), &period])));
            }
            let total: i64 = counts.iter().map(|(_, count)| count).sum();
            ui.label(i18n::trf(lang, T::ApplyConfirmTotal, &[&total]));
            ui.horizontal(|ui| {
                let confirm = egui::RichText::new(i18n::tr(lang, T::ApplyConfirm)).color(theme::overdue(ui));
                if ui.button(confirm).clicked() {
                    answer = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    answer = Some(false);
                }
            });
        });
        answer
    }

    fn exclude_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> Change {
        let lang = ctx.lang;
        let Some(draft) = &mut self.exclude else { return Change::None };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("retention_exclude")).show(ui.ctx(), |ui| {
            ui.heading(i18n::trf(lang, T::ExcludeTitle, &[&draft.name]));
            ui.label(egui::RichText::new(i18n::tr(lang, T::ExclusionsHint)).weak());
            let label = ui.label(i18n::tr(lang, T::ExclusionReason));
            ui.add(egui::TextEdit::multiline(&mut draft.reason).desired_rows(2).desired_width(420.0))
                .labelled_by(label.id);
            if let Some(error) = &draft.error {
                ui.colored_label(theme::overdue(ui), error);
            }
            ui.horizontal(|ui| {
                if ui.button(i18n::tr(lang, T::ExcludeFromRules)).clicked() {
                    answer = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => match ctx.store.exclude_from_retention(draft.customer, &draft.reason) {
                Ok(_) => {
                    ctx.message = Some(i18n::trf(lang, T::CustomerExcluded, &[&draft.customer]));
                    self.exclude = None;
                    self.reload();
                    Change::Exclusions
                }
                Err(error) => {
                    draft.error = Some(i18n::store_error(lang, &error));
                    Change::None
                }
            },
            Some(false) => {
                self.exclude = None;
                Change::None
            }
            None => Change::None,
        }
    }
}

/// The period of a rule in words: "24 kk viimeisestä tapahtumasta".
pub(super) fn period_text(lang: Lang, rule: &crate::domain::retention::RetentionRule) -> String {
    let trigger = rule.trigger.label(lang);
    let mut chars = trigger.chars();
    let trigger = chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect());
    if rule.period_months == 0 {
        return i18n::trf(lang, T::PeriodImmediately, &[&trigger]);
    }
    i18n::trf(lang, T::PeriodText, &[&rule.period_months, &trigger])
}

/// One rule's group: a header with the count, and the first records with an Exclude button for
/// each person. Returns the person whose Exclude was clicked.
fn rule_candidates_ui(ui: &mut egui::Ui, lang: Lang, candidates: &RuleCandidates) -> Option<(CustomerId, String)> {
    let rule = &candidates.rule;
    if !rule.destroys() {
        ui.label(
            egui::RichText::new(i18n::trf(
                lang,
                T::KeptWithReason,
                &[&rule.category.label(lang), &rule.reason.get(lang)],
            ))
            .weak(),
        );
        return None;
    }
    let title = i18n::trf(
        lang,
        T::CandidateGroup,
        &[
            &rule.category.label(lang),
            &rule.action.label(lang).to_lowercase(),
            &period_text(lang, rule),
            &candidates.count,
        ],
    );
    if candidates.count == 0 {
        ui.label(title);
        return None;
    }
    let mut picked = None;
    egui::CollapsingHeader::new(egui::RichText::new(title).strong()).id_salt(("retention_rule", rule.id)).show(
        ui,
        |ui| {
            // Rules of people and of their marketing data reach the person: no other record to name.
            let records = !(rule.category.reaches_people() || rule.category == RetentionCategory::MarketingData);
            egui::Grid::new(("retention_candidates", rule.id)).striped(true).show(ui, |ui| {
                ui.strong(i18n::tr(lang, T::ColNumber));
                ui.strong(i18n::tr(lang, T::ColName));
                if records {
                    ui.strong(i18n::tr(lang, T::ColRecord));
                }
                ui.strong(i18n::tr(lang, T::ColDueOn));
                ui.end_row();
                for candidate in &candidates.first {
                    ui.label(candidate.customer_id.map_or_else(|| "–".to_owned(), |id| id.to_string()));
                    ui.label(&candidate.name);
                    if records {
                        ui.label(&candidate.detail);
                    }
                    ui.label(finnish_date(candidate.due_on));
                    match candidate.customer_id {
                        Some(customer) => {
                            if ui.button(i18n::tr(lang, T::ExcludeButton)).clicked() {
                                picked = Some((customer, candidate.name.clone()));
                            }
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
            let listed = candidates.first.len();
            if i64::try_from(listed).unwrap_or(i64::MAX) < candidates.count {
                ui.label(
                    egui::RichText::new(i18n::trf(lang, T::CandidatesFirst, &[&listed, &candidates.count])).weak(),
                );
            }
        },
    );
    picked
}

/// A month as the chart's axis shows it: 3/2027.
fn month_label(month: NaiveDate) -> String {
    format!("{}/{}", month.month(), month.year())
}

/// How many records each rule reaches in each of the coming months, as stacked bars.
fn forecast_ui(ui: &mut egui::Ui, lang: Lang, overview: &RetentionOverview) {
    widgets::section(ui, i18n::tr(lang, T::ForecastHeading));
    ui.label(egui::RichText::new(i18n::tr(lang, T::ForecastHint)).weak());
    let months: Vec<NaiveDate> = overview
        .forecast
        .first()
        .map(|forecast| forecast.months.iter().map(|(month, _)| *month).collect())
        .unwrap_or_default();
    let mut charts: Vec<egui_plot::BarChart> = Vec::new();
    // A rule that reaches nothing in the whole year would only crowd the legend.
    let reaching = overview.forecast.iter().filter(|forecast| forecast.months.iter().any(|(_, count)| *count > 0));
    for (index, forecast) in reaching.enumerate() {
        let bars = forecast
            .months
            .iter()
            .zip(0_u32..)
            .map(|((month, count), x)| {
                egui_plot::Bar::new(f64::from(x), *count as f64).name(format!("{} {}", month_label(*month), count))
            })
            .collect();
        let rule = &forecast.rule;
        let name = format!(
            "{} ({}, {})",
            rule.category.label(lang),
            rule.action.label(lang).to_lowercase(),
            period_text(lang, rule)
        );
        let below: Vec<&egui_plot::BarChart> = charts.iter().collect();
        let chart = egui_plot::BarChart::new(name, bars).color(theme::series(ui, index)).width(0.7).stack_on(&below);
        charts.push(chart);
    }
    egui_plot::Plot::new("retention_forecast")
        .height(260.0)
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_label(i18n::tr(lang, T::ForecastRecords))
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() > f64::EPSILON || index < 0.0 {
                return String::new();
            }
            months.get(index as usize).map(|month| month_label(*month)).unwrap_or_default()
        })
        .show(ui, |plot_ui| {
            for chart in charts {
                plot_ui.add(chart);
            }
        });
}
