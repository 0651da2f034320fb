//! Load a story from disk: pick the manifest and chapter files, or the whole story folder, and
//! it is played at once without a rebuild. The outcome and every diagnostic (errors first,
//! then warnings) are listed here; a story with errors is not played and the current one keeps
//! running. The reading and deciding happen in `AuthorMode` and `sources`.

use story_engine::Diagnostic;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::LoadStatus;

/// Props of [`Loader`].
#[derive(Properties, PartialEq)]
pub struct LoaderProps {
    /// The last load's outcome, whether a read is under way, and how many loads finished.
    pub status: LoadStatus,
    /// Called with the picked files.
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The file pickers and the diagnostics panel.
#[component]
pub fn Loader(props: &LoaderProps) -> Html {
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            // Cleared so that picking the same files again (after an edit) reads them again.
            input.set_value("");
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = props
        .status
        .report
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .partition(|d| d.is_error());
    html! {
        <div class="author-loader">
            <p class="author-hint">{ "Pick story.json with its chapter files, or the story folder. Nothing is uploaded: the files are read in this page." }</p>
            <div class="file-actions">
                <label class="button">{ "Choose files…" }
                    <input type="file" class="visually-hidden" multiple=true accept=".json,application/json" data-author="files" onchange={onchange.clone()} />
                </label>
                <label class="button">{ "Choose a folder…" }
                    <input type="file" class="visually-hidden" webkitdirectory=true multiple=true data-author="folder" {onchange} />
                </label>
            </div>
            <div class="author-outcome" role="status" aria-live="polite" data-loads={props.status.loads.to_string()}>
                if props.status.busy {
                    <p>{ "Reading the files…" }</p>
                } else if let Some(report) = &props.status.report {
                    <p class={classes!("author-headline", (!report.played).then_some("blocked"))}>{ report.headline.clone() }</p>
                    { for report.notes.iter().map(|n| html! { <p class="author-note">{ n.clone() }</p> }) }
                }
            </div>
            if !errors.is_empty() {
                { list("Errors", "error", &errors) }
            }
            if !warnings.is_empty() {
                { list("Warnings", "warning", &warnings) }
            }
        </div>
    }
}

fn list(title: &str, class: &'static str, diagnostics: &[&Diagnostic]) -> Html {
    html! {
        <section class={classes!("author-diagnostics", class)} aria-label={title.to_owned()}>
            <h3>{ format!("{title} ({})", diagnostics.len()) }</h3>
            <ul>
                { for diagnostics.iter().map(|d| html! { <li><code>{ d.to_string() }</code></li> }) }
            </ul>
        </section>
    }
}
