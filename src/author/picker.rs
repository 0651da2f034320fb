//! Jump to any passage: a search field over ids, chapters, tags and opening words (the
//! engine's `PassageInfo::matches`), and the matching passages as buttons. Enter in the field
//! jumps to the first match.

use std::rc::Rc;

use story_engine::PassageInfo;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How many matches are listed at once; the rest are counted.
pub const SHOWN: usize = 40;

/// The passages matching `query` (all for an empty query), in story order: at most `limit` of
/// them, and how many matched in all.
pub fn search<'p>(
    passages: &'p [PassageInfo],
    query: &str,
    limit: usize,
) -> (Vec<&'p PassageInfo>, usize) {
    let all: Vec<&PassageInfo> = passages.iter().filter(|p| p.matches(query)).collect();
    let total = all.len();
    (all.into_iter().take(limit).collect(), total)
}

/// Props of [`Picker`].
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// Every passage.
    pub passages: Rc<Vec<PassageInfo>>,
    /// The current passage's id.
    pub current: String,
    /// Jump to a passage.
    pub on_jump: Callback<String>,
}

/// The searchable passage list.
#[component]
pub fn Picker(props: &PickerProps) -> Html {
    let query = use_state(String::new);
    let (found, total) = search(&props.passages, &query, SHOWN);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (on_jump, first) = (props.on_jump.clone(), found.first().map(|p| p.id.clone()));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(id) = &first {
                on_jump.emit(id.clone());
            }
        })
    };
    let count = if total > found.len() {
        format!(
            "{total} passages match; the first {} are listed.",
            found.len()
        )
    } else {
        format!("{total} of {} passages match.", props.passages.len())
    };
    html! {
        <div class="author-picker">
            <form role="search" {onsubmit}>
                <label for="author-find">{ "Find a passage" }</label>
                <input id="author-find" type="search" value={(*query).clone()} {oninput} autocomplete="off"
                    placeholder="id, chapter, #tag or words" aria-describedby="author-find-count" />
            </form>
            <p id="author-find-count" class="author-count" role="status">{ count }</p>
            <ul class="author-results">
                { for found.into_iter().map(|p| {
                    let onclick = { let (on_jump, id) = (props.on_jump.clone(), p.id.clone()); Callback::from(move |_: MouseEvent| on_jump.emit(id.clone())) };
                    let here = p.id == props.current;
                    let mark = if p.start { "start" } else if p.ending.is_some() { "ending" } else if p.pool.is_some() { "storylet" } else { "" };
                    html! {
                        <li>
                            <button class="author-result" aria-current={here.then_some("location")} data-passage={p.id.clone()} {onclick}>
                                <code>{ p.id.clone() }</code>
                                if !mark.is_empty() { <span class="author-mark">{ mark }</span> }
                                <span class="author-excerpt">{ p.excerpt.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::fixtures::story;

    #[test]
    fn search_matches_every_word_and_counts_what_it_leaves_out() {
        let s = story("t", &["desk", "desk_two", "lift", "end"], "");
        let passages = story_engine::passages(&s);
        let ids = |(found, total): (Vec<&PassageInfo>, usize)| {
            (
                found.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
                total,
            )
        };
        assert_eq!(
            ids(search(&passages, "", 2)),
            (vec!["a.desk".into(), "a.desk_two".into()], 4)
        );
        assert_eq!(
            ids(search(&passages, "DESK two", 10)),
            (vec!["a.desk_two".into()], 1)
        );
        assert_eq!(
            ids(search(&passages, "at lift", 10)),
            (vec!["a.lift".into()], 1)
        );
        assert_eq!(ids(search(&passages, "nothing", 10)).1, 0);
    }
}
