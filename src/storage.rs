//! Where the player's data lives: a small key–value [`Store`] trait, the browser's
//! `localStorage` behind it, an in-memory store (for tests, and as the fallback when the browser
//! has none), and [`write_safely`], the one way the app replaces a value.
//!
//! Not here: what the values mean (see `saves` and `settings`).

use std::{cell::RefCell, collections::BTreeMap, fmt, rc::Rc};

use wasm_bindgen::JsCast;

/// Bumped when the meaning of stored keys changes, so old and new layouts never collide.
pub const KEYS_VERSION: u32 = 1;

/// Why a store could not read or write. Messages are for the player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser gives this page no storage (disabled, blocked, private mode).
    Unavailable,
    /// The storage quota is used up.
    Full,
    /// Anything else the browser reported.
    Failed(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable => f.write_str("this browser does not let the game store data"),
            StoreError::Full => f.write_str("the browser's storage for this page is full"),
            StoreError::Failed(why) => write!(f, "the browser could not store data ({why})"),
        }
    }
}

/// A string key–value store. Implementations never panic: every failure is a [`StoreError`].
pub trait Store {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Sets `key` to `value`.
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes `key` (no error if it is absent).
    fn remove(&self, key: &str) -> Result<(), StoreError>;
}

/// A shared store as a component prop: equal when it is the same store.
#[derive(Clone)]
pub struct Storage(pub Rc<dyn Store>);

impl PartialEq for Storage {
    fn eq(&self, other: &Storage) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The key of `name` for `story`: namespaced, because one origin may host several stories, and
/// versioned, so a future layout can live beside this one.
pub fn key(story: &str, name: &str) -> String {
    format!("ifplayer/{story}/v{KEYS_VERSION}/{name}")
}

/// Replaces the value under `key` without ever losing the old one to a failed write: the new
/// value goes to a temporary key first and is read back; only then is `key` overwritten. If any
/// step fails, `key` still holds its previous value.
pub fn write_safely(store: &dyn Store, key: &str, value: &str) -> Result<(), StoreError> {
    let temp = format!("{key}~new");
    let staged = store.set(&temp, value).and_then(|()| store.get(&temp));
    match staged {
        Ok(Some(read)) if read == value => {}
        Ok(_) => {
            let _ = store.remove(&temp);
            return Err(StoreError::Failed(
                "the written copy did not read back".into(),
            ));
        }
        Err(error) => {
            let _ = store.remove(&temp);
            return Err(error);
        }
    }
    let result = store.set(key, value);
    // The temporary copy is only a staging area: free its space whether or not the swap worked.
    let _ = store.remove(&temp);
    result
}

/// The browser's `localStorage`, or the reason there is none.
pub struct BrowserStore {
    storage: Result<web_sys::Storage, StoreError>,
    /// What the probe at opening found, if it failed.
    problem: Option<StoreError>,
}

impl BrowserStore {
    /// Opens `localStorage` and probes it with a write and a remove: some browsers hand out a
    /// store that throws on every write. A store that is only full is kept: space may free up
    /// (the player clears other sites' data, another tab deletes a save), and then the next
    /// write works.
    pub fn open() -> BrowserStore {
        let storage = match web_sys::window().map(|w| w.local_storage()) {
            Some(Ok(Some(storage))) => Ok(storage),
            _ => Err(StoreError::Unavailable),
        };
        let mut store = BrowserStore {
            storage,
            problem: None,
        };
        match store.set("ifplayer/probe", "1") {
            Ok(()) => {
                let _ = store.remove("ifplayer/probe");
            }
            Err(StoreError::Full) => store.problem = Some(StoreError::Full),
            Err(error) => {
                store.storage = Err(error.clone());
                store.problem = Some(error);
            }
        }
        store
    }

    /// Why this store could not be written to when it was opened, if it could not.
    pub fn problem(&self) -> Option<StoreError> {
        self.problem.clone()
    }
}

impl Store for BrowserStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let storage = self.storage.as_ref().map_err(Clone::clone)?;
        storage.get_item(key).map_err(to_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let storage = self.storage.as_ref().map_err(Clone::clone)?;
        storage.set_item(key, value).map_err(to_error)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        let storage = self.storage.as_ref().map_err(Clone::clone)?;
        storage.remove_item(key).map_err(to_error)
    }
}

/// Tells a full quota apart from other failures; browsers name and number it differently.
fn to_error(error: wasm_bindgen::JsValue) -> StoreError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e)
            if e.name() == "QuotaExceededError"
                || e.name() == "NS_ERROR_DOM_QUOTA_REACHED"
                || e.code() == 22
                || e.code() == 1014 =>
        {
            StoreError::Full
        }
        Some(e) if e.name() == "SecurityError" => StoreError::Unavailable,
        Some(e) => StoreError::Failed(e.message()),
        None => StoreError::Failed(describe(&error, "an unknown error")),
    }
}

/// What a thrown JavaScript value says: its message if it is an `Error` or a `DOMException`,
/// the string itself if it is one, else `otherwise` — for the player, rather than
/// wasm-bindgen's `JsValue(…)` debug text.
pub fn describe(error: &wasm_bindgen::JsValue, otherwise: &str) -> String {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return e.message();
    }
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return e.message().into();
    }
    error.as_string().unwrap_or_else(|| otherwise.to_owned())
}

/// A store in memory. Tests use it to inject failures; the app falls back to it when the
/// browser has no storage, so play goes on (and the banner says nothing is kept).
#[derive(Default)]
pub struct MemoryStore {
    values: RefCell<BTreeMap<String, String>>,
    failure: RefCell<Option<StoreError>>,
}

impl MemoryStore {
    /// An empty store that works.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// From now on every write fails with `error` (`None` makes writes work again).
    pub fn fail_writes(&self, error: Option<StoreError>) {
        *self.failure.borrow_mut() = error;
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.values.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(error) = self.failure.borrow().clone() {
            return Err(error);
        }
        self.values
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.values.borrow_mut().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_value_and_leaves_no_temporary_copy() {
        let store = MemoryStore::new();
        write_safely(&store, "k", "old").expect("first write");
        store.fail_writes(Some(StoreError::Full));
        assert_eq!(write_safely(&store, "k", "new"), Err(StoreError::Full));
        assert_eq!(store.get("k"), Ok(Some("old".into())));
        store.fail_writes(None);
        write_safely(&store, "k", "new").expect("second write");
        assert_eq!(store.get("k"), Ok(Some("new".into())));
        assert_eq!(store.get("k~new"), Ok(None));
    }

    #[test]
    fn keys_carry_the_story_and_the_layout_version() {
        assert_eq!(key("mss", "auto"), "ifplayer/mss/v1/auto");
    }
}
