// The browser demo: validates the domain as the user types. All rules come from
// the SDK (the Rust core compiled to WebAssembly); this file only shows results.
// It imports @peeker/sdk/validation: the same functions as @peeker/sdk without
// the API client, over a smaller module.
import { init, normalizeRootDomain, PeekerError, version, pslVersion } from '@peeker/sdk/validation';

const $ = (id) => document.getElementById(id);
const input = $('domain');
const result = $('result');

function show(value) {
  $('normalized').hidden = true;
  $('problem').hidden = true;
  $('suggestion-line').hidden = true;
  if (value.trim() === '') {
    result.dataset.state = 'idle';
    $('status').textContent = 'Enter a domain, like acme.com.';
    return;
  }
  try {
    const d = normalizeRootDomain(value);
    result.dataset.state = 'valid';
    $('status').textContent = 'Looks good.';
    $('unicode').textContent = d.unicode;
    $('ascii').textContent = d.ascii;
    $('normalized').hidden = false;
  } catch (e) {
    if (!(e instanceof PeekerError)) throw e;
    result.dataset.state = 'invalid';
    $('status').textContent = 'Not a domain that can be imported.';
    $('message').textContent = e.message;
    $('code').textContent = e.code;
    if (e.suggestion) {
      $('suggestion').textContent = e.suggestion;
      $('suggestion-line').hidden = false;
    }
    $('problem').hidden = false;
  }
}

$('suggestion').addEventListener('click', () => {
  input.value = $('suggestion').textContent;
  show(input.value);
  input.focus();
});
input.addEventListener('input', () => show(input.value));

try {
  await init();
  $('versions').textContent = `@peeker/sdk ${version()} · Public Suffix List ${pslVersion()}`;
  input.disabled = false;
  $('status').dataset.ready = 'true';
  show(input.value);
  input.focus();
} catch (e) {
  result.dataset.state = 'invalid';
  $('status').textContent = `Could not load the checker: ${e.message}`;
}
