//! The Consents tab's overview: per purpose and channel how many consents stand and how many were
//! withdrawn, how many people each purpose reaches once objections are taken out, the standing
//! objections, charts of consents given and withdrawn per month and of the reach per purpose, and
//! the newest ledger entries. Read on a worker thread: over a million people the counts take a
//! moment, and the window must not stop while they do.

use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::{Datelike as _, Months, NaiveDate};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Legend, Plot, PlotPoint, Text};

use crate::domain::consent::{ConsentEvent, MonthlyConsentCount, ObjectionKind};
use crate::domain::finnish_date;
use crate::domain::register::{Purpose, PurposeId};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, ConsentCount, PurposeCoverage};
use crate::ui::app::AppCtx;
use crate::ui::widgets;

const LEDGER_ROWS: usize = 100;
const CHART_MONTHS: u32 = 24;

struct Overview {
    purposes: Vec<Purpose>,
    counts: Vec<ConsentCount>,
    coverage: Vec<PurposeCoverage>,
    objections: Vec<(ObjectionKind, i64)>,
    monthly: Vec<MonthlyConsentCount>,
    ledger: Vec<ConsentEvent>,
    first_month: NaiveDate,
}

impl Overview {
    fn load(store: &store::Store, today: NaiveDate) -> store::Result<Self> {
        let this_month = today.with_day(1).unwrap_or(today);
        let first_month = this_month.checked_sub_months(Months::new(CHART_MONTHS - 1)).unwrap_or(this_month);
        Ok(Self {
            purposes: store.purposes()?.into_iter().filter(Purpose::asks_consent).collect(),
            counts: store.consent_counts()?,
            coverage: store.purpose_coverage()?,
            objections: store.objection_counts()?,
            monthly: store.monthly_consent_counts(first_month)?,
            ledger: store.recent_consent_events(LEDGER_ROWS)?,
            first_month,
        })
    }
}

#[derive(Default)]
pub(super) struct ConsentOverviewView {
    overview: Option<Result<Overview, String>>,
    loading: Option<Receiver<Result<Overview, String>>>,
    /// The purpose the monthly chart shows; `None` adds all purposes up.
    chart_purpose: Option<PurposeId>,
}

impl ConsentOverviewView {
    pub fn reload(&mut self) {
        self.overview = None;
        self.loading = None;
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    fn poll(&mut self, ctx: &AppCtx<'_>, egui_ctx: &egui::Context) {
        if self.overview.is_none() && self.loading.is_none() {
            let (sender, receiver) = std::sync::mpsc::channel();
            let lang = ctx.lang;
            let today = ctx.today;
            let repaint = egui_ctx.clone();
            match ctx.store.reader() {
                Ok(reader) => {
                    let spawned = std::thread::Builder::new().name("consent-overview".into()).spawn(move || {
                        let result = Overview::load(&reader, today).map_err(|error| i18n::store_error(lang, &error));
                        // The tab may be gone already; then nobody wants the result.
                        let _ = sender.send(result);
                        repaint.request_repaint();
                    });
                    match spawned {
                        Ok(_) => self.loading = Some(receiver),
                        Err(error) => self.overview = Some(Err(error.to_string())),
                    }
                }
                Err(error) => self.overview = Some(Err(i18n::store_error(lang, &error))),
            }
        }
        if let Some(receiver) = &self.loading {
            match receiver.try_recv() {
                Ok(result) => {
                    self.overview = Some(result);
                    self.loading = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.loading = None,
            }
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        self.poll(ctx, ui.ctx());
        let overview = match &self.overview {
            Some(Ok(overview)) => overview,
            Some(Err(message)) => return widgets::load_error(ui, lang, message),
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n::tr(lang, T::Loading));
                });
                return;
            }
        };
        let chart_purpose = &mut self.chart_purpose;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            ui.columns(2, |columns| {
                coverage_table(&mut columns[0], lang, overview);
                coverage_chart(&mut columns[1], lang, overview);
            });
            widgets::section(ui, i18n::tr(lang, T::MonthlyHeading));
            monthly_chart(ui, lang, overview, chart_purpose);
            ui.columns(2, |columns| {
                counts_table(&mut columns[0], lang, overview);
                objections_table(&mut columns[1], lang, overview);
            });
            widgets::section(ui, i18n::tr(lang, T::LedgerHeading));
            ledger_table(ui, lang, overview);
        });
    }
}

