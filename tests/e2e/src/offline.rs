//! Offline and distributable, end to end: the service worker takes the page on the first
//! visit, and with Chromium's network emulation offline and the server gone, a reload still
//! plays; a new build waits until the player accepts it, then replaces the old one entirely;
//! and `cargo xtask dist`'s zip, unpacked into a sub-folder of a host, plays and works offline
//! there too. Each scenario runs its own server, so it can take the host away or swap builds
//! without touching the other scenarios' page.

use std::{fs, path::Path};

use serde_json::{json, Value};

use crate::{
    play::{play_keys, route_to_an_ending, wait_for_state},
    server::Server,
    webdriver::Browser,
    Context, LOAD, SEED,
};

/// Waits until a service worker controls the page (after its first install, with every file
/// cached) and returns its scope.
fn wait_for_worker(browser: &Browser) -> Result<String, String> {
    let waited = browser.wait_until("the service worker to control the page", LOAD, |b| {
        let scope = b.execute_async(
            "const done = arguments[arguments.length - 1];
             if (!navigator.serviceWorker.controller) { done(null); return; }
             navigator.serviceWorker.ready.then((r) => done(r.scope), (e) => done(null));",
            json!([]),
        )?;
        Ok(scope.as_str().map(str::to_owned))
    });
    waited.map_err(|error| {
        // Say what the worker was doing: never registered, installing, or waiting.
        let state = browser.execute_async(
            "const done = arguments[arguments.length - 1];
             if (!('serviceWorker' in navigator)) { done('no serviceWorker in navigator'); return; }
             navigator.serviceWorker.getRegistrations().then((all) => done(all.map((r) => ({
               scope: r.scope,
               installing: r.installing && r.installing.state,
               waiting: r.waiting && r.waiting.state,
               active: r.active && r.active.state,
             }))), (e) => done(String(e)));",
            json!([]),
        );
        format!("{error}; registrations: {state:?}")
    })
}

/// The names of the page's caches (`caches.keys()`).
fn cache_names(browser: &Browser) -> Result<Vec<String>, String> {
    let keys = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         caches.keys().then(done, (e) => done('error: ' + e));",
        json!([]),
    )?;
    let Value::Array(keys) = keys else {
        return Err(format!("caches.keys() gave {keys}"));
    };
    Ok(keys
        .iter()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect())
}

/// Loads the page at `base`, waits for its worker, takes the network and the host away,
/// reloads, and plays one step of the route.
fn play_offline(context: &Context, browser: &Browser, server: &Server) -> Result<(), String> {
    let route = route_to_an_ending(&context.story)?;
    browser.goto(&format!("{}/?seed={SEED}", server.base))?;
    wait_for_state(browser, &route.states[0])?;
    let scope = wait_for_worker(browser)?;
    if scope != format!("{}/", server.base) {
        return Err(format!(
            "the worker's scope is {scope}, not the page's folder {}/",
            server.base
        ));
    }
    browser.set_offline(true)?;
    server.set_root(None);
    let result = (|| {
        browser.refresh()?;
        wait_for_state(browser, &route.states[0])?;
        play_keys(browser, &route, 0, 1)?;
        // And a new run from the address bar, with a query the cache never saw.
        browser.goto(&format!("{}/index.html?seed={SEED}&fresh", server.base))?;
        wait_for_state(browser, &route.states[0])
    })();
    browser.set_offline(false)?;
    result
}

pub fn offline_after_the_first_visit(context: &Context, browser: &Browser) -> Result<(), String> {
    let server = Server::start(context.dist.clone(), "").map_err(|e| e.to_string())?;
    play_offline(context, browser, &server)
}

