//! Persistent storage: asks the browser (`navigator.storage.persist()`) not to clear the
//! player's saves when space runs low, once the player has made progress in this visit — never
//! on first paint, since a page that asks before it has given anything is easy to refuse — and
//! reports what the browser says for the saves panel. A browser without the API is `Unknown`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::saves::Persistence;

/// What the browser says about keeping this page's storage. On mount it only asks
/// (`persisted()`, never a prompt); when `progressed` first turns true it requests (`persist()`).
#[hook]
pub fn use_persistence(progressed: bool) -> Persistence {
    let known = use_state_eq(|| Persistence::Unknown);
    {
        let known = known.clone();
        use_effect_with((), move |_| ask(Ask::Persisted, known));
    }
    {
        let known = known.clone();
        use_effect_with(progressed, move |progressed| {
            if *progressed {
                ask(Ask::Persist, known);
            }
        });
    }
    *known
}

#[derive(Clone, Copy)]
enum Ask {
    Persisted,
    Persist,
}

/// The page's `StorageManager`, if the browser has one with both methods (checked through
/// `Reflect`: calling a missing method through web-sys would throw).
fn manager() -> Option<web_sys::StorageManager> {
    let navigator = gloo::utils::window().navigator();
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    if storage.is_undefined() || storage.is_null() {
        return None;
    }
    let has = |name: &str| {
        js_sys::Reflect::get(&storage, &name.into()).is_ok_and(|method| method.is_function())
    };
    (has("persist") && has("persisted")).then(|| storage.unchecked_into())
}

fn ask(question: Ask, known: UseStateHandle<Persistence>) {
    let Some(manager) = manager() else {
        known.set(Persistence::Unknown);
        return;
    };
    let promise = match question {
        Ask::Persisted => manager.persisted(),
        Ask::Persist => manager.persist(),
    };
    let Ok(promise) = promise else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = JsFuture::from(promise).await.ok().and_then(|v| v.as_bool());
        known.set(match answer {
            Some(true) => Persistence::Persisted,
            Some(false) => Persistence::BestEffort,
            None => Persistence::Unknown,
        });
    });
}
