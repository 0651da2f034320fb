//! Endings and achievements found across all runs; the ones not found yet are shown locked,
//! without spoiling their text.

use story_engine::Story;
use yew::prelude::*;

use super::markup;
use crate::saves::Gallery as Found;
/// Two lists: `story`'s endings, then its achievements, with those in `found` shown. A plain
/// function: it keeps no state.
pub fn panel(story: &Story, found: &Found) -> Html {
    let endings = story.endings();
    let achievements = story.achievements();
    html! {
        <div class="gallery">
            <h3>{ format!("Endings — {} of {}", found.endings_found(story), endings.len()) }</h3>
            <ul class="cards">
                { for endings.iter().map(|e| if found.endings.contains(&e.id) {
                    html! {
                        <li class="card found">
                            <strong>{ e.title.clone() }</strong>
                            { match story_engine::epilogue(story, e).first() {
                                Some(first) => html! { <p>{ markup::render(first) }</p> },
                                // Its epilogue is in the rest of the story, still on its way.
                                None if story.is_pending() => html! { <p>{ "Its epilogue arrives with the rest of the story." }</p> },
                                None => Html::default(),
                            } }
                        </li>
                    }
                } else {
                    html! { <li class="card locked"><strong>{ "Locked ending" }</strong><p>{ "Not reached yet." }</p></li> }
                }) }
            </ul>
            <h3>{ format!("Achievements — {} of {}", found.achievements.len(), achievements.len()) }</h3>
            <ul class="cards">
                { for achievements.iter().map(|a| {
                    let found = found.achievements.contains(&a.id);
                    html! {
                        <li class={classes!("card", if found { "found" } else { "locked" })}>
                            <strong>{ if found { a.title.clone() } else { "Locked achievement".to_owned() } }</strong>
                            <p>{ if found { a.description.clone() } else { "Keep playing to find out.".to_owned() } }</p>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