fn coverage_of(overview: &Overview, purpose: PurposeId) -> (i64, i64) {
    overview
        .coverage
        .iter()
        .find(|entry| entry.purpose_id == purpose)
        .map_or((0, 0), |entry| (entry.consenting, entry.blocked_by_objection))
}

fn coverage_table(ui: &mut egui::Ui, lang: crate::domain::Lang, overview: &Overview) {
    widgets::section(ui, i18n::tr(lang, T::CoverageHeading));
    egui::Grid::new("consent_coverage").striped(true).num_columns(4).show(ui, |ui| {
        for title in [T::ColPurpose, T::ColConsenting, T::ColBlocked, T::ColReachable] {
            ui.strong(i18n::tr(lang, title));
        }
        ui.end_row();
        for purpose in &overview.purposes {
            let (consenting, blocked) = coverage_of(overview, purpose.id);
            purpose_cell(ui, purpose.name.get(lang));
            ui.label(consenting.to_string());
            ui.label(blocked.to_string());
            ui.strong((consenting - blocked).to_string());
            ui.end_row();
        }
    });
}

/// Reach per purpose as horizontal bars, each labelled with its purpose and number.
fn coverage_chart(ui: &mut egui::Ui, lang: crate::domain::Lang, overview: &Overview) {
    let count = overview.purposes.len();
    let mut bars = Vec::with_capacity(count);
    let mut labels = Vec::with_capacity(count);
    let mut widest: i64 = 1;
    for (index, purpose) in overview.purposes.iter().enumerate() {
        let (consenting, blocked) = coverage_of(overview, purpose.id);
        let reachable = consenting - blocked;
        widest = widest.max(reachable);
        // The first purpose on top.
        #[allow(clippy::cast_precision_loss, reason = "people counts and indexes are far below 2^52")]
        let (row, value) = ((count - index) as f64, reachable as f64);
        bars.push(Bar::new(row, value).name(purpose.name.get(lang)).width(0.4));
        labels.push((row, format!("{}: {reachable}", purpose.name.get(lang))));
    }
    #[allow(clippy::cast_precision_loss, reason = "people counts are far below 2^52")]
    let (room, top) = (widest as f64 * 1.1, count as f64 + 0.8);
    Plot::new("consent_coverage_chart")
        .height(230.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_axes([true, false])
        .show_grid([true, false])
        .include_x(0.0)
        .include_x(room)
        .include_y(0.4)
        .include_y(top)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(i18n::tr(lang, T::ColReachable), bars)
                    .horizontal()
                    .color(egui::Color32::from_rgb(60, 130, 90)),
            );
            // Each label sits above its bar, from the axis, whatever the bar's length.
            for (row, label) in labels {
                plot.text(
                    Text::new(label.clone(), PlotPoint::new(0.0, row + 0.22), label).anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
        });
}

fn monthly_chart(
    ui: &mut egui::Ui,
    lang: crate::domain::Lang,
    overview: &Overview,
    chart_purpose: &mut Option<PurposeId>,
) {
    ui.horizontal(|ui| {
        let label = ui.label(i18n::tr(lang, T::ChartPurpose));
        let selected = chart_purpose.and_then(|id| overview.purposes.iter().find(|purpose| purpose.id == id));
        egui::ComboBox::from_id_salt("consent_chart_purpose")
            .selected_text(selected.map_or(i18n::tr(lang, T::ConsentAllPurposes), |purpose| purpose.name.get(lang)))
            .width(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(chart_purpose, None, i18n::tr(lang, T::ConsentAllPurposes));
                for purpose in &overview.purposes {
                    ui.selectable_value(chart_purpose, Some(purpose.id), purpose.name.get(lang));
                }
            })
            .response
            .labelled_by(label.id);
    });
    let months: Vec<NaiveDate> =
        (0..CHART_MONTHS).filter_map(|offset| overview.first_month.checked_add_months(Months::new(offset))).collect();
    let mut given = Vec::with_capacity(months.len());
    let mut withdrawn = Vec::with_capacity(months.len());
    for (index, month) in months.iter().enumerate() {
        let (up, down) = overview
            .monthly
            .iter()
            .filter(|count| count.month == *month && chart_purpose.is_none_or(|id| count.purpose_id == id))
            .fold((0, 0), |(up, down), count| (up + count.given, down + count.withdrawn));
        #[allow(clippy::cast_precision_loss, reason = "counts and indexes far below 2^52")]
        {
            let label = format!("{}/{}", month.month(), month.year());
            given.push(Bar::new(index as f64, up as f64).name(&label).width(0.7));
            withdrawn.push(Bar::new(index as f64, -(down as f64)).name(&label).width(0.7));
        }
    }
    let labels: Vec<String> = months.iter().map(|month| format!("{}/{}", month.month(), month.year() % 100)).collect();
    Plot::new("consent_monthly_chart")
        .height(220.0)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() > f64::EPSILON || index < 0.0 {
                return String::new();
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a small, checked index")]
            labels.get(index as usize).cloned().unwrap_or_default()
        })
        .y_axis_formatter(|mark, _| format!("{}", mark.value.abs()))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(i18n::tr(lang, T::PlotGiven), given).color(egui::Color32::from_rgb(60, 130, 90)),
            );
            plot.bar_chart(
                BarChart::new(i18n::tr(lang, T::PlotWithdrawn), withdrawn).color(egui::Color32::from_rgb(190, 70, 60)),
            );
        });
}

