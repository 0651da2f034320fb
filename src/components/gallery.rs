//! Endings and achievements found across all runs; the ones not found yet are shown locked,
//! without spoiling their text.

use story_engine::Story;
use yew::prelude::*;

use super::markup;
use crate::saves::Gallery as Found;
use crate::shared::Shared;

/// Props of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The story, for the declared endings and achievements.
    pub story: Shared<Story>,
    /// What was found.
    pub found: Found,
}

/// Two lists: endings, then achievements.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let story = &props.story;
    let endings = story.endings();
    let achievements = story.achievements();
    html! {
        <div class="gallery">
            <h3>{ format!("Endings — {} of {}", props.found.endings_found(story), endings.len()) }</h3>
            <ul class="cards">
                { for endings.iter().map(|e| if props.found.endings.contains(&e.id) {
                    html! {
                        <li class="card found">
                            <strong>{ e.title.clone() }</strong>
                            { for story_engine::epilogue(story, e).iter().take(1).map(|first| html! { <p>{ markup::render(first) }</p> }) }
                        </li>
                    }
                } else {
                    html! { <li class="card locked"><strong>{ "Locked ending" }</strong><p>{ "Not reached yet." }</p></li> }
                }) }
            </ul>
            <h3>{ format!("Achievements — {} of {}", props.found.achievements.len(), achievements.len()) }</h3>
            <ul class="cards">
                { for achievements.iter().map(|a| {
                    let found = props.found.achievements.contains(&a.id);
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
