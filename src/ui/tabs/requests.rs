//! The Requests tab: every data-subject request, the soonest deadline first, with overdue and
//! due-within-a-week rows highlighted and requests awaiting identity verification flagged; a form
//! to register a request, and for the selected request the steps of its handling: verify the
//! person's identity, start, extend with a reason, refuse with a reason, or print the reply.

use std::collections::HashMap;

use egui_extras::{Column, Size, StripBuilder, TableBuilder};

use crate::domain::consent::{ObjectionAction, ObjectionEvent, ObjectionKind};
use crate::domain::customer::{Customer, CustomerId, Source};
use crate::domain::deadline::{Urgency, days_until};
use crate::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
use crate::domain::validate::{self, ValidationError};
use crate::domain::{Lang, finnish_date, parse_date};
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

/// A request being registered, as typed.
struct NewRequest {
    kind: RequestKind,
    channel: RequestChannel,
    received: String,
    customer_number: String,
    subject_name: String,
    subject_address: String,
    notes: String,
    error: Option<String>,
}

impl NewRequest {
    fn new(today: chrono::NaiveDate) -> Self {
        Self {
            kind: RequestKind::Access,
            channel: RequestChannel::SignedLetter,
            received: finnish_date(today),
            customer_number: String::new(),
            subject_name: String::new(),
            subject_address: String::new(),
            notes: String::new(),
            error: None,
        }
    }
}

/// What the user typed for the selected request's next step.
#[derive(Default)]
struct StepInputs {
    identity_method: String,
    extension_months: u32,
    extension_reason: String,
    refusal_reason: String,
    reply_lang: Option<Lang>,
    objections: Vec<ObjectionKind>,
    rectified_field: RectifiedField,
    rectified_value: String,
}

/// The fields a rectification request can correct from this tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum RectifiedField {
    #[default]
    FirstName,
    LastName,
    Company,
    Email,
    Phone,
    Street,
}

impl RectifiedField {
    const ALL: [RectifiedField; 6] =
        [Self::FirstName, Self::LastName, Self::Company, Self::Email, Self::Phone, Self::Street];

    fn label(self) -> T {
        match self {
            Self::FirstName => T::FieldFirstName,
            Self::LastName => T::FieldLastName,
            Self::Company => T::FieldCompany,
            Self::Email => T::FieldEmail,
            Self::Phone => T::FieldPhone,
            Self::Street => T::FieldStreet,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Company => "company",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Street => "street",
        }
    }

    /// The field's value now, and the record with `value` in its place (validated).
    fn apply(self, customer: &Customer, value: &str) -> Result<(String, Customer), ValidationError> {
        let mut changed = customer.clone();
        let value = value.trim();
        let before = match self {
            Self::FirstName => std::mem::replace(&mut changed.first_name, value.to_owned()),
            Self::LastName => std::mem::replace(&mut changed.last_name, value.to_owned()),
            Self::Company => std::mem::replace(&mut changed.company, value.to_owned()),
            Self::Email => {
                let address = validate::email(value)?;
                match changed.emails.first_mut() {
                    Some(email) => std::mem::replace(&mut email.address, address),
                    None => return Err(ValidationError::Empty),
                }
            }
            Self::Phone => {
                let number = validate::phone(value)?;
                match changed.phones.first_mut() {
                    Some(phone) => std::mem::replace(&mut phone.number, number),
                    None => return Err(ValidationError::Empty),
                }
            }
            Self::Street => match changed.addresses.first_mut() {
                Some(address) if !value.is_empty() => std::mem::replace(&mut address.street, value.to_owned()),
                _ => return Err(ValidationError::Empty),
            },
        };
        Ok((before, changed))
    }
}

#[derive(Default)]
pub struct RequestsTab {
    list: Option<Result<RequestList, store::Error>>,
    selected: Option<RequestId>,
    new_request: Option<NewRequest>,
    inputs: StepInputs,
    /// The irreversible erasure waits for this confirmation.
    confirm_erasure: bool,
    /// The documents filed with the selected request: (id, file name, bytes).
    letters: Vec<(i64, String, i64)>,
}

/// A step the user asked for in this frame.
enum Step {
    Register,
    VerifyIdentity,
    Start,
    Extend,
    Refuse,
    PrintReply,
    AskErasure,
    Erase,
    ExportPortable,
    AttachLetter,
    WithdrawAll,
    RecordObjections,
    Rectify,
    MarkAnswered,
}

