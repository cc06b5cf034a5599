//! The Audit tab: the audit trail a page at a time, newest first, filtered by user, customer,
//! action and date range (the store answers each page from an index, so a long trail stays
//! fast), and "Verify chain", which walks the hash chain on a worker thread and names the first
//! broken link. Opening the trail is itself recorded.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread::JoinHandle;

use egui_extras::{Column, TableBuilder};

use crate::domain::audit::AuditAction;
use crate::domain::customer::CustomerId;
use crate::domain::user::{User, UserId};
use crate::domain::{Lang, finnish_date, parse_date};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, AuditCursor, AuditFilter, AuditPage, ChainBreak, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// Rows a page shows.
const PAGE_ROWS: usize = 200;

/// The trail as shown: the page, how many rows match, and where each page so far began.
struct Shown {
    filter: AuditFilter,
    /// Where each page up to the current one began (`None`: at the newest row).
    page_starts: Vec<Option<AuditCursor>>,
    page: AuditPage,
    matching: i64,
}

impl Shown {
    fn load(store: &Store, filter: AuditFilter, page_starts: Vec<Option<AuditCursor>>) -> store::Result<Self> {
        let start = page_starts.last().cloned().flatten();
        let page = store.audit_page(&filter, start.as_ref(), PAGE_ROWS)?;
        let matching = store.audit_count_matching(&filter)?;
        Ok(Self { filter, page_starts, page, matching })
    }

    /// The number of the first row on this page, counting from the newest (1-based).
    fn first_row(&self) -> usize {
        (self.page_starts.len() - 1) * PAGE_ROWS + 1
    }
}

/// The filter as typed.
#[derive(Default)]
struct FilterInput {
    user: Option<UserId>,
    customer: String,
    action: Option<AuditAction>,
    from: String,
    to: String,
}

impl FilterInput {
    /// The filter, or `None` while a typed date or number does not parse.
    fn parsed(&self) -> Option<AuditFilter> {
        let date = |text: &str| if text.trim().is_empty() { Some(None) } else { parse_date(text).map(Some) };
        let customer =
            if self.customer.trim().is_empty() { None } else { Some(CustomerId(self.customer.trim().parse().ok()?)) };
        Some(AuditFilter {
            user: self.user,
            customer,
            action: self.action,
            from: date(&self.from)?,
            to: date(&self.to)?,
        })
    }
}

/// The chain check running on its worker, or its answer.
enum Verification {
    Running(Receiver<store::Result<Option<ChainBreak>>>, JoinHandle<()>),
    Done(store::Result<Option<ChainBreak>>),
}

#[derive(Default)]
pub struct AuditTab {
    /// Whether this opening of the tab was recorded and the users were read.
    opened: Option<Result<Vec<User>, store::Error>>,
    input: FilterInput,
    shown: Option<Result<Shown, store::Error>>,
    verification: Option<Verification>,
}

impl AuditTab {
    pub fn reload(&mut self) {
        self.opened = None;
        self.shown = None;
        self.verification = None;
    }

    /// The chain check is still running (tests wait for it).
    pub fn is_busy(&self) -> bool {
        matches!(self.verification, Some(Verification::Running(..)))
    }

    /// Waits for the chain check's worker, so that its connection is closed (before a restore
    /// replaces the register file).
    pub fn close_workers(&mut self) {
        if let Some(Verification::Running(_, worker)) = self.verification.take() {
            let _ = worker.join();
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Self { opened, input, shown, verification } = self;
        let users = match opened.get_or_insert_with(|| {
            ctx.store.record_audit_viewed()?;
            ctx.store.users()
        }) {
            Ok(users) => users,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        filters_ui(ui, lang, input, users);
        let wanted = input.parsed();
        if wanted.is_none() {
            ui.colored_label(theme::overdue(ui), i18n::tr(lang, T::AuditFilterInvalid));
        }
        // A changed filter starts again from the newest matching row.
        if let Some(filter) = wanted
            && shown.as_ref().is_none_or(|shown| shown.as_ref().is_ok_and(|shown| shown.filter != filter))
        {
            *shown = Some(Shown::load(ctx.store, filter, vec![None]));
        }
        verify_ui(ui, ctx, verification);
        let current = match shown {
            Some(Ok(current)) => current,
            Some(Err(error)) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
            None => return,
        };
        if let Some(page_starts) = pager_ui(ui, lang, current) {
            let filter = current.filter.clone();
            *shown = Some(Shown::load(ctx.store, filter, page_starts));
            return;
        }
        table_ui(ui, lang, &current.page);
    }
}

fn filters_ui(ui: &mut egui::Ui, lang: Lang, input: &mut FilterInput, users: &[User]) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(i18n::tr(lang, T::ColUser));
        let user_name = |id: UserId| users.iter().find(|user| user.id == id).map_or("?", |user| user.username.as_str());
        egui::ComboBox::from_id_salt("audit_user")
            .selected_text(input.user.map_or(i18n::tr(lang, T::FilterAll), user_name))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut input.user, None, i18n::tr(lang, T::FilterAll));
                for user in users {
                    ui.selectable_value(&mut input.user, Some(user.id), &user.username);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(i18n::tr(lang, T::AuditFilterAction));
        egui::ComboBox::from_id_salt("audit_action")
            .selected_text(input.action.map_or(i18n::tr(lang, T::FilterAll), |action| action.label(lang)))
            .width(220.0)
            // Every action at once, without scrolling the list.
            .height(720.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut input.action, None, i18n::tr(lang, T::FilterAll));
                for action in AuditAction::ALL {
                    ui.selectable_value(&mut input.action, Some(*action), action.label(lang));
                }
            })
            .response
            .labelled_by(label.id);
        for (label, text, width) in [
            (T::AuditFilterCustomer, &mut input.customer, 70.0),
            (T::AuditFilterFrom, &mut input.from, 90.0),
            (T::AuditFilterTo, &mut input.to, 90.0),
        ] {
            let label = ui.label(i18n::tr(lang, label));
            ui.add(egui::TextEdit::singleline(text).desired_width(width)).labelled_by(label.id);
        }
        if ui.button(i18n::tr(lang, T::AuditClearFilters)).clicked() {
            *input = FilterInput::default();
        }
    });
}

