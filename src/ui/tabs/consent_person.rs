//! The panel beside the consent table for the chosen person: their objections (§7 kielto-oikeus
//! and the marketing ban) as checkboxes, and their consent and objection history from the ledgers.
//! Making an objection is one click recorded with the tab's defaults; lifting one asks how the
//! person asked for it, because it lets marketing reach them again.

use crate::domain::consent::{
    ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind, standing_objections,
};
use crate::domain::customer::{CustomerId, Source};
use crate::domain::register::Purpose;
use crate::domain::{Lang, finnish_date};
use crate::i18n::{self, Label as _, T};
use crate::store::Store;
use crate::ui::app::AppCtx;
use crate::ui::widgets;

use super::consents::{RecordingDefaults, now_on, source_combo};

/// What the panel shows of one person, read from the ledgers.
struct PersonLedger {
    name: String,
    consents: Vec<ConsentEvent>,
    objections: Vec<ObjectionEvent>,
    standing: Vec<ObjectionKind>,
}

impl PersonLedger {
    fn load(store: &Store, id: CustomerId) -> crate::store::Result<Self> {
        let customer = store.customer(id)?;
        let objections = store.objection_events(id)?;
        Ok(Self {
            name: customer.display_name(),
            consents: store.consent_events(id)?,
            standing: standing_objections(&objections),
            objections,
        })
    }
}

/// Lifting an objection, waiting for its evidence.
struct LiftDraft {
    kind: ObjectionKind,
    source: Source,
    evidence: String,
    problem: Option<String>,
}

#[derive(Default)]
pub(super) struct PersonPanel {
    selected: Option<CustomerId>,
    ledger: Option<Result<PersonLedger, String>>,
    lift: Option<LiftDraft>,
    /// A write happened: the table must be read again.
    changed: bool,
    /// The opening of the record is still to be written to the audit trail.
    view_unlogged: bool,
}

impl PersonPanel {
    pub fn selected(&self) -> Option<CustomerId> {
        self.selected
    }

    pub fn select(&mut self, id: CustomerId) {
        if self.selected != Some(id) {
            self.selected = Some(id);
            self.ledger = None;
            self.lift = None;
            self.view_unlogged = true;
        }
    }

    pub fn reload(&mut self) {
        self.ledger = None;
    }

