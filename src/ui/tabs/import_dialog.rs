//! The import dialog: the file's columns with the field each is read as (changeable), a preview
//! of the first people, every rejected row with its reason, and then — only when the user says
//! so — the import of the valid rows on a worker thread with a progress bar and a Cancel button.
//! Cancelling, or choosing "import nothing", leaves the register as it was.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::domain::Lang;
use crate::domain::customer::{ImportSummary, IncomingCustomer, Provenance, Source};
use crate::exchange::{self, ImportField, ParsedImport, Table};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, Store};
use crate::ui::theme;

/// How many rows the preview shows, and how many rejected rows are listed.
const PREVIEW_ROWS: usize = 8;
const LISTED_ERRORS: usize = 200;

enum Phase {
    Preview,
    Running { done: Arc<AtomicUsize>, cancel: Arc<AtomicBool>, outcome: Receiver<store::Result<ImportSummary>> },
    Finished(Result<ImportSummary, String>),
}

pub struct ImportDialog {
    file_name: String,
    table: Table,
    mapping: Vec<ImportField>,
    parsed: ParsedImport,
    today: chrono::NaiveDate,
    phase: Phase,
}

/// What the dialog tells the tab when it closes.
pub enum ImportOutcome {
    Open,
    Closed,
    /// The register changed: the list and the counts need a refresh.
    Imported(ImportSummary),
}

