//! One frame of the Customers tab drawn headless: the whole window (top bar, search bar, list,
//! status bar) laid out and tessellated into triangles, as eframe does before handing them to the
//! GPU, with the list scrolled to its middle. The list only ever draws and reads the visible rows,
//! so a frame over a million customers should cost what one over a hundred does.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::domain::Lang;
use crate::store::Store;
use crate::ui::App;

/// The window's size on the owner's screen (the size `rekisteri` opens at).
pub const WINDOW_SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// How long the list may take to load its ids before the measurement gives up.
const LOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// The app on a register, drawn frame by frame without a window.
pub struct CustomersFrames {
    ctx: egui::Context,
    app: App,
    frames_drawn: u64,
}

impl CustomersFrames {
    /// Opens the window's app on `store` (signed in), waits for the list to hold every customer's
    /// id, scrolls it to the middle row and draws until the rows there are read.
    pub fn open(store: Store, path: PathBuf, lang: Lang) -> anyhow::Result<Self> {
        let ctx = egui::Context::default();
        let app = App::with_context(&ctx, None, Ok(store), path, lang);
        let mut frames = Self { ctx, app, frames_drawn: 0 };
        frames.draw_until_idle()?;
        let middle = frames.app.customers_tab().match_count() / 2;
        frames.app.scroll_customer_list_to(middle);
        frames.draw_until_idle()?;
        Ok(frames)
    }

    /// How many customers the list holds.
    pub fn list_length(&self) -> usize {
        self.app.customers_tab().match_count()
    }

    /// The app, for tests to look at what was drawn.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Draws one frame and tessellates it; returns how many triangles' worth of primitives came
    /// out (so the work cannot be skipped, and tests can see that rows were drawn).
    pub fn draw(&mut self) -> usize {
        self.frames_drawn += 1;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW_SIZE)),
            time: Some(self.frames_drawn as f64 / 60.0),
            predicted_dt: 1.0 / 60.0,
            ..egui::RawInput::default()
        };
        let app = &mut self.app;
        let mut output = self.ctx.run_ui(input, |ui| app.show(ui));
        // The font atlas's updates would go to the GPU; there is none.
        output.textures_delta.clear();
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives.len()
    }

    /// Draws frames until the app's background work (the list's ids) is done, then two more so
    /// that what arrived is laid out.
    fn draw_until_idle(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            self.draw();
            if !self.app.is_busy() {
                break;
            }
            anyhow::ensure!(started.elapsed() < LOAD_TIMEOUT, "the customer list did not load");
            std::thread::sleep(Duration::from_millis(2));
        }
        self.draw();
        self.draw();
        Ok(())
    }
}

/// The median time of one frame over `runs` frames.
pub fn frame_time(frames: &mut CustomersFrames, runs: usize) -> anyhow::Result<Duration> {
    super::median_time(runs, || Ok(frames.draw()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use crate::domain::password::PasswordCost;

    #[test]
    fn the_list_is_drawn_scrolled_to_its_middle_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.sqlite");
        let mut store =
            Store::create(&path, "admin", "", "kehys-salasana-2026", PasswordCost::insecure_fast_for_tests()).unwrap();
        crate::sample::populate(&mut store, 3000, 11, |_| true).unwrap();
        let customers = store.customer_count().unwrap() as usize;
        let mut frames = CustomersFrames::open(store, path, Lang::Fi).unwrap();
        assert_eq!(frames.list_length(), customers);
        let list = frames.app().customers_tab();
        assert!(list.has_row(customers / 2), "the middle row was read to be drawn");
        assert!(!list.has_row(0) && !list.has_row(customers - 1), "only the rows around the middle were read");
        assert!(frames.draw() > 0);
        assert!(!frame_time(&mut frames, 3).unwrap().is_zero());
    }
}
