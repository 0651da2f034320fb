// Loads the game's wasm. Trunk's default loader is an inline script, which the page's
// Content-Security-Policy forbids; Trunk.toml's pattern_script points here instead and passes
// the hashed file names as data attributes. If loading fails, say so instead of a blank page.
// Once the game runs, the player's page (the one whose tag names `data-sw`) registers its
// service worker (web/sw.js) and offers a new build when one is ready, never swapping it in
// by itself.
// The performance marks `boot`, `glue` and `wasm` time the load's stages for the benchmark
// (src/marks.rs names the app's; BENCHMARKS.md, "Where the load time goes").
performance.mark('boot');
const tag = document.querySelector('script[data-js][data-wasm]');
try {
  // The wasm compiles (streaming, from the response index.html preloads) while the glue is
  // imported, rather than after it; the glue then instantiates the compiled module.
  // If that fails (a host that does not serve `application/wasm`, a failed download), the glue
  // is given the wasm's address instead: it falls back to compiling the downloaded bytes, or
  // says why it cannot.
  const compiled = WebAssembly.compileStreaming(fetch(tag.dataset.wasm)).catch(() => null);
  const { default: init } = await import(tag.dataset.js);
  performance.mark('glue');
  await init({ module_or_path: (await compiled) ?? tag.dataset.wasm });
  performance.mark('wasm');
} catch (err) {
  const panel = document.createElement('div');
  panel.className = 'fatal';
  panel.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.textContent = 'The game could not start';
  const detail = document.createElement('p');
  detail.textContent = String(err);
  const hint = document.createElement('p');
  hint.textContent = 'This browser may not support WebAssembly, or a file failed to download. Reload the page to try again.';
  panel.append(title, detail, hint);
  document.body.append(panel);
}
if (tag.dataset.sw && 'serviceWorker' in navigator) {
  // When the page is idle, not before: the worker's install downloads the page again, which
  // must not compete with the first passage (BENCHMARKS.md, "Offline and installable").
  const later = window.requestIdleCallback ?? ((then) => setTimeout(then, 1000));
  later(() => offline(tag.dataset.sw).catch((err) => console.warn('The game will not work offline:', err)));
}

// Registers the worker (its scope is its folder: the page's) and watches for a new build.
async function offline(url) {
  const registration = await navigator.serviceWorker.register(url);
  let accepted = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first visit's worker takes the page without a reload; only an accepted update
    // reloads it, so the page never changes under the player.
    if (accepted) {
      location.reload();
    }
  });
  const offer = (worker) => {
    // Nothing to replace on the first visit; and one notice is enough.
    if (!navigator.serviceWorker.controller || document.querySelector('.update')) {
      return;
    }
    const notice = document.createElement('div');
    notice.className = 'update';
    notice.setAttribute('role', 'status');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.textContent = 'reload';
    button.addEventListener('click', () => {
      accepted = true;
      button.disabled = true;
      worker.postMessage('activate-update');
    });
    notice.append('An update is ready — ', button);
    document.body.append(notice);
  };
  if (registration.waiting) {
    offer(registration.waiting);
  }
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && registration.waiting === worker) {
        offer(worker);
      }
    });
  });
}
