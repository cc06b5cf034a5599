//! The Consents tab: a table of people × consent-based purposes and channels with a checkbox per
//! cell. Unticking records a withdrawal at once (its source and note come from the defaults bar
//! above the table); ticking asks for the evidence first, because a consent is never granted
//! without one. Each row can withdraw everything in one click after a confirmation; choosing a
//! person opens their ledger and objections beside the table. The state shown is always the fold
//! of the ledger, read again after every write. The overview view holds the counts and charts.

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use super::consent_lists::{ContactListPanel, WithdrawalImportPanel};
use super::consent_overview::ConsentOverviewView;
use super::consent_person::PersonPanel;
use crate::domain::consent::{Channel, ConsentAction, ConsentEvent, ConsentStanding, has_consent, objection_overrides};
use crate::domain::customer::{CustomerId, Source};
use crate::domain::register::Purpose;
use crate::domain::{Lang, finnish_date, parse_date};
use crate::i18n::{self, Label as _, T};
use crate::store::{ConsentRow, CustomerQuery, Store};
use crate::ui::app::AppCtx;
use crate::ui::list_loader::{ListLoader, RowPage};
use crate::ui::widgets;

const ROW_HEIGHT: f32 = 26.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConsentView {
    Matrix,
    Overview,
    /// Who may be contacted (marketing lists as disclosures) and unsubscribe files.
    Lists,
}

/// How withdrawals made with one click are recorded: editable above the table.
pub(super) struct RecordingDefaults {
    pub source: Source,
    pub note: String,
}

/// A consent being ticked on: it waits for its evidence.
struct GrantDraft {
    customer: CustomerId,
    name: String,
    purpose: Purpose,
    channel: Channel,
    source: Source,
    evidence: String,
    date: String,
    /// The objections of the person that would override this consent, for a warning.
    overriding: Vec<String>,
    problem: Option<String>,
}

/// "Withdraw all" waiting for its confirmation.
struct WithdrawAllConfirm {
    customer: CustomerId,
    name: String,
    standing: usize,
}

/// A click in the table, handled after the table is drawn.
enum CellAction {
    Withdraw(CustomerId, String, Purpose, Channel),
    Grant(Box<GrantDraft>),
    WithdrawAll(WithdrawAllConfirm),
    Select(CustomerId),
}

pub struct ConsentsTab {
    view: ConsentView,
    loader: Option<ListLoader>,
    loader_error: Option<String>,
    query: CustomerQuery,
    query_sent: Option<CustomerQuery>,
    ids: Vec<CustomerId>,
    page: RowPage<ConsentRow>,
    purposes: Option<Vec<Purpose>>,
    defaults: RecordingDefaults,
    grant: Option<GrantDraft>,
    withdraw_all: Option<WithdrawAllConfirm>,
    person: PersonPanel,
    overview: ConsentOverviewView,
    contact_list: ContactListPanel,
    withdrawal_import: WithdrawalImportPanel,
    error: Option<String>,
}

impl Default for ConsentsTab {
    fn default() -> Self {
        Self {
            view: ConsentView::Matrix,
            loader: None,
            loader_error: None,
            query: CustomerQuery::default(),
            query_sent: None,
            ids: Vec::new(),
            page: RowPage::default(),
            purposes: None,
            defaults: RecordingDefaults { source: Source::Phone, note: String::new() },
            grant: None,
            withdraw_all: None,
            person: PersonPanel::default(),
            overview: ConsentOverviewView::default(),
            contact_list: ContactListPanel::default(),
            withdrawal_import: WithdrawalImportPanel::default(),
            error: None,
        }
    }
}

impl ConsentsTab {
    /// Reads everything again when the tab is opened (another tab may have changed the ledger).
    pub fn reload(&mut self) {
        self.purposes = None;
        self.query_sent = None;
        self.page = RowPage::default();
        self.person.reload();
        self.overview.reload();
        self.contact_list.refresh();
    }

    /// What the shown view waits for is still loading (a view not shown loads when it is shown).
    pub fn is_busy(&self) -> bool {
        match self.view {
            // Before its first frame the worker has not started yet: that counts as loading too.
            ConsentView::Matrix => self.loader.as_ref().map_or(self.loader_error.is_none(), |loader| {
                loader.is_pending() || self.query_sent.as_ref() != Some(&self.query)
            }),
            ConsentView::Overview => self.overview.is_loading(),
            ConsentView::Lists => self.contact_list.is_busy() || self.withdrawal_import.is_busy(),
        }
    }