/// Where a ledger event made from a request came from: the request's own channel.
fn request_source(channel: RequestChannel) -> Source {
    match channel {
        RequestChannel::SignedLetter => Source::ReplyCard,
        RequestChannel::Email => Source::Email,
        RequestChannel::InPerson => Source::InPerson,
        RequestChannel::Phone => Source::Phone,
    }
}

fn text_row(ui: &mut egui::Ui, label: &str, text: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(260.0)).labelled_by(label.id);
    ui.end_row();
}

impl RequestsTab {
    pub fn reload(&mut self) {
        self.list = None;
    }

    /// The selected request, for tests.
    pub fn selected(&self) -> Option<RequestId> {
        self.selected
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        if self.list.is_none() {
            self.list = Some(RequestList::load(ctx.store));
        }
        ui.horizontal(|ui| {
            if ui.button(egui::RichText::new(i18n::tr(lang, T::RegisterRequest)).strong()).clicked() {
                self.new_request = Some(NewRequest::new(ctx.today));
            }
            if ui.button(i18n::tr(lang, T::ExportButton)).clicked() {
                self.export_list(ctx);
            }
        });
        let mut step = None;
        let mut clicked = None;
        let detail_width = (ui.available_width() * 0.36).clamp(340.0, 560.0);
        StripBuilder::new(ui).size(Size::remainder().at_least(420.0)).size(Size::exact(detail_width)).horizontal(
            |mut strip| {
                strip.cell(|ui| clicked = self.list_ui(ui, lang, ctx.today));
                strip.cell(|ui| {
                    egui::Frame::new().inner_margin(egui::Margin { left: 10, ..Default::default() }).show(ui, |ui| {
                        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                            step = if self.new_request.is_some() {
                                self.new_request_ui(ui, lang)
                            } else {
                                self.detail_ui(ui, lang, ctx.today)
                            };
                        });
                    });
                });
            },
        );
        if let Some(id) = clicked {
            self.selected = Some(id);
            self.new_request = None;
            self.inputs = StepInputs::default();
            self.letters = ctx.store.request_letters(id).unwrap_or_default();
            ui.ctx().request_repaint();
        }
        if let Some(step) = step {
            self.take_step(ctx, step);
            ui.ctx().request_repaint();
        }
        if self.confirm_erasure && self.erasure_confirm_ui(ui, lang) {
            self.take_step(ctx, Step::Erase);
        }
    }

    /// The confirmation the irreversible erasure needs; true when the user confirmed it.
    fn erasure_confirm_ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> bool {
        let mut confirmed = false;
        egui::Modal::new(egui::Id::unique("erasure_confirm")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::EraseHeading));
            ui.label(i18n::tr(lang, T::EraseConfirmText));
            ui.horizontal(|ui| {
                if ui.button(egui::RichText::new(i18n::tr(lang, T::EraseConfirm)).color(theme::overdue(ui))).clicked() {
                    confirmed = true;
                    self.confirm_erasure = false;
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    self.confirm_erasure = false;
                }
            });
        });
        confirmed
    }

    /// The list; returns the request whose row was clicked.
    fn list_ui(&self, ui: &mut egui::Ui, lang: Lang, today: chrono::NaiveDate) -> Option<RequestId> {
        let RequestList { requests, names } = match &self.list {
            Some(Ok(list)) => list,
            Some(Err(error)) => {
                widgets::load_error(ui, lang, &i18n::store_error(lang, error));
                return None;
            }
            None => return None,
        };
        if requests.is_empty() {
            ui.label(i18n::tr(lang, T::NoRequests));
            return None;
        }
        let mut clicked = None;
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        TableBuilder::new(ui)
            .id_salt("request_list")
            .striped(true)
            .sense(egui::Sense::click())
            .auto_shrink(false)
            .column(Column::initial(105.0))
            .column(Column::initial(170.0).clip(true))
            .column(Column::initial(100.0))
            .column(Column::initial(210.0).clip(true))
            .column(Column::initial(160.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .header(26.0, |mut header| {
                for title in [T::ColReference, T::ColKind, T::ColReceived, T::ColDue, T::ColStatus, T::ColPerson] {
                    header.col(|ui| {
                        ui.strong(i18n::tr(lang, title));
                    });
                }
            })
            .body(|mut body| {
                for request in requests {
                    body.row(26.0, |mut row| {
                        row.set_selected(self.selected == Some(request.id));
                        let due = request.due_on();
                        row.col(|ui| {
                            if ui.selectable_label(self.selected == Some(request.id), &request.reference).clicked() {
                                clicked = Some(request.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(request.kind.label(lang));
                        });
                        row.col(|ui| {
                            ui.label(finnish_date(request.received_on));
                        });
                        row.col(|ui| {
                            let days = days_until(today, due);
                            let (text, color) = match request.urgency(today) {
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
                            if request.awaits_identity() {
                                ui.colored_label(theme::warning(ui), i18n::tr(lang, T::IdentityNotVerified));
                            } else {
                                ui.label(request.status.label(lang));
                            }
                        });
                        row.col(|ui| {
                            match request.customer_id {
                                Some(id) => ui.label(format!("{} ({id})", names.get(&id).map_or("?", String::as_str))),
                                None => ui.label(i18n::trf(lang, T::NotInRegister, &[&request.subject_name])),
                            };
                        });
                        if row.response().clicked() {
                            clicked = Some(request.id);
                        }
                    });
                }
            });
        clicked
    }

    fn new_request_ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<Step> {
        let form = self.new_request.as_mut()?;
        let mut step = None;
        ui.heading(i18n::tr(lang, T::RegisterRequest));
        egui::Grid::new("new_request").num_columns(2).show(ui, |ui| {
            let label = ui.label(i18n::tr(lang, T::ColKind));
            egui::ComboBox::from_id_salt("request_kind")
                .selected_text(form.kind.label(lang))
                .show_ui(ui, |ui| {
                    for kind in RequestKind::ALL {
                        ui.selectable_value(&mut form.kind, *kind, kind.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::RequestChannelLabel));
            egui::ComboBox::from_id_salt("request_channel")
                .selected_text(form.channel.label(lang))
                .show_ui(ui, |ui| {
                    for channel in RequestChannel::ALL {
                        ui.selectable_value(&mut form.channel, *channel, channel.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            text_row(ui, i18n::tr(lang, T::ColReceived), &mut form.received);
            text_row(ui, i18n::tr(lang, T::FieldCustomerNumber), &mut form.customer_number);
            text_row(ui, i18n::tr(lang, T::SubjectName), &mut form.subject_name);
            text_row(ui, i18n::tr(lang, T::SubjectAddress), &mut form.subject_address);
            text_row(ui, i18n::tr(lang, T::FieldNote), &mut form.notes);
        });
        ui.label(egui::RichText::new(i18n::tr(lang, T::RequestPersonHint)).small().weak());
        if let Some(error) = &form.error {
            ui.colored_label(theme::overdue(ui), error);
        }
        ui.horizontal(|ui| {
            if ui.button(i18n::tr(lang, T::Save)).clicked() {
                step = Some(Step::Register);
            }
            if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                self.new_request = None;
            }
        });
        step
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui, lang: Lang, today: chrono::NaiveDate) -> Option<Step> {
        let request = match (&self.list, self.selected) {
            (Some(Ok(list)), Some(id)) => list.requests.iter().find(|request| request.id == id)?.clone(),
            _ => {
                ui.label(i18n::tr(lang, T::SelectRequestHint));
                return None;
            }
        };
        let mut step = None;
        ui.heading(format!("{} – {}", request.reference, request.kind.label(lang)));
        egui::Grid::new("request_facts").num_columns(2).show(ui, |ui| {
            widgets::grid_row(ui, i18n::tr(lang, T::ColReceived), &finnish_date(request.received_on));
            widgets::grid_row(ui, i18n::tr(lang, T::ColDue), &finnish_date(request.due_on()));
            widgets::grid_row(ui, i18n::tr(lang, T::ColStatus), request.status.label(lang));
            widgets::grid_row(ui, i18n::tr(lang, T::RequestChannelLabel), request.channel.label(lang));
            let identity = if request.identity_verified {
                format!("{} ({})", i18n::tr(lang, T::IdentityVerified), request.identity_method)
            } else {
                i18n::tr(lang, T::IdentityNotVerified).to_owned()
            };
            widgets::grid_row(ui, i18n::tr(lang, T::ColIdentity), &identity);
            if request.extension_months > 0 {
                widgets::grid_row(ui, i18n::tr(lang, T::ExtensionReason), &request.extension_reason);
            }
            if request.status == RequestStatus::Refused {
                widgets::grid_row(ui, i18n::tr(lang, T::RefusalReason), &request.refusal_reason);
            }
            if let Some(answered) = request.answered_on {
                widgets::grid_row(ui, i18n::tr(lang, T::AnsweredOn), &finnish_date(answered));
                widgets::grid_row(ui, "SHA-256", &request.reply_sha256);
            }
        });
        for (_, file_name, size) in &self.letters {
            ui.label(format!("{}: {file_name} ({} kB)", i18n::tr(lang, T::ScannedLetter), (size + 1023) / 1024));
        }
        if ui.button(i18n::tr(lang, T::AttachLetter)).clicked() {
            step = Some(Step::AttachLetter);
        }
        if !request.status.is_open() {
            return step;
        }
        let inputs = &mut self.inputs;
        if !request.identity_verified {
            widgets::section(ui, i18n::tr(lang, T::VerifyIdentity));
            let label = ui.label(i18n::tr(lang, T::IdentityMethod));
            ui.add(egui::TextEdit::singleline(&mut inputs.identity_method).desired_width(300.0)).labelled_by(label.id);
            if ui
                .add_enabled(
                    !inputs.identity_method.trim().is_empty(),
                    egui::Button::new(i18n::tr(lang, T::VerifyIdentity)),
                )
                .clicked()
            {
                step = Some(Step::VerifyIdentity);
            }
        } else if request.status == RequestStatus::IdentityVerified
            && ui.button(i18n::tr(lang, T::StartHandling)).clicked()
        {
            step = Some(Step::Start);
        }
        if request.kind == RequestKind::Access && request.identity_verified {
            widgets::section(ui, i18n::tr(lang, T::PrintReply));
            ui.horizontal(|ui| {
                ui.radio_value(&mut inputs.reply_lang, None, i18n::tr(lang, T::LetterLangDefault));
                ui.radio_value(&mut inputs.reply_lang, Some(Lang::Fi), "suomi");
                ui.radio_value(&mut inputs.reply_lang, Some(Lang::En), "English");
            });
            if ui.button(egui::RichText::new(i18n::tr(lang, T::PrintReply)).strong()).clicked() {
                step = Some(Step::PrintReply);
            }
        }
        if request.identity_verified && request.customer_id.is_some() {
            match request.kind {
                RequestKind::Erasure => {
                    widgets::section(ui, i18n::tr(lang, T::EraseHeading));
                    ui.label(egui::RichText::new(i18n::tr(lang, T::EraseExplanation)).small());
                    if ui
                        .button(egui::RichText::new(i18n::tr(lang, T::EraseButton)).color(theme::overdue(ui)))
                        .clicked()
                    {
                        step = Some(Step::AskErasure);
                    }
                }
                RequestKind::Portability => {
                    widgets::section(ui, i18n::tr(lang, T::PortabilityHeading));
                    if ui.button(i18n::tr(lang, T::PortabilityButton)).clicked() {
                        step = Some(Step::ExportPortable);
                    }
                }
                RequestKind::ConsentWithdrawal => {
                    widgets::section(ui, i18n::tr(lang, T::WithdrawAllHeading));
                    if ui.button(i18n::tr(lang, T::WithdrawAllButton)).clicked() {
                        step = Some(Step::WithdrawAll);
                    }
                }
                RequestKind::Objection => {
                    widgets::section(ui, i18n::tr(lang, T::ObjectionsHeading));
                    for kind in ObjectionKind::ALL {
                        let mut chosen = inputs.objections.contains(kind);
                        if ui.checkbox(&mut chosen, kind.label(lang)).changed() {
                            if chosen {
                                inputs.objections.push(*kind);
                            } else {
                                inputs.objections.retain(|other| other != kind);
                            }
                        }
                    }
                    if ui
                        .add_enabled(
                            !inputs.objections.is_empty(),
                            egui::Button::new(i18n::tr(lang, T::ObjectionsButton)),
                        )
                        .clicked()
                    {
                        step = Some(Step::RecordObjections);
                    }
                }
                RequestKind::Rectification => {
                    widgets::section(ui, i18n::tr(lang, T::RectifyHeading));
                    ui.horizontal_wrapped(|ui| {
                        let label = ui.label(i18n::tr(lang, T::RectifyField));
                        egui::ComboBox::from_id_salt("rectified_field")
                            .selected_text(i18n::tr(lang, inputs.rectified_field.label()))
                            .show_ui(ui, |ui| {
                                for field in RectifiedField::ALL {
                                    ui.selectable_value(
                                        &mut inputs.rectified_field,
                                        field,
                                        i18n::tr(lang, field.label()),
                                    );
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        let label = ui.label(i18n::tr(lang, T::RectifyValue));
                        ui.add(egui::TextEdit::singleline(&mut inputs.rectified_value).desired_width(220.0))
                            .labelled_by(label.id);
                    });
                    if ui
                        .add_enabled(
                            !inputs.rectified_value.trim().is_empty(),
                            egui::Button::new(i18n::tr(lang, T::RectifyButton)),
                        )
                        .clicked()
                    {
                        step = Some(Step::Rectify);
                    }
                }
                _ => {}
            }
            if request.kind != RequestKind::Access && ui.button(i18n::tr(lang, T::MarkAnswered)).clicked() {
                step = Some(Step::MarkAnswered);
            }
        }
        if request.extension_months == 0 && today <= crate::domain::deadline::request_due_date(request.received_on) {
            widgets::section(ui, i18n::tr(lang, T::Extend));
            ui.horizontal(|ui| {
                ui.radio_value(&mut inputs.extension_months, 1, i18n::trf(lang, T::Months, &[&1]));
                ui.radio_value(&mut inputs.extension_months, 2, i18n::trf(lang, T::Months, &[&2]));
            });
            let label = ui.label(i18n::tr(lang, T::ExtensionReason));
            ui.add(egui::TextEdit::singleline(&mut inputs.extension_reason).desired_width(300.0)).labelled_by(label.id);
            let ready = inputs.extension_months > 0 && !inputs.extension_reason.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new(i18n::tr(lang, T::Extend))).clicked() {
                step = Some(Step::Extend);
            }
            ui.label(egui::RichText::new(i18n::tr(lang, T::ExtensionHint)).small().weak());
        }
        widgets::section(ui, i18n::tr(lang, T::Refuse));
        let label = ui.label(i18n::tr(lang, T::RefusalReason));
        ui.add(egui::TextEdit::singleline(&mut inputs.refusal_reason).desired_width(300.0)).labelled_by(label.id);
        if ui
            .add_enabled(!inputs.refusal_reason.trim().is_empty(), egui::Button::new(i18n::tr(lang, T::Refuse)))
            .clicked()
        {
            step = Some(Step::Refuse);
        }
        step
    }

    fn take_step(&mut self, ctx: &mut AppCtx<'_>, step: Step) {
        let lang = ctx.lang;
        let result: Result<Option<String>, String> = match step {
            Step::Register => {
                self.register(ctx).map(|reference| Some(i18n::trf(lang, T::RequestRegistered, &[&reference])))
            }
            Step::VerifyIdentity => {
                self.with_selected(|id| ctx.store.verify_identity(id, &self.inputs.identity_method), lang)
            }
            Step::Start => self.with_selected(|id| ctx.store.set_request_status(id, RequestStatus::InProgress), lang),
            Step::Extend => self.with_selected(
                |id| {
                    ctx.store.extend_request(id, self.inputs.extension_months, &self.inputs.extension_reason, ctx.today)
                },
                lang,
            ),
            Step::Refuse => self.with_selected(|id| ctx.store.refuse_request(id, &self.inputs.refusal_reason), lang),
            Step::PrintReply => self.print_reply(ctx),
            Step::AskErasure => {
                self.confirm_erasure = true;
                return;
            }
            Step::Erase => self.erase(ctx),
            Step::ExportPortable => self.export_portable(ctx),
            Step::AttachLetter => self.attach_letter(ctx),
            Step::WithdrawAll => self.on_customer(ctx, |store, request, customer| {
                let evidence = format!("{} {}", i18n::tr(lang, T::RequestWord), request.reference);
                let count = store.withdraw_all_consents(customer, request_source(request.channel), &evidence)?;
                store.set_request_status(request.id, RequestStatus::Answered)?;
                Ok(i18n::trf(lang, T::WithdrawnCount, &[&count]))
            }),
            Step::RecordObjections => {
                let kinds = self.inputs.objections.clone();
                self.on_customer(ctx, |store, request, customer| {
                    for kind in &kinds {
                        store.record_objection(&ObjectionEvent {
                            id: 0,
                            customer_id: customer,
                            kind: *kind,
                            action: ObjectionAction::Made,
                            occurred_at: chrono::Local::now().naive_local(),
                            source: request_source(request.channel),
                            evidence: format!("{} {}", i18n::tr(lang, T::RequestWord), request.reference),
                            recorded_by: store.actor(),
                        })?;
                    }
                    store.set_request_status(request.id, RequestStatus::Answered)?;
                    Ok(i18n::trf(lang, T::ObjectionsRecorded, &[&kinds.len()]))
                })
            }
            Step::Rectify => {
                let (field, value) = (self.inputs.rectified_field, self.inputs.rectified_value.clone());
                self.on_customer(ctx, |store, request, customer| {
                    let record = store.customer(customer)?;
                    let (before, changed) = field
                        .apply(&record, &value)
                        .map_err(|error| store::Error::Invalid { field: field.code(), error })?;
                    store.update_customer(&changed)?;
                    store.record_rectification(request.id, field.code(), &before, value.trim())?;
                    Ok(i18n::tr(lang, T::Rectified).to_owned())
                })
            }
            Step::MarkAnswered => {
                self.with_selected(|id| ctx.store.set_request_status(id, RequestStatus::Answered), lang)
            }
        };
        match result {
            Ok(message) => {
                self.inputs = StepInputs::default();
                self.list = None;
                ctx.counts_changed = true;
                ctx.message = message;
            }
            Err(message) => ctx.message = Some(message),
        }
    }

    fn with_selected(
        &self,
        step: impl FnOnce(RequestId) -> store::Result<()>,
        lang: Lang,
    ) -> Result<Option<String>, String> {
        let Some(id) = self.selected else { return Ok(None) };
        step(id).map(|()| None).map_err(|error| i18n::store_error(lang, &error))
    }

    /// Registers the typed request; the new request becomes the selected one.
    fn register(&mut self, ctx: &mut AppCtx<'_>) -> Result<String, String> {
        let lang = ctx.lang;
        let Some(form) = &mut self.new_request else { return Err(String::new()) };
        let fail = |form: &mut NewRequest, message: String| {
            form.error = Some(message.clone());
            Err(message)
        };
        let Some(received_on) = parse_date(&form.received).filter(|date| *date <= ctx.today) else {
            return fail(form, i18n::tr(lang, T::EntryDateInvalid).to_owned());
        };
        let customer_id = match form.customer_number.trim() {
            "" => None,
            number => match number.parse::<i64>().ok().map(CustomerId) {
                Some(id) if ctx.store.customer_rows(&[id]).is_ok_and(|rows| !rows.is_empty()) => Some(id),
                _ => return fail(form, i18n::trf(lang, T::NoSuchCustomer, &[&number])),
            },
        };
        if customer_id.is_none() && form.subject_name.trim().is_empty() {
            return fail(form, i18n::tr(lang, T::RequestPersonHint).to_owned());
        }
        let request = Request {
            subject_name: form.subject_name.trim().to_owned(),
            notes: form.notes.trim().to_owned(),
            ..Request::received(form.kind, form.channel, received_on, customer_id)
        };
        let address = form.subject_address.trim().to_owned();
        let registered = ctx.store.add_request(&request).and_then(|(id, reference)| {
            if customer_id.is_none() && !address.is_empty() {
                ctx.store.set_subject_address(id, &address)?;
            }
            Ok((id, reference))
        });
        match registered {
            Ok((id, reference)) => {
                self.new_request = None;
                self.selected = Some(id);
                Ok(reference)
            }
            Err(error) => fail(form, i18n::store_error(lang, &error)),
        }
    }

    /// Files a scanned letter the user picks with the selected request.
    fn attach_letter(&mut self, ctx: &mut AppCtx<'_>) -> Result<Option<String>, String> {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return Ok(None) };
        let Some(path) = ctx.dialogs.open_any() else { return Ok(None) };
        let bytes = std::fs::read(&path).map_err(|error| i18n::file_error(lang, &error))?;
        let file_name = path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let media_type =
            if file_name.to_lowercase().ends_with(".pdf") { "application/pdf" } else { "application/octet-stream" };
        ctx.store
            .add_request_letter(id, &file_name, media_type, &bytes)
            .map_err(|error| i18n::store_error(lang, &error))?;
        self.letters = ctx.store.request_letters(id).map_err(|error| i18n::store_error(lang, &error))?;
        Ok(None)
    }

    /// Writes the request list (no personal data beyond the reference) where the user chooses.
    fn export_list(&mut self, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let name = if lang == Lang::Fi { "pyynnot.csv" } else { "requests.csv" };
        let Some(path) = ctx.dialogs.save_csv(name) else { return };
        let result = ctx.store.requests().map_err(|error| i18n::store_error(lang, &error)).and_then(|requests| {
            let mut bytes = Vec::new();
            let rows =
                crate::exchange::write_requests_csv(&mut bytes, lang, &requests).map_err(|error| error.to_string())?;
            std::fs::write(&path, &bytes).map_err(|error| i18n::file_error(lang, &error))?;
            Ok(rows)
        });
        ctx.message = Some(match result {
            Ok(rows) => i18n::trf(lang, T::ExportDone, &[&rows, &path.display()]),
            Err(message) => message,
        });
    }

    /// Runs `step` for the selected request's person; its sentence goes to the status bar.
    fn on_customer(
        &self,
        ctx: &mut AppCtx<'_>,
        step: impl FnOnce(&mut store::Store, &Request, CustomerId) -> store::Result<String>,
    ) -> Result<Option<String>, String> {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return Ok(None) };
        let request = ctx.store.request(id).map_err(|error| i18n::store_error(lang, &error))?;
        let Some(customer) = request.customer_id else { return Ok(None) };
        step(ctx.store, &request, customer).map(Some).map_err(|error| i18n::store_error(lang, &error))
    }

    /// Erases the person of the selected erasure request (sales vouchers are kept without them).
    fn erase(&mut self, ctx: &mut AppCtx<'_>) -> Result<Option<String>, String> {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return Ok(None) };
        let request = ctx.store.request(id).map_err(|error| i18n::store_error(lang, &error))?;
        let Some(customer) = request.customer_id else { return Ok(None) };
        let outcome = ctx.store.erase_customer(customer, Some(id)).map_err(|error| i18n::store_error(lang, &error))?;
        let kept = outcome.keep_until.map_or_else(String::new, finnish_date);
        Ok(Some(i18n::trf(lang, T::Erased, &[&customer, &outcome.orders_kept, &kept])))
    }

    /// Saves the person's portable data as JSON where the user chooses and answers the request
    /// with the file's hash.
    fn export_portable(&mut self, ctx: &mut AppCtx<'_>) -> Result<Option<String>, String> {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return Ok(None) };
        let request = ctx.store.request(id).map_err(|error| i18n::store_error(lang, &error))?;
        let Some(customer) = request.customer_id else { return Ok(None) };
        let Some(path) = ctx.dialogs.save_file(&format!("tiedot-{}", request.reference), "json") else {
            return Ok(None);
        };
        let data = ctx.store.portable_data(customer).map_err(|error| i18n::store_error(lang, &error))?;
        let json = crate::exchange::portable_json(&data);
        std::fs::write(&path, &json).map_err(|error| i18n::file_error(lang, &error))?;
        let sha256 = store::sha256_hex(json.as_bytes());
        ctx.store
            .record_person_exported(customer, &sha256)
            .and_then(|()| ctx.store.record_reply(id, &sha256, &path.display().to_string(), ctx.today))
            .map_err(|error| i18n::store_error(lang, &error))?;
        Ok(Some(i18n::trf(lang, T::ReplyPrinted, &[&path.display()])))
    }

    /// Writes the reply into the register's replies folder, records it, and opens it for printing.
    fn print_reply(&mut self, ctx: &mut AppCtx<'_>) -> Result<Option<String>, String> {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return Ok(None) };
        let reference = ctx.store.request(id).map_err(|error| i18n::store_error(lang, &error))?.reference;
        let out = crate::replies::replies_folder(ctx.store.path()).join(format!("vastaus-{reference}.pdf"));
        let printed = crate::replies::print_access_reply(ctx.store, id, self.inputs.reply_lang, &out, ctx.today)
            .map_err(|error| match error {
                crate::replies::ReplyError::Store(error) => i18n::store_error(lang, &error),
                other => other.to_string(),
            })?;
        let shown = ctx.dialogs.show_file(&printed.file);
        let mut message = i18n::trf(lang, T::ReplyPrinted, &[&printed.file.display()]);
        if let Err(problem) = shown {
            message.push_str(&format!(" ({problem})"));
        }
        Ok(Some(message))
    }
}
