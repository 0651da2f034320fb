//! Marks in the browser's performance timeline at the page's startup stages, so the load
//! benchmark (`e2e bench`, BENCHMARKS.md "Where the load time goes") reports where the time from
//! navigation to the first choice goes. `web/boot.js` sets `boot`, `glue` (the wasm-bindgen
//! glue imported) and `wasm` (its `init` returned); the app sets these, each once per page.
//! A mark costs microseconds.

/// Rust's `main` entered: the wasm is compiled and instantiated.
pub const MAIN: &str = "main";
/// The browser's storage opened and probed (a write and a removal).
pub const OPENED: &str = "opened";
/// The embedded story's core decoded.
pub const DECODED: &str = "decoded";
/// The game booted: the autosave read (or a new run started) and the settings read.
pub const BOOTED: &str = "booted";
/// The player's saves list and gallery read from storage, in `Player`'s first render.
pub const STORED: &str = "stored";
/// The first render committed to the DOM (`App`'s first effect).
pub const RENDERED: &str = "rendered";
/// The first choice on screen (`effects::hooks::use_first_choice_mark`); the benchmark's end.
pub const FIRST_CHOICE: &str = "first-choice";

/// Sets the mark `name` now; a browser without a performance timeline just has no marks.
pub fn mark(name: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(name);
    }
}