    /// Whether the panel wrote to the ledger since the last call.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>, purposes: &[Purpose], defaults: &RecordingDefaults) {
        let lang = ctx.lang;
        let Some(id) = self.selected else { return };
        if std::mem::take(&mut self.view_unlogged)
            && let Err(error) = ctx.store.record_customer_viewed(id)
        {
            ctx.message = Some(i18n::store_error(lang, &error));
        }
        let ledger = self
            .ledger
            .get_or_insert_with(|| PersonLedger::load(ctx.store, id).map_err(|error| i18n::store_error(lang, &error)));
        let ledger = match ledger {
            Ok(ledger) => ledger,
            Err(message) => {
                let message = message.clone();
                if ui.button(i18n::tr(lang, T::Close)).clicked() {
                    self.selected = None;
                }
                return widgets::load_error(ui, lang, &message);
            }
        };
        let mut close = false;
        let mut toggled = None;
        ui.horizontal(|ui| {
            ui.heading(&ledger.name);
            if ui.small_button(i18n::tr(lang, T::Close)).clicked() {
                close = true;
            }
        });
        ui.label(egui::RichText::new(format!("{} {}", i18n::tr(lang, T::ColNumber), id)).weak());
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            widgets::section(ui, i18n::tr(lang, T::SectionObjections));
            for kind in ObjectionKind::ALL {
                let standing = ledger.standing.contains(kind);
                let mut ticked = standing;
                if ui.checkbox(&mut ticked, kind.label(lang)).clicked() && ticked != standing {
                    toggled = Some((*kind, ticked));
                }
            }
            widgets::section(ui, i18n::tr(lang, T::PersonLedgerHeading));
            history(ui, lang, ledger, purposes);
        });
        if close {
            self.selected = None;
            self.ledger = None;
            return;
        }
        match toggled {
            Some((kind, true)) => {
                let event = ObjectionEvent {
                    id: 0,
                    customer_id: id,
                    kind,
                    action: ObjectionAction::Made,
                    occurred_at: now_on(ctx.today),
                    source: defaults.source,
                    evidence: defaults.note.trim().to_owned(),
                    recorded_by: ctx.store.actor(),
                };
                let name = ledger.name.clone();
                self.write_objection(ctx, &event, i18n::trf(lang, T::ObjectionMadeFor, &[&name, &kind.label(lang)]));
            }
            Some((kind, false)) => {
                self.lift = Some(LiftDraft { kind, source: Source::Email, evidence: String::new(), problem: None });
            }
            None => {}
        }
        self.lift_modal(ui, ctx, id);
    }

    fn write_objection(&mut self, ctx: &mut AppCtx<'_>, event: &ObjectionEvent, done: String) -> bool {
        match ctx.store.record_objection(event) {
            Ok(_) => {
                ctx.message = Some(done);
                self.ledger = None;
                self.changed = true;
                true
            }
            Err(error) => {
                ctx.message = Some(i18n::store_error(ctx.lang, &error));
                false
            }
        }
    }

    fn lift_modal(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>, id: CustomerId) {
        let lang = ctx.lang;
        let name = match &self.ledger {
            Some(Ok(ledger)) => ledger.name.clone(),
            _ => id.to_string(),
        };
        let Some(draft) = &mut self.lift else { return };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("objection_lift")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            ui.heading(i18n::tr(lang, T::LiftTitle));
            ui.label(i18n::trf(lang, T::LiftText, &[&name, &draft.kind.label(lang)]));
            egui::Grid::new("lift_form").num_columns(2).show(ui, |ui| {
                let source_label = ui.label(i18n::tr(lang, T::LiftSource));
                source_combo(ui, "lift_source", &mut draft.source, lang).labelled_by(source_label.id);
                ui.end_row();
                let evidence_label = ui.label(i18n::tr(lang, T::ColEvidence));
                ui.add(
                    egui::TextEdit::singleline(&mut draft.evidence)
                        .hint_text(i18n::tr(lang, T::LiftEvidenceHint))
                        .desired_width(320.0),
                )
                .labelled_by(evidence_label.id);
                ui.end_row();
            });
            if let Some(problem) = &draft.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.horizontal(|ui| {
                if ui.button(i18n::tr(lang, T::LiftSave)).clicked() {
                    choice = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                let event = ObjectionEvent {
                    id: 0,
                    customer_id: id,
                    kind: draft.kind,
                    action: ObjectionAction::Lifted,
                    occurred_at: now_on(ctx.today),
                    source: draft.source,
                    evidence: draft.evidence.trim().to_owned(),
                    recorded_by: ctx.store.actor(),
                };
                let done = i18n::trf(lang, T::ObjectionLiftedFor, &[&name, &draft.kind.label(lang)]);
                match ctx.store.record_objection(&event) {
                    Ok(_) => {
                        ctx.message = Some(done);
                        self.lift = None;
                        self.ledger = None;
                        self.changed = true;
                    }
                    Err(error) => draft.problem = Some(i18n::store_error(lang, &error)),
                }
            }
            Some(false) => self.lift = None,
            None => {}
        }
    }
}

/// Both ledgers of the person, newest first, one line per entry.
fn history(ui: &mut egui::Ui, lang: Lang, ledger: &PersonLedger, purposes: &[Purpose]) {
    enum Entry<'a> {
        Consent(&'a ConsentEvent),
        Objection(&'a ObjectionEvent),
    }
    let mut entries: Vec<(chrono::NaiveDateTime, i64, Entry<'_>)> = ledger
        .consents
        .iter()
        .map(|event| (event.occurred_at, event.id, Entry::Consent(event)))
        .chain(ledger.objections.iter().map(|event| (event.occurred_at, event.id, Entry::Objection(event))))
        .collect();
    entries.sort_by_key(|entry| std::cmp::Reverse((entry.0, entry.1)));
    if entries.is_empty() {
        ui.label(i18n::tr(lang, T::PersonLedgerEmpty));
    }
    for (when, _, entry) in entries {
        let (headline, source, evidence, strong) = match entry {
            Entry::Consent(event) => {
                let purpose = purposes
                    .iter()
                    .find(|purpose| purpose.id == event.purpose_id)
                    .map_or("?", |purpose| purpose.name.get(lang));
                (
                    format!("{}: {purpose}, {}", event.action.label(lang), event.channel.label(lang)),
                    event.source,
                    &event.evidence,
                    event.action == ConsentAction::Given,
                )
            }
            Entry::Objection(event) => (
                format!("{}: {}", event.action.label(lang), event.kind.label(lang)),
                event.source,
                &event.evidence,
                event.action == ObjectionAction::Made,
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(finnish_date(when.date())).monospace());
            let text = egui::RichText::new(headline);
            ui.label(if strong { text.strong() } else { text });
        });
        let detail = if evidence.is_empty() {
            source.label(lang).to_owned()
        } else {
            format!("{}: {evidence}", source.label(lang))
        };
        ui.label(egui::RichText::new(detail).weak().small());
    }
}
