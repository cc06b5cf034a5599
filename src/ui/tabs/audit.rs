//! The Audit tab: the newest rows of the audit trail and a check of its hash chain. Opening the
//! trail is itself recorded.

use egui_extras::{Column, TableBuilder};

use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::finnish_date;
use crate::i18n::{self, Label as _, T};
use crate::store::{self, AuditFilter, ChainBreak, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

const SHOWN_ROWS: usize = 500;

struct AuditView {
    entries: Vec<AuditEntry>,
    total: i64,
}

impl AuditView {
    fn load(store: &mut Store) -> store::Result<Self> {
        store.record_audit_viewed()?;
        Ok(Self { entries: store.audit_entries(&AuditFilter::default(), SHOWN_ROWS)?, total: store.audit_count()? })
    }
}

#[derive(Default)]
pub struct AuditTab {
    view: Option<Result<AuditView, store::Error>>,
    verification: Option<Result<Option<ChainBreak>, store::Error>>,
}

impl AuditTab {
    pub fn reload(&mut self) {
        self.view = None;
        self.verification = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Self { view, verification } = self;
        let view = match view.get_or_insert_with(|| AuditView::load(ctx.store)) {
            Ok(view) => view,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        ui.horizontal(|ui| {
            ui.label(i18n::trf(lang, T::AuditNewest, &[&view.entries.len(), &view.total]));
            if ui.button(i18n::tr(lang, T::Verify)).clicked() {
                *verification = Some(ctx.store.verify_audit_chain());
            }
            match verification {
                Some(Ok(None)) => {
                    ui.colored_label(theme::good(ui), i18n::tr(lang, T::ChainIntact));
                }
                Some(Ok(Some(broken))) => {
                    ui.colored_label(theme::overdue(ui), i18n::trf(lang, T::ChainBroken, &[&broken.row_id]));
                }
                Some(Err(error)) => widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
                None => {}
            }
        });
        TableBuilder::new(ui)
            .id_salt("audit_table")
            .striped(true)
            .auto_shrink(false)
            .column(Column::initial(70.0))
            .column(Column::initial(150.0))
            .column(Column::initial(100.0))
            .column(Column::initial(230.0))
            .column(Column::initial(90.0))
            .column(Column::remainder().clip(true))
            .header(24.0, |mut header| {
                for title in [
                    "#",
                    i18n::tr(lang, T::ColWhen),
                    i18n::tr(lang, T::ColUser),
                    i18n::tr(lang, T::ColAction),
                    i18n::tr(lang, T::ColCustomer),
                    i18n::tr(lang, T::ColDetail),
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, view.entries.len(), |mut row| {
                    let Some(entry) = view.entries.get(row.index()) else { return };
                    row.col(|ui| {
                        ui.label(entry.id.to_string());
                    });
                    row.col(|ui| {
                        ui.label(format!(
                            "{} {}",
                            finnish_date(entry.occurred_at.date()),
                            entry.occurred_at.format("%H:%M")
                        ));
                    });
                    row.col(|ui| {
                        ui.label(&entry.username);
                    });
                    row.col(|ui| {
                        ui.label(AuditAction::label(entry.action, lang));
                    });
                    row.col(|ui| {
                        ui.label(entry.customer_id.map(|id| id.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(&entry.detail);
                    });
                });
            });
    }
}