fn verify_ui(ui: &mut egui::Ui, ctx: &mut AppCtx<'_>, verification: &mut Option<Verification>) {
    let lang = ctx.lang;
    if let Some(Verification::Running(outcome, _)) = verification {
        match outcome.try_recv() {
            Ok(result) => *verification = Some(Verification::Done(result)),
            Err(TryRecvError::Disconnected) => *verification = Some(Verification::Done(Err(store::Error::Cancelled))),
            Err(TryRecvError::Empty) => ui.ctx().request_repaint_after(std::time::Duration::from_millis(50)),
        }
    }
    ui.horizontal_wrapped(|ui| {
        let running = matches!(verification, Some(Verification::Running(..)));
        if ui.add_enabled(!running, egui::Button::new(i18n::tr(lang, T::Verify))).clicked() {
            *verification = Some(start_verification(ctx.store, ui.ctx().clone()));
        }
        match verification {
            Some(Verification::Running(..)) => {
                ui.spinner();
                ui.label(i18n::tr(lang, T::Verifying));
            }
            Some(Verification::Done(Ok(None))) => {
                ui.colored_label(theme::good(ui), i18n::tr(lang, T::ChainIntact));
            }
            Some(Verification::Done(Ok(Some(broken)))) => {
                ui.colored_label(theme::overdue(ui), i18n::chain_broken(lang, broken));
            }
            Some(Verification::Done(Err(error))) => widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
            None => {}
        }
    });
}

/// Walks the chain on its own connection, so a long trail does not stop the window.
fn start_verification(store: &Store, egui_ctx: egui::Context) -> Verification {
    let reader = match store.reader() {
        Ok(reader) => reader,
        Err(error) => return Verification::Done(Err(error)),
    };
    let (sender, outcome) = channel();
    let spawned = std::thread::Builder::new().name("audit-verify".into()).spawn(move || {
        let _ = sender.send(reader.verify_audit_chain());
        egui_ctx.request_repaint();
    });
    match spawned {
        Ok(worker) => Verification::Running(outcome, worker),
        Err(error) => Verification::Done(Err(store::Error::Io(error))),
    }
}

/// "Rows 1–200 of 5 000" with Newer and Older; returns the page starts to load when one is clicked.
fn pager_ui(ui: &mut egui::Ui, lang: Lang, shown: &Shown) -> Option<Vec<Option<AuditCursor>>> {
    let mut wanted = None;
    ui.horizontal(|ui| {
        if shown.page.entries.is_empty() {
            ui.label(i18n::tr(lang, T::AuditNoRows));
            return;
        }
        let first = shown.first_row();
        let last = first + shown.page.entries.len() - 1;
        ui.label(i18n::trf(lang, T::AuditRows, &[&first, &last, &shown.matching]));
        if ui.add_enabled(shown.page_starts.len() > 1, egui::Button::new(i18n::tr(lang, T::AuditNewer))).clicked() {
            let mut starts = shown.page_starts.clone();
            starts.pop();
            wanted = Some(starts);
        }
        if ui.add_enabled(shown.page.older.is_some(), egui::Button::new(i18n::tr(lang, T::AuditOlder))).clicked() {
            let mut starts = shown.page_starts.clone();
            starts.push(shown.page.older.clone());
            wanted = Some(starts);
        }
    });
    wanted
}

fn table_ui(ui: &mut egui::Ui, lang: Lang, page: &AuditPage) {
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
            body.rows(24.0, page.entries.len(), |mut row| {
                let Some(entry) = page.entries.get(row.index()) else { return };
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
