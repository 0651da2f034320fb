//! The variable inspector: every declared variable with its kind and current value, each in a
//! small form that sets it. The engine checks the value (`parse_value`, `set_var`); a refusal
//! is shown under the field and changes nothing.

use story_engine::{State, Story, VarKind, Variable};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::shared::Shared;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The story (for the declarations).
    pub story: Shared<Story>,
    /// The state (for the values).
    pub state: State,
    /// Continue from a state with a changed variable.
    pub on_state: Callback<State>,
}

/// A list of variable forms.
#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let on_set = {
        let (story, state, on_state) = (
            props.story.clone(),
            props.state.clone(),
            props.on_state.clone(),
        );
        Callback::from(move |(name, text): (String, String)| -> Option<String> {
            let next = story_engine::parse_value(&story, &name, &text)
                .and_then(|value| story_engine::set_var(&story, &state, &name, value));
            match next {
                Ok(next) => {
                    on_state.emit(next);
                    None
                }
                Err(why) => Some(why.to_string()),
            }
        })
    };
    html! {
        <ul class="author-vars">
            { for props.story.variables().iter().map(|var| {
                let value = props.state.value(&var.name).map(ToString::to_string).unwrap_or_default();
                html! { <VarRow key={var.name.clone()} kind={kind(var)} name={var.name.clone()} {value} on_set={on_set.clone()} /> }
            }) }
        </ul>
    }
}

/// "stat 0–100", "flag", as the row's hint.
fn kind(var: &Variable) -> String {
    match var.kind {
        VarKind::Stat => format!("stat {}–{}", var.min, var.max),
        VarKind::Counter => "counter".into(),
        VarKind::Flag => "flag: true or false".into(),
        VarKind::String => "string".into(),
    }
}

#[derive(Properties, PartialEq)]
struct VarRowProps {
    name: String,
    kind: String,
    value: String,
    /// Set `(name, typed text)`; returns why not, if refused.
    on_set: Callback<(String, String), Option<String>>,
}

#[component]
fn VarRow(props: &VarRowProps) -> Html {
    let input = use_node_ref();
    let error = use_state(|| None::<String>);
    let id = format!("author-var-{}", props.name);
    let onsubmit = {
        let (input, error, on_set, name, id) = (
            input.clone(),
            error.clone(),
            props.on_set.clone(),
            props.name.clone(),
            id.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let refused = on_set.emit((name.clone(), field.value()));
            if refused.is_none() {
                // The game's move takes focus to the passage heading; an author editing values
                // wants to stay here, so focus comes back once that has happened.
                let id = id.clone();
                gloo::timers::callback::Timeout::new(0, move || {
                    if let Some(field) = gloo::utils::document().get_element_by_id(&id) {
                        let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                })
                .forget();
            }
            error.set(refused);
        })
    };
    let error_id = format!("{id}-error");
    html! {
        <li class="author-var">
            <form {onsubmit} data-var={props.name.clone()}>
                <label for={id.clone()}>{ props.name.clone() }<span class="author-kind">{ props.kind.clone() }</span></label>
                <input id={id} ref={input} value={props.value.clone()} autocomplete="off" spellcheck="false"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| error_id.clone())} />
                <button type="submit">{ "Set" }</button>
                if let Some(why) = &*error {
                    <p id={error_id} class="author-error" role="alert">{ why.clone() }</p>
                }
            </form>
        </li>
    }
}
