// Loads the game's wasm. Trunk's default loader is an inline script, which the page's
// Content-Security-Policy forbids; Trunk.toml's pattern_script points here instead and passes
// the hashed file names as data attributes. If loading fails, say so instead of a blank page.
const tag = document.querySelector('script[data-js][data-wasm]');
try {
  const { default: init } = await import(tag.dataset.js);
  await init({ module_or_path: tag.dataset.wasm });
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