    /// How many people the table lists now.
    pub fn match_count(&self) -> usize {
        self.ids.len()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        if self.defaults.note.is_empty() {
            self.defaults.note = i18n::tr(lang, T::DefaultWithdrawalNote).to_owned();
        }
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.view, ConsentView::Matrix, i18n::tr(lang, T::ConsentViewMatrix));
            ui.selectable_value(&mut self.view, ConsentView::Overview, i18n::tr(lang, T::ConsentViewOverview));
            ui.selectable_value(&mut self.view, ConsentView::Lists, i18n::tr(lang, T::ContactListsSection));
        });
        ui.separator();
        match self.view {
            ConsentView::Matrix => self.matrix_view(ui, ctx),
            ConsentView::Overview => self.overview.ui(ui, ctx),
            ConsentView::Lists => {
                egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                    self.contact_list.ui(ui, ctx);
                    ui.add_space(12.0);
                    if self.withdrawal_import.ui(ui, ctx) {
                        self.after_write(ctx);
                    }
                });
            }
        }
    }

    fn matrix_view(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        if self.loader.is_none() && self.loader_error.is_none() {
            match ctx
                .store
                .reader()
                .map_err(|error| i18n::store_error(lang, &error))
                .and_then(|reader| ListLoader::start(reader, ui.ctx().clone()).map_err(|error| error.to_string()))
            {
                Ok(loader) => self.loader = Some(loader),
                Err(message) => self.loader_error = Some(message),
            }
        }
        if let Some(message) = &self.loader_error {
            return crate::ui::widgets::load_error(ui, lang, message);
        }
        let purposes = match &self.purposes {
            Some(purposes) => purposes.clone(),
            None => match ctx.store.purposes() {
                Ok(all) => self.purposes.insert(all.into_iter().filter(Purpose::asks_consent).collect()).clone(),
                Err(error) => return crate::ui::widgets::load_error(ui, lang, &i18n::store_error(lang, &error)),
            },
        };
        self.exchange_with_worker(ui, lang);
        self.filter_bar(ui, lang, &purposes);
        self.defaults_bar(ui, lang);
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.separator();

        let mut action = None;
        if self.person.selected().is_some() {
            egui::Panel::right("consent_person")
                .resizable(true)
                .default_size(360.0)
                .show(ui, |ui| self.person.ui(ui, ctx, &purposes, &self.defaults));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            action = self.table(ui, ctx.store, lang, &purposes, ctx.today);
        });
        if let Some(action) = action {
            self.handle(action, ctx);
        }
        self.grant_modal(ui, ctx);
        self.withdraw_all_modal(ui, ctx);
        if self.person.take_changed() {
            self.after_write(ctx);
        }
    }

    fn exchange_with_worker(&mut self, ui: &egui::Ui, lang: Lang) {
        let Some(loader) = &mut self.loader else { return };
        match loader.exchange(&self.query, &mut self.query_sent, ui.ctx()) {
            Some(Ok(ids)) => {
                self.ids = ids;
                self.page = RowPage::default();
                self.error = None;
            }
            Some(Err(error)) => self.error = Some(i18n::store_error(lang, &error)),
            None => {}
        }
    }

    fn filter_bar(&mut self, ui: &mut egui::Ui, lang: Lang, purposes: &[Purpose]) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::SearchLabel));
            ui.add(
                egui::TextEdit::singleline(&mut self.query.text)
                    .hint_text(i18n::tr(lang, T::SearchHint))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            ui.separator();
            let purpose_label = ui.label(i18n::tr(lang, T::ConsentFilterPurpose));
            let selected = self.query.consent_purpose.and_then(|id| purposes.iter().find(|purpose| purpose.id == id));
            egui::ComboBox::from_id_salt("consents_purpose_filter")
                .selected_text(selected.map_or(i18n::tr(lang, T::ConsentAllPurposes), |purpose| purpose.name.get(lang)))
                .width(260.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.consent_purpose, None, i18n::tr(lang, T::ConsentAllPurposes));
                    for purpose in purposes {
                        ui.selectable_value(&mut self.query.consent_purpose, Some(purpose.id), purpose.name.get(lang));
                    }
                })
                .response
                .labelled_by(purpose_label.id);
            if self.query.consent_purpose.is_some() {
                let state_label = ui.label(i18n::tr(lang, T::ConsentFilterState));
                egui::ComboBox::from_id_salt("consents_state_filter")
                    .selected_text(self.query.consent_standing.label(lang))
                    .show_ui(ui, |ui| {
                        for standing in ConsentStanding::ALL {
                            ui.selectable_value(&mut self.query.consent_standing, *standing, standing.label(lang));
                        }
                    })
                    .response
                    .labelled_by(state_label.id);
            }
            ui.checkbox(&mut self.query.with_objection, i18n::tr(lang, T::FilterObjection));
            ui.separator();
            if self.loader.as_ref().is_some_and(ListLoader::is_pending) {
                ui.spinner();
                ui.label(i18n::tr(lang, T::Searching));
            } else {
                ui.label(i18n::trf(lang, T::Matches, &[&crate::domain::count_text(self.ids.len(), lang)]));
            }
        });
    }

    fn defaults_bar(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(i18n::tr(lang, T::WithdrawalDefaults));
            let source_label = ui.label(i18n::tr(lang, T::WithdrawalCameBy));
            source_combo(ui, "withdrawal_source", &mut self.defaults.source, lang).labelled_by(source_label.id);
            let note_label = ui.label(i18n::tr(lang, T::WithdrawalNote));
            ui.add(egui::TextEdit::singleline(&mut self.defaults.note).desired_width(260.0)).labelled_by(note_label.id);
        });
    }

    /// The table of people × purpose channels; returns what was clicked.
    fn table(
        &mut self,
        ui: &mut egui::Ui,
        store: &Store,
        lang: Lang,
        purposes: &[Purpose],
        today: NaiveDate,
    ) -> Option<CellAction> {
        if self.ids.is_empty() && !self.is_busy() {
            ui.add_space(12.0);
            ui.label(i18n::tr(lang, T::NoMatches));
            return None;
        }
        let shown: Vec<&Purpose> = match self.query.consent_purpose {
            Some(id) => purposes.iter().filter(|purpose| purpose.id == id).collect(),
            None => purposes.iter().collect(),
        };
        let columns: Vec<(&Purpose, Channel)> =
            shown.iter().flat_map(|purpose| purpose.channels.iter().map(move |channel| (*purpose, *channel))).collect();
        let Self { ids, page, error, person, .. } = self;
        let selected = person.selected();
        let mut action = None;
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        egui::ScrollArea::horizontal().show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt("consent_matrix")
                .striped(true)
                .auto_shrink(false)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(160.0).at_least(110.0).clip(true));
            for _ in &columns {
                table = table.column(Column::exact(74.0).clip(true));
            }
            table
                .column(Column::initial(110.0).at_least(80.0).clip(true))
                .column(Column::exact(118.0))
                .header(44.0, |mut header| {
                    header.col(|ui| {
                        ui.strong(i18n::tr(lang, T::ColName));
                    });
                    for (purpose, channel) in &columns {
                        header.col(|ui| {
                            // Two lines: the purpose (cut to the column) and the channel.
                            ui.vertical(|ui| {
                                ui.add(
                                    egui::Label::new(egui::RichText::new(purpose.name.get(lang)).strong().small())
                                        .truncate(),
                                );
                                let channel_text = if *channel == Channel::Any { "" } else { channel.label(lang) };
                                ui.add(egui::Label::new(egui::RichText::new(channel_text).small()).truncate());
                            })
                            .response
                            .on_hover_text(format!(
                                "{} – {}",
                                purpose.name.get(lang),
                                channel.label(lang)
                            ));
                        });
                    }
                    header.col(|ui| {
                        ui.strong(i18n::tr(lang, T::ObjectionsHeading));
                    });
                    header.col(|_| {});
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, ids.len(), |mut row| {
                        let index = row.index();
                        if let Err(failure) = page.ensure(index, ids, |some| store.consent_rows(some)) {
                            *error = Some(i18n::store_error(lang, &failure));
                        }
                        let Some(line) = page.get(index) else { return };
                        row.set_selected(selected == Some(line.id));
                        row.col(|ui| {
                            if ui.selectable_label(selected == Some(line.id), &line.name).clicked() {
                                action = Some(CellAction::Select(line.id));
                            }
                        });
                        for (purpose, channel) in &columns {
                            row.col(|ui| {
                                if let Some(clicked) = consent_cell(ui, lang, line, purpose, *channel, today) {
                                    action = Some(clicked);
                                }
                            });
                        }
                        row.col(|ui| {
                            let text =
                                line.objections.iter().map(|kind| kind.label(lang)).collect::<Vec<_>>().join(", ");
                            ui.colored_label(ui.visuals().error_fg_color, text);
                        });
                        row.col(|ui| {
                            let standing = line.consents.values().filter(|state| state.given).count();
                            let button = ui.add_enabled(
                                standing > 0,
                                egui::Button::new(i18n::tr(lang, T::WithdrawAllShort)).small(),
                            );
                            if button.clicked() {
                                action = Some(CellAction::WithdrawAll(WithdrawAllConfirm {
                                    customer: line.id,
                                    name: line.name.clone(),
                                    standing,
                                }));
                            }
                        });
                    });
                });
        });
        action
    }

    fn handle(&mut self, action: CellAction, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        match action {
            CellAction::Select(id) => self.person.select(id),
            CellAction::Grant(draft) => self.grant = Some(*draft),
            CellAction::WithdrawAll(confirm) => self.withdraw_all = Some(confirm),
            CellAction::Withdraw(customer, name, purpose, channel) => {
                let event = ConsentEvent {
                    id: 0,
                    customer_id: customer,
                    purpose_id: purpose.id,
                    channel,
                    action: ConsentAction::Withdrawn,
                    occurred_at: now_on(ctx.today),
                    source: self.defaults.source,
                    evidence: self.defaults.note.trim().to_owned(),
                    recorded_by: ctx.store.actor(),
                };
                match ctx.store.record_consent(&event) {
                    Ok(_) => {
                        ctx.message = Some(i18n::trf(
                            lang,
                            T::ConsentWithdrawnOne,
                            &[&name, &purpose.name.get(lang), &channel.label(lang)],
                        ));
                        self.after_write(ctx);
                    }
                    Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
                }
            }
        }
    }

    /// After any write: the page, the person's panel and the overview are read again.
    fn after_write(&mut self, ctx: &mut AppCtx<'_>) {
        self.page = RowPage::default();
        // The filter may no longer hold for the person just changed.
        self.query_sent = None;
        self.person.reload();
        self.overview.reload();
        self.contact_list.refresh();
        ctx.counts_changed = true;
    }

    fn grant_modal(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some(draft) = &mut self.grant else { return };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("consent_grant")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading(i18n::tr(lang, T::GrantTitle));
            ui.label(i18n::trf(
                lang,
                T::ConsentCellLabel,
                &[&draft.name, &draft.purpose.name.get(lang), &draft.channel.label(lang)],
            ));
            if !draft.overriding.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    i18n::trf(lang, T::GrantOverriddenWarning, &[&draft.overriding.join(", ")]),
                );
            }
            egui::Grid::new("grant_form").num_columns(2).show(ui, |ui| {
                let source_label = ui.label(i18n::tr(lang, T::GrantSource));
                source_combo(ui, "grant_source", &mut draft.source, lang).labelled_by(source_label.id);
                ui.end_row();
                let evidence_label = ui.label(i18n::tr(lang, T::ColEvidence));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.evidence)
                        .hint_text(i18n::tr(lang, T::GrantEvidenceHint))
                        .desired_width(320.0),
                )
                .labelled_by(evidence_label.id);
                ui.end_row();
                let date_label = ui.label(i18n::tr(lang, T::GrantDate));
                ui.add(egui::TextEdit::singleline(&mut draft.date).desired_width(120.0)).labelled_by(date_label.id);
                ui.end_row();
            });
            if let Some(problem) = &draft.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            choice = widgets::dialog_buttons(ui, lang, i18n::tr(lang, T::GrantSave));
        });
        match choice {
            Some(true) => {
                let date = parse_date(&draft.date).filter(|date| *date <= ctx.today);
                let Some(date) = date else {
                    draft.problem = Some(i18n::tr(lang, T::GrantDateInvalid).to_owned());
                    return;
                };
                let event = ConsentEvent {
                    id: 0,
                    customer_id: draft.customer,
                    purpose_id: draft.purpose.id,
                    channel: draft.channel,
                    action: ConsentAction::Given,
                    occurred_at: if date == ctx.today { now_on(ctx.today) } else { start_of(date) },
                    source: draft.source,
                    evidence: draft.evidence.trim().to_owned(),
                    recorded_by: ctx.store.actor(),
                };
                match ctx.store.record_consent(&event) {
                    Ok(_) => {
                        ctx.message = Some(i18n::trf(
                            lang,
                            T::ConsentGivenOne,
                            &[&draft.name, &draft.purpose.name.get(lang), &draft.channel.label(lang)],
                        ));
                        self.grant = None;
                        self.after_write(ctx);
                    }
                    // The modal stays open with the reason (most often: the evidence is missing).
                    Err(error) => draft.problem = Some(i18n::store_error(lang, &error)),
                }
            }
            Some(false) => self.grant = None,
            None => {}
        }
    }

    fn withdraw_all_modal(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some(confirm) = &self.withdraw_all else { return };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("consent_withdraw_all")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading(i18n::tr(lang, T::WithdrawAllConfirmTitle));
            ui.label(i18n::trf(
                lang,
                T::WithdrawAllConfirmText,
                &[&confirm.name, &confirm.standing, &self.defaults.source.label(lang), &self.defaults.note],
            ));
            choice = widgets::dialog_buttons(ui, lang, i18n::tr(lang, T::WithdrawAllShort));
        });
        match choice {
            Some(true) => {
                let (customer, name) = (confirm.customer, confirm.name.clone());
                self.withdraw_all = None;
                match ctx.store.withdraw_all_consents(customer, self.defaults.source, self.defaults.note.trim()) {
                    Ok(count) => {
                        ctx.message = Some(i18n::trf(lang, T::ConsentsWithdrawnFor, &[&name, &count]));
                        self.after_write(ctx);
                    }
                    Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
                }
            }
            Some(false) => self.withdraw_all = None,
            None => {}
        }
    }
}

