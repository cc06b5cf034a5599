//! Helpers for driving the real app headless with egui_kittest.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use rekisteri::domain::Lang;
use rekisteri::domain::password::PasswordCost;
use rekisteri::store::Store;
use rekisteri::ui::App;

/// The app on `store` (opened or failed), settled after its first frames.
pub fn app_on(path: &Path, store: rekisteri::store::Result<Store>, lang: Lang) -> Harness<'static, App> {
    app_sized(path, store, lang, egui::vec2(1280.0, 800.0))
}

/// The app in a window of `size` (a tall one shows a whole form without scrolling).
pub fn app_sized(
    path: &Path,
    store: rekisteri::store::Result<Store>,
    lang: Lang,
    size: egui::Vec2,
) -> Harness<'static, App> {
    let path = path.to_owned();
    let mut harness = Harness::builder().with_size(size).build_eframe(move |cc| App::new(cc, store, path, lang));
    settle(&mut harness);
    harness
}

/// The app as `main` starts it: in front of the register at `path`, asking for its first
/// administrator or a sign-in.
pub fn signing_in_app(path: &Path, is_sample: bool, lang: Lang) -> Harness<'static, App> {
    let path = path.to_owned();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| App::signing_in(cc, path, is_sample, lang));
    settle(&mut harness);
    harness
}

/// Steps frames until the background search has answered, then until the UI is still.
pub fn settle(harness: &mut Harness<'_, App>) {
    let started = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the search worker never answered");
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// The app on a fresh sample register in a temporary folder.
pub fn sample_app(lang: Lang) -> (tempfile::TempDir, Harness<'static, App>) {
    let (dir, path) = super::temp_path("sample.sqlite");
    let store = rekisteri::sample::create_sample_register_with_cost(&path, PasswordCost::insecure_fast_for_tests());
    let harness = app_on(&path, store, lang);
    (dir, harness)
}

/// The sample app on a tall screen, where the whole customer form fits without scrolling.
pub fn tall_sample_app(lang: Lang) -> (tempfile::TempDir, Harness<'static, App>) {
    let (dir, path) = super::temp_path("sample.sqlite");
    let store = rekisteri::sample::create_sample_register_with_cost(&path, PasswordCost::insecure_fast_for_tests());
    let harness = app_sized(&path, store, lang, egui::vec2(1400.0, 1500.0));
    (dir, harness)
}

/// Finds a person by typing `name` into the search box labelled `search_label`, then opens the
/// first row that shows the name.
pub fn open_customer(harness: &mut Harness<'_, App>, search_label: &str, name: &str) {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, search_label).click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, search_label).type_text(name);
    settle(harness);
    harness.get_all_by_label(name).next().expect("the person is listed").click();
    settle(harness);
}