impl ImportDialog {
    /// Reads the file the user picked; a file that is not a table is refused with its reason.
    pub fn open(path: &Path, today: chrono::NaiveDate, lang: Lang) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|error| format!("{}: {}", path.display(), i18n::file_error(lang, &error)))?;
        let table = exchange::read_table(&bytes)
            .map_err(|error| format!("{}: {}", path.display(), i18n::import_file_error(lang, &error)))?;
        let mapping = exchange::guess_mapping(&table.headers);
        let file_name =
            path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
        let mut dialog =
            Self { file_name, table, mapping, parsed: ParsedImport::default(), today, phase: Phase::Preview };
        dialog.reparse();
        Ok(dialog)
    }

    fn reparse(&mut self) {
        let provenance = Provenance::new(Source::ImportFile, self.file_name.clone(), self.today);
        self.parsed = exchange::parse_rows(&self.table, &self.mapping, &provenance);
    }

    /// The import is running in the background.
    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, lang: Lang) -> ImportOutcome {
        let mut outcome = ImportOutcome::Open;
        if let Phase::Running { outcome: receiver, .. } = &self.phase
            && let Ok(result) = receiver.try_recv()
        {
            if let Ok(summary) = &result {
                outcome = ImportOutcome::Imported(*summary);
            }
            self.phase = Phase::Finished(result.map_err(|error| i18n::store_error(lang, &error)));
        }
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            ui.set_max_width(900.0);
            ui.heading(i18n::trf(lang, T::ImportTitle, &[&self.file_name]));
            match &self.phase {
                Phase::Preview => {
                    if let Some(closed) = self.preview_ui(ui, store, lang) {
                        outcome = closed;
                    }
                }
                Phase::Running { done, cancel, .. } => {
                    let total = self.parsed.rows.len().max(1);
                    let done = done.load(Ordering::Relaxed).min(total);
                    ui.add(egui::ProgressBar::new(done as f32 / total as f32).show_percentage());
                    ui.label(i18n::trf(lang, T::ImportProgress, &[&done, &total]));
                    if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                        cancel.store(true, Ordering::Relaxed);
                    }
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
                }
                Phase::Finished(result) => {
                    match result {
                        Ok(summary) => {
                            ui.colored_label(
                                theme::good(ui),
                                i18n::import_summary(lang, summary, self.parsed.rejected_row_count()),
                            );
                        }
                        Err(message) => {
                            ui.colored_label(theme::overdue(ui), message);
                        }
                    }
                    if ui.button(i18n::tr(lang, T::Close)).clicked() {
                        outcome = ImportOutcome::Closed;
                    }
                }
            }
        });
        outcome
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, store: &Store, lang: Lang) -> Option<ImportOutcome> {
        ui.label(i18n::trf(
            lang,
            T::ImportFileFacts,
            &[&self.table.rows.len(), &(self.table.delimiter as char), &format!("{:?}", self.table.encoding)],
        ));
        ui.strong(i18n::tr(lang, T::ImportMapping));
        let mut changed = false;
        egui::ScrollArea::vertical().id_salt("mapping").max_height(220.0).show(ui, |ui| {
            egui::Grid::new("mapping_grid").num_columns(2).striped(true).show(ui, |ui| {
                for (index, header) in self.table.headers.iter().enumerate() {
                    let Some(field) = self.mapping.get_mut(index) else { continue };
                    let label = ui.label(header);
                    egui::ComboBox::from_id_salt(("mapping", index))
                        .selected_text(field.label(lang))
                        .show_ui(ui, |ui| {
                            for option in ImportField::ALL {
                                changed |= ui.selectable_value(field, *option, option.label(lang)).changed();
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                }
            });
        });
        if changed {
            self.reparse();
        }
        ui.strong(i18n::tr(lang, T::ImportPreview));
        egui::Grid::new("import_preview").num_columns(4).striped(true).show(ui, |ui| {
            for row in self.parsed.rows.iter().take(PREVIEW_ROWS) {
                let customer = &row.customer;
                ui.label(customer.display_name());
                ui.label(customer.emails.first().map_or("", |email| email.address.as_str()));
                ui.label(
                    customer
                        .phones
                        .first()
                        .map_or(String::new(), |phone| crate::domain::validate::phone_display(&phone.number)),
                );
                ui.label(customer.addresses.first().map_or("", |address| address.city.as_str()));
                ui.end_row();
            }
        });
        let rejected = self.parsed.rejected_row_count();
        if rejected > 0 {
            ui.colored_label(theme::overdue(ui), i18n::trf(lang, T::ImportRejected, &[&rejected]));
            egui::ScrollArea::vertical().id_salt("import_errors").max_height(160.0).show(ui, |ui| {
                for error in self.parsed.errors.iter().take(LISTED_ERRORS) {
                    ui.label(i18n::import_row_error(lang, error));
                }
            });
        }
        let valid = self.parsed.rows.len();
        let mut outcome = None;
        ui.horizontal(|ui| {
            if ui.add_enabled(valid > 0, egui::Button::new(i18n::trf(lang, T::ImportValidRows, &[&valid]))).clicked() {
                self.start(store, lang);
            }
            if ui.button(i18n::tr(lang, T::ImportNothing)).clicked() {
                outcome = Some(ImportOutcome::Closed);
            }
        });
        outcome
    }

    /// Starts the import on its own connection, so the window stays responsive.
    fn start(&mut self, store: &Store, lang: Lang) {
        let rows: Vec<IncomingCustomer> =
            self.parsed.rows.iter().cloned().map(exchange::ImportRow::into_incoming).collect();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, outcome) = channel();
        let mut writer = match store.reader() {
            Ok(writer) => writer,
            Err(error) => {
                self.phase = Phase::Finished(Err(i18n::store_error(lang, &error)));
                return;
            }
        };
        let file_name = self.file_name.clone();
        let (thread_done, thread_cancel) = (Arc::clone(&done), Arc::clone(&cancel));
        let spawned = std::thread::Builder::new().name("customer-import".into()).spawn(move || {
            let result = writer.import_customers(&rows, &file_name, |rows_done| {
                thread_done.store(rows_done, Ordering::Relaxed);
                !thread_cancel.load(Ordering::Relaxed)
            });
            // The dialog may be gone; then nobody needs the result.
            let _ = sender.send(result);
        });
        self.phase = match spawned {
            Ok(_) => Phase::Running { done, cancel, outcome },
            Err(error) => Phase::Finished(Err(error.to_string())),
        };
    }
}
