//! Colours and text sizes in one place: text a shop owner reads without squinting, a light theme
//! by default and a dark one on request, and the few signal colours (overdue, due soon, banner).

use egui::{Color32, FontId, TextStyle};

/// DejaVu Sans, the font the PDF letters use too: every Finnish and Swedish letter, arrows and
/// the euro sign. egui's own fonts stay behind it for icons.
pub fn install_fonts(ctx: &egui::Context) {
    const DEJAVU: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/DejaVuSans.ttf"));
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("DejaVuSans".to_owned(), std::sync::Arc::new(egui::FontData::from_static(DEJAVU)));
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.insert(0, "DejaVuSans".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Larger than egui's defaults: this is read for hours at a counter.
pub fn apply_text_sizes(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(22.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Monospace, FontId::monospace(15.0)),
            (TextStyle::Small, FontId::proportional(13.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

pub fn apply_theme(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark { egui::ThemePreference::Dark } else { egui::ThemePreference::Light });
}

/// Past the deadline.
pub fn overdue(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(255, 120, 110) } else { Color32::from_rgb(180, 20, 20) }
}

/// Due within a week, or waiting for something.
pub fn warning(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(240, 190, 90) } else { Color32::from_rgb(150, 90, 0) }
}

/// All is well.
pub fn good(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(120, 210, 140) } else { Color32::from_rgb(20, 120, 50) }
}

/// The sample register's banner background.
pub fn banner_fill(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(70, 60, 20) } else { Color32::from_rgb(255, 243, 196) }
}

/// The colours of a chart's series, in order (the Retention tab's forecast, one per rule); they
/// repeat after eight.
pub fn series(ui: &egui::Ui, index: usize) -> Color32 {
    const LIGHT: [Color32; 8] = [
        Color32::from_rgb(31, 119, 180),
        Color32::from_rgb(214, 110, 20),
        Color32::from_rgb(44, 150, 44),
        Color32::from_rgb(200, 40, 40),
        Color32::from_rgb(140, 90, 180),
        Color32::from_rgb(130, 85, 70),
        Color32::from_rgb(210, 100, 170),
        Color32::from_rgb(110, 110, 110),
    ];
    let colour = LIGHT[index % LIGHT.len()];
    if ui.visuals().dark_mode { colour.lerp_to_gamma(Color32::WHITE, 0.3) } else { colour }
}
