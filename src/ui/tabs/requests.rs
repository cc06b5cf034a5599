//! The Requests tab: every data-subject request, the soonest deadline first, with overdue and
//! due-within-a-week rows highlighted and requests awaiting identity verification flagged.

use std::collections::HashMap;

use egui_extras::{Column, TableBuilder};

use crate::domain::customer::CustomerId;
use crate::domain::deadline::{Urgency, days_until};
use crate::domain::finnish_date;
use crate::domain::request::Request;
use crate::i18n::{self, Label as _, T};
use crate::store;
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// The requests with the names of the people in the register who made them.
struct RequestList {
    requests: Vec<Request>,
    names: HashMap<CustomerId, String>,
}

impl RequestList {
    fn load(store: &store::Store) -> store::Result<Self> {
        let requests = store.requests()?;
        let ids: Vec<CustomerId> = requests.iter().filter_map(|request| request.customer_id).collect();
        let names = store.customer_rows(&ids)?.into_iter().map(|row| (row.id, row.name)).collect();
        Ok(Self { requests, names })
    }
}

#[derive(Default)]
pub struct RequestsTab {
    list: Option<Result<RequestList, store::Error>>,
}

impl RequestsTab {
    pub fn reload(&mut self) {
        self.list = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let (lang, today) = (ctx.lang, ctx.today);
        let RequestList { requests, names } = match self.list.get_or_insert_with(|| RequestList::load(ctx.store)) {
            Ok(list) => list,
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
            .column(Column::initial(95.0))
            .column(Column::initial(200.0).clip(true))
            .column(Column::initial(105.0))
            .column(Column::initial(250.0).clip(true))
            .column(Column::initial(200.0).clip(true))
            .column(Column::initial(130.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
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
                                Some(id) => ui.label(format!("{} ({id})", names.get(&id).map_or("?", String::as_str))),
                                None => ui.label(i18n::trf(lang, T::NotInRegister, &[&request.subject_name])),
                            };
                        });
                    });
                }
            });
    }
}
