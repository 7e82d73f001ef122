// Starts the portal: imports the wasm-bindgen glue and instantiates the wasm whose hashed names
// Trunk wrote into meta tags (see Trunk.toml, pattern_script). An external module instead of
// Trunk's inline loader keeps the page working under a policy without 'unsafe-inline'.
const named = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');

try {
  const { default: init } = await import(named('portal-js'));
  await init({ module_or_path: named('portal-wasm') });
} catch (error) {
  // Without the app there is nothing else to show: say so instead of leaving a blank page.
  const notice = document.getElementById('boot-failure');
  if (notice) notice.hidden = false;
  console.error('portal failed to start', error);
}