/// One checkbox of the table. Its accessible name is "person: purpose, channel", so tests and
/// screen readers find it.
fn consent_cell(
    ui: &mut egui::Ui,
    lang: Lang,
    line: &ConsentRow,
    purpose: &Purpose,
    channel: Channel,
    today: NaiveDate,
) -> Option<CellAction> {
    let given = has_consent(&line.consents, purpose.id, channel);
    let overridden = objection_overrides(purpose, &line.objections);
    let mut ticked = given;
    let label = i18n::trf(lang, T::ConsentCellLabel, &[&line.name, &purpose.name.get(lang), &channel.label(lang)]);
    let response = ui.add(egui::Checkbox::without_text(&mut ticked));
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, ticked, &label));
    let since = line
        .consents
        .get(&(purpose.id, channel))
        .or_else(|| line.consents.get(&(purpose.id, Channel::Any)))
        .map(|state| finnish_date(state.since.date()));
    if given && overridden {
        ui.colored_label(ui.visuals().error_fg_color, "⚠");
    }
    let mut hover = label.clone();
    if let Some(since) = &since {
        hover.push_str(&format!("\n{} {since}", i18n::tr(lang, T::ColWhen)));
    }
    if given && overridden {
        hover.push('\n');
        hover.push_str(i18n::tr(lang, T::ObjectionOverridesHint));
    }
    let response = response.on_hover_text(hover);
    if !response.clicked() || ticked == given {
        return None;
    }
    if given {
        Some(CellAction::Withdraw(line.id, line.name.clone(), purpose.clone(), channel))
    } else {
        let overriding = purpose
            .overridden_by
            .iter()
            .filter(|kind| line.objections.contains(kind))
            .map(|kind| kind.label(lang).to_owned())
            .collect();
        Some(CellAction::Grant(Box::new(GrantDraft {
            customer: line.id,
            name: line.name.clone(),
            purpose: purpose.clone(),
            channel,
            source: Source::ReplyCard,
            evidence: String::new(),
            date: finnish_date(today),
            overriding,
            problem: None,
        })))
    }
}

/// A combo box of the sources a person gives their own data through.
pub(super) fn source_combo(ui: &mut egui::Ui, id: &str, source: &mut Source, lang: Lang) -> egui::Response {
    egui::ComboBox::from_id_salt(id)
        .selected_text(source.label(lang))
        .show_ui(ui, |ui| {
            for choice in Source::FROM_THE_PERSON {
                ui.selectable_value(source, *choice, choice.label(lang));
            }
        })
        .response
}

/// The moment an entry made today is recorded at: now, on the register's "today".
pub(super) fn now_on(today: NaiveDate) -> chrono::NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    if now.date() == today { now } else { start_of(today) }
}

fn start_of(date: NaiveDate) -> chrono::NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN)
}
