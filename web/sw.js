// The player's page offline: a service worker that keeps one build of the page in one cache.
// It is not copied as it is: web/offline.sh (run after every `trunk build`) writes dist/sw.js
// as two generated lines, `const BUILD = "…"` (a hash of the build's files) and
// `const FILES = [...]` (the files the player's page loads), followed by this file. A debug
// build writes `FILES = null`: a worker that caches nothing and removes what a release build
// left, so `trunk serve` never shows a stale page. The author page (author/) is not cached.
//
// Rules (ARCHITECTURE.md, "Offline"): one cache per build, named by scope and build; files
// come only from this worker's own cache, never from another build's, so a page never mixes
// versions; a new build installs beside the old one and waits until the player accepts it
// (the page's "An update is ready" notice posts 'activate-update'); activating deletes every
// older cache of this scope. Anything not in FILES goes to the network untouched.

const SCOPE = self.registration.scope;
const PREFIX = `mss ${SCOPE} `;
const CACHE = PREFIX + BUILD;

self.addEventListener('install', (event) => {
  if (FILES === null) {
    self.skipWaiting();
    return;
  }
  event.waitUntil(precache());
});

// Fetches every file (revalidated, never from a stale HTTP cache) into this build's cache,
// each stored as soon as it arrives (a response left unread holds a connection, and six of
// them stall the rest), then refuses a build whose index.html (or, for the story's rest
// chunk, whose wasm) does not name every other file: a host caught half-way through an
// upload fails the install, its cache is deleted, and the old build stays in charge.
async function precache() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(FILES.map(async (name) => {
      const response = await fetch(new Request(name, { cache: 'no-cache' }));
      if (!response.ok) {
        throw new Error(`${name}: HTTP ${response.status}`);
      }
      await cache.put(name, response);
    }));
    // The page names its files, the manifest its icon, the wasm the rest of the story
    // (src/story_data.rs's REST_FILE, fetched by the game after its first paint).
    const read = async (name) => (await (await cache.match(name)).text());
    const naming = ['index.html', 'manifest.webmanifest', ...FILES.filter((name) => name.endsWith('.wasm'))];
    const page = (await Promise.all(naming.map(read))).join('\n');
    const unnamed = FILES.filter((name) => name !== 'index.html' && !page.includes(name));
    if (unnamed.length > 0) {
      throw new Error(`index.html is not build ${BUILD}'s: it does not name ${unnamed.join(', ')}`);
    }
  } catch (err) {
    await caches.delete(CACHE);
    throw err;
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && (FILES === null || key !== CACHE)) {
        await caches.delete(key);
      }
    }
    // The first visit: take the page now, so it works offline without a reload. On an
    // update this runs only after the player accepted it, and the page reloads.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-update') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (FILES === null || request.method !== 'GET' || !request.url.startsWith(SCOPE)) {
    return;
  }
  let name = new URL(request.url).pathname.slice(new URL(SCOPE).pathname.length);
  if (name === '' && request.mode === 'navigate') {
    name = 'index.html';
  }
  if (!FILES.includes(name)) {
    return;
  }
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(name))
      .then((cached) => cached || fetch(request)),
  );
});