/// A purpose's name in a table: a fixed width, cut with "…", the whole name on hover.
fn purpose_cell(ui: &mut egui::Ui, name: &str) {
    let size = egui::vec2(250.0, 20.0);
    ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
        ui.set_min_width(size.x);
        ui.add(egui::Label::new(name).truncate()).on_hover_text(name);
    });
}

fn counts_table(ui: &mut egui::Ui, lang: crate::domain::Lang, overview: &Overview) {
    widgets::section(ui, i18n::tr(lang, T::ConsentCountsHeading));
    egui::Grid::new("consent_counts").striped(true).num_columns(4).show(ui, |ui| {
        for title in [T::ColPurpose, T::ColChannel, T::ColGiven, T::ColWithdrawn] {
            ui.strong(i18n::tr(lang, title));
        }
        ui.end_row();
        for purpose in &overview.purposes {
            for channel in &purpose.channels {
                let count =
                    overview.counts.iter().find(|count| count.purpose_id == purpose.id && count.channel == *channel);
                purpose_cell(ui, purpose.name.get(lang));
                ui.label(channel.label(lang));
                ui.label(count.map_or(0, |count| count.given).to_string());
                ui.label(count.map_or(0, |count| count.withdrawn).to_string());
                ui.end_row();
            }
        }
    });
}

fn objections_table(ui: &mut egui::Ui, lang: crate::domain::Lang, overview: &Overview) {
    widgets::section(ui, i18n::tr(lang, T::ObjectionCountsHeading));
    egui::Grid::new("objection_counts").striped(true).num_columns(2).show(ui, |ui| {
        ui.strong(i18n::tr(lang, T::ColObjection));
        ui.strong(i18n::tr(lang, T::ColPeople));
        ui.end_row();
        for kind in ObjectionKind::ALL {
            let count = overview.objections.iter().find(|(standing, _)| standing == kind).map_or(0, |(_, n)| *n);
            ui.label(kind.label(lang));
            ui.label(count.to_string());
            ui.end_row();
        }
    });
}

fn ledger_table(ui: &mut egui::Ui, lang: crate::domain::Lang, overview: &Overview) {
    TableBuilder::new(ui)
        .id_salt("consent_ledger_table")
        .striped(true)
        .vscroll(false)
        .column(Column::initial(110.0))
        .column(Column::initial(80.0))
        .column(Column::initial(110.0))
        .column(Column::initial(300.0).clip(true))
        .column(Column::initial(120.0))
        .column(Column::remainder().clip(true))
        .header(24.0, |mut header| {
            for title in [T::ColWhen, T::ColCustomer, T::ColAction, T::ColPurpose, T::ColChannel, T::ColEvidence] {
                header.col(|ui| {
                    ui.strong(i18n::tr(lang, title));
                });
            }
        })
        .body(|mut body| {
            for event in &overview.ledger {
                body.row(24.0, |mut row| {
                    let purpose = overview.purposes.iter().find(|purpose| purpose.id == event.purpose_id);
                    row.col(|ui| {
                        ui.label(finnish_date(event.occurred_at.date()));
                    });
                    row.col(|ui| {
                        ui.label(event.customer_id.to_string());
                    });
                    row.col(|ui| {
                        ui.label(event.action.label(lang));
                    });
                    row.col(|ui| {
                        ui.label(purpose.map_or("?", |purpose| purpose.name.get(lang)));
                    });
                    row.col(|ui| {
                        ui.label(event.channel.label(lang));
                    });
                    row.col(|ui| {
                        ui.label(format!("{}: {}", event.source.label(lang), event.evidence));
                    });
                });
            }
        });
}
