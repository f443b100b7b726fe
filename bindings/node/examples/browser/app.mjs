// The browser demo: validates the domain as the user types. All rules come from
// the SDK (the Rust core compiled to WebAssembly); this file only shows results.
// It imports @peeker/sdk/domains: domain validation only, over the smallest module,
// and checks each keystroke with checkRootDomain (no exception for invalid input;
// the message is built only when shown).
import { init, checkRootDomain, version, pslVersion } from '@peeker/sdk/domains';

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
  const d = checkRootDomain(value);
  if (d.ok) {
    result.dataset.state = 'valid';
    $('status').textContent = 'Looks good.';
    $('unicode').textContent = d.unicode;
    $('ascii').textContent = d.ascii;
    $('normalized').hidden = false;
  } else {
    result.dataset.state = 'invalid';
    $('status').textContent = 'Not a domain that can be imported.';
    $('message').textContent = d.message;
    $('code').textContent = d.code;
    if (d.suggestion) {
      $('suggestion').textContent = d.suggestion;
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
