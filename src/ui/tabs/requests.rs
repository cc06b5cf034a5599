//! The Requests tab: every data-subject request, the soonest deadline first, with overdue and
//! due-within-a-week rows highlighted and requests awaiting identity verification flagged.

use egui_extras::{Column, TableBuilder};

use crate::domain::deadline::{Urgency, days_until};
use crate::domain::finnish_date;
use crate::domain::request::Request;
use crate::i18n::{self, Label as _, T};
use crate::store;
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

#[derive(Default)]
pub struct RequestsTab {
    requests: Option<Result<Vec<Request>, store::Error>>,
}

impl RequestsTab {
    pub fn reload(&mut self) {
        self.requests = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let (lang, today) = (ctx.lang, ctx.today);
        let requests = match self.requests.get_or_insert_with(|| ctx.store.requests()) {
            Ok(requests) => requests,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        if requests.is_empty() {
            ui.label(i18n::tr(lang, T::NoRequests));
            return;
        }
        TableBuilder::new(ui)
            .id_salt("request_list")
            .striped(true)
            .auto_shrink(false)
            .column(Column::initial(100.0))
            .column(Column::initial(190.0))
            .column(Column::initial(110.0))
            .column(Column::initial(200.0))
            .column(Column::initial(200.0))
            .column(Column::initial(150.0))
            .column(Column::remainder().clip(true))
            .header(26.0, |mut header| {
                for title in
                    [T::ColReference, T::ColKind, T::ColReceived, T::ColDue, T::ColStatus, T::ColIdentity, T::ColPerson]
                {
                    header.col(|ui| {
                        ui.strong(i18n::tr(lang, title));
                    });
                }
            })
            .body(|mut body| {
                for request in requests.iter() {
                    body.row(26.0, |mut row| {
                        let due = request.due_on();
                        let urgency = request.urgency(today);
                        row.col(|ui| {
                            ui.label(&request.reference);
                        });
                        row.col(|ui| {
                            ui.label(request.kind.label(lang));
                        });
                        row.col(|ui| {
                            ui.label(finnish_date(request.received_on));
                        });
                        row.col(|ui| {
                            let days = days_until(today, due);
                            let (text, color) = match urgency {
                                Some(Urgency::Overdue) => {
                                    (i18n::trf(lang, T::DaysOverdue, &[&-days]), Some(theme::overdue(ui)))
                                }
                                Some(Urgency::DueWithinWeek) => {
                                    (i18n::trf(lang, T::DaysLeft, &[&days]), Some(theme::warning(ui)))
                                }
                                Some(Urgency::OnTime) => (i18n::trf(lang, T::DaysLeft, &[&days]), None),
                                None => (String::new(), None),
                            };
                            let line = format!("{} {text}", finnish_date(due));
                            match color {
                                Some(color) => ui.colored_label(color, egui::RichText::new(line).strong()),
                                None => ui.label(line),
                            };
                        });
                        row.col(|ui| {
                            ui.label(request.status.label(lang));
                        });
                        row.col(|ui| {
                            if request.awaits_identity() {
                                ui.colored_label(theme::warning(ui), i18n::tr(lang, T::IdentityNotVerified));
                            } else if request.identity_verified {
                                ui.label(i18n::tr(lang, T::IdentityVerified));
                            } else {
                                ui.label(i18n::tr(lang, T::IdentityNotVerified));
                            }
                        });
                        row.col(|ui| {
                            match request.customer_id {
                                Some(id) => ui.label(format!("{} {id}", i18n::tr(lang, T::ColCustomer))),
                                None => ui.label(i18n::trf(lang, T::NotInRegister, &[&request.subject_name])),
                            };
                        });
                    });
                }
            });
    }
}
