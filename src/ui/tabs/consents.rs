//! The Consents tab: how many people currently consent to each purpose over each channel (derived
//! from the ledger, never from a stored flag), standing objections, and the newest ledger entries.

use egui_extras::{Column, TableBuilder};

use crate::domain::consent::ConsentEvent;
use crate::domain::finnish_date;
use crate::domain::register::Purpose;
use crate::i18n::{self, Label as _, T};
use crate::store::{self, ConsentCount};
use crate::ui::app::AppCtx;
use crate::ui::widgets;

const LEDGER_ROWS: usize = 200;

struct ConsentOverview {
    purposes: Vec<Purpose>,
    counts: Vec<ConsentCount>,
    objections: Vec<(crate::domain::consent::ObjectionKind, i64)>,
    ledger: Vec<ConsentEvent>,
}

impl ConsentOverview {
    fn load(store: &store::Store) -> store::Result<Self> {
        Ok(Self {
            purposes: store.purposes()?,
            counts: store.consent_counts()?,
            objections: store.objection_counts()?,
            ledger: store.recent_consent_events(LEDGER_ROWS)?,
        })
    }
}

#[derive(Default)]
pub struct ConsentsTab {
    overview: Option<Result<ConsentOverview, store::Error>>,
}

impl ConsentsTab {
    pub fn reload(&mut self) {
        self.overview = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let overview = self.overview.get_or_insert_with(|| ConsentOverview::load(ctx.store));
        let overview = match overview {
            Ok(overview) => overview,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            widgets::section(ui, i18n::tr(lang, T::ConsentCountsHeading));
            egui::Grid::new("consent_counts").striped(true).num_columns(5).show(ui, |ui| {
                for title in [T::ColPurpose, T::ColBasis, T::ColChannel, T::ColGiven, T::ColWithdrawn] {
                    ui.strong(i18n::tr(lang, title));
                }
                ui.end_row();
                for purpose in overview.purposes.iter().filter(|purpose| purpose.asks_consent()) {
                    for channel in &purpose.channels {
                        let count = overview
                            .counts
                            .iter()
                            .find(|count| count.purpose_id == purpose.id && count.channel == *channel);
                        ui.label(purpose.name.get(lang));
                        ui.label(purpose.legal_basis.label(lang));
                        ui.label(channel.label(lang));
                        ui.label(count.map_or(0, |count| count.given).to_string());
                        ui.label(count.map_or(0, |count| count.withdrawn).to_string());
                        ui.end_row();
                    }
                }
            });
            widgets::section(ui, i18n::tr(lang, T::ObjectionCountsHeading));
            egui::Grid::new("objection_counts").striped(true).num_columns(2).show(ui, |ui| {
                ui.strong(i18n::tr(lang, T::ColObjection));
                ui.strong(i18n::tr(lang, T::ColPeople));
                ui.end_row();
                for (kind, count) in &overview.objections {
                    ui.label(kind.label(lang));
                    ui.label(count.to_string());
                    ui.end_row();
                }
            });
            widgets::section(ui, i18n::tr(lang, T::LedgerHeading));
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
                    for title in
                        [T::ColWhen, T::ColCustomer, T::ColAction, T::ColPurpose, T::ColChannel, T::ColEvidence]
                    {
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
            super::consent_lists::panels_ui(ui, ctx);
        });
    }
}