/// A second build of the page: a copy of `dist` with another build id and a marked title, as a
/// rebuild after an edit would be (without spending minutes on a second release build).
fn second_build(dist: &Path, into: &Path) -> Result<(), String> {
    copy_dir(dist, into)?;
    let worker = into.join("sw.js");
    let text = fs::read_to_string(&worker).map_err(|e| e.to_string())?;
    let text = text.replacen("const BUILD = \"", "const BUILD = \"second-", 1);
    fs::write(&worker, text).map_err(|e| e.to_string())?;
    let page = into.join("index.html");
    let text = fs::read_to_string(&page).map_err(|e| e.to_string())?;
    let marked = text.replacen("<title>", "<title>Second build: ", 1);
    if marked == text {
        return Err("dist/index.html has no <title> to mark".into());
    }
    fs::write(&page, marked).map_err(|e| e.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

fn title(browser: &Browser) -> Result<String, String> {
    let title = browser.execute("return document.title;", json!([]))?;
    Ok(title.as_str().unwrap_or_default().to_owned())
}

pub fn an_update_waits_for_the_player(context: &Context, browser: &Browser) -> Result<(), String> {
    let second = context.artifacts.join("second-build");
    let _ = fs::remove_dir_all(&second);
    second_build(&context.dist, &second)?;
    let route = route_to_an_ending(&context.story)?;
    let server = Server::start(context.dist.clone(), "").map_err(|e| e.to_string())?;
    browser.goto(&format!("{}/?seed={SEED}", server.base))?;
    wait_for_state(browser, &route.states[0])?;
    wait_for_worker(browser)?;
    play_keys(browser, &route, 0, 1)?;
    let first = cache_names(browser)?;
    let old_title = title(browser)?;
    if first.len() != 1 {
        return Err(format!("after the first visit the caches are {first:?}"));
    }

    // The host now has the second build. A reload shows the first build still (its worker
    // serves it), while the second installs beside it and the page offers it.
    server.set_root(Some(second));
    browser.refresh()?;
    wait_for_state(browser, &route.states[1])?;
    let notice = browser.wait_for(".update button", LOAD)?;
    if title(browser)? != old_title {
        return Err("the page changed build before the player accepted the update".into());
    }
    let both = cache_names(browser)?;
    if both.len() != 2 || !both.contains(&first[0]) {
        return Err(format!("with the update waiting the caches are {both:?}"));
    }
    // Still not accepted: another reload keeps the first build and offers the second again.
    browser.refresh()?;
    wait_for_state(browser, &route.states[1])?;
    let notice_again = browser.wait_for(".update button", LOAD)?;
    if title(browser)? != old_title {
        return Err("a reload swapped in the waiting build by itself".into());
    }
    drop(notice);

    browser.click(&notice_again)?;
    browser.wait_until("the second build after the reload", LOAD, |b| {
        Ok(title(b)?.starts_with("Second build: ").then_some(()))
    })?;
    wait_for_state(browser, &route.states[1])?;
    browser.wait_until("the first build's cache to be deleted", LOAD, |b| {
        let names = cache_names(b)?;
        Ok(
            (names.len() == 1 && names[0] != first[0] && names[0].contains("second-"))
                .then_some(()),
        )
    })?;
    if !browser.find_all(".update")?.is_empty() {
        return Err("the update notice is still shown after the update".into());
    }
    Ok(())
}

/// `cargo xtask dist`'s zip, unpacked under `games/mss/` and served from there.
pub fn the_zip_plays_from_a_sub_folder(context: &Context, browser: &Browser) -> Result<(), String> {
    let archive = context.archive.as_ref().ok_or(
        "no zip given: run `cargo run -p e2e -- DIST ZIP` with the zip `cargo xtask dist` wrote",
    )?;
    let host = context.artifacts.join("host");
    let _ = fs::remove_dir_all(&host);
    let folder = host.join("games/mss");
    unzip(archive, &folder)?;
    let server = Server::start(folder, "/games/mss").map_err(|e| e.to_string())?;
    // The author page is there too, relative to the player's page.
    browser.goto(&format!("{}/?author", server.base))?;
    browser.wait_for(".author-badge", LOAD)?;
    let path = browser.execute("return location.pathname;", json!([]))?;
    if path.as_str() != Some("/games/mss/author/") {
        return Err(format!("`?author` led to {path}, not /games/mss/author/"));
    }
    play_offline(context, browser, &server)
}

fn unzip(archive: &Path, into: &Path) -> Result<(), String> {
    let file = fs::File::open(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("{}: {e}", archive.display()))?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let Some(name) = entry.enclosed_name() else {
            return Err(format!("the zip holds an unsafe path {:?}", entry.name()));
        };
        let target = into.join(name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let mut out = fs::File::create(&target).map_err(|e| e.to_string())?;
        std::io::copy(&mut entry, &mut out).map_err(|e| e.to_string())?;
    }
    if !into.join("index.html").is_file() {
        return Err("the zip has no index.html at its top".into());
    }
    Ok(())
}
