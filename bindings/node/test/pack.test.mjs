// The package as a dependent sees it: `npm pack`, install the tarball into an
// empty project, then `require` and `import` it by name from there.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pkgDir = new URL('..', import.meta.url).pathname;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack + install into a fresh project: require and import by name', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'peeker-pack-'));
  try {
    run('npm', ['pack', '--silent', '--pack-destination', dir], pkgDir);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, 'a tarball');
    const app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', join(dir, tgz)], app);
    const cjs = run(
      process.execPath,
      ['-e', "const s = require('@peeker/sdk'); try { s.normalizeRootDomain('www.acme.co.uk') } catch (e) { console.log(e instanceof s.PeekerError, e.code, e.suggestion) }"],
      app,
    );
    assert.equal(cjs.trim(), 'true subdomain acme.co.uk');
    const esm = run(
      process.execPath,
      ['--input-type=module', '-e', "import { normalizeRootDomain, version } from '@peeker/sdk'; console.log(normalizeRootDomain('Bücher.de').ascii, version())"],
      app,
    );
    assert.equal(esm.trim(), 'xn--bcher-kva.de 0.1.0');
    // The browser files are in the tarball too.
    const files = run('npm', ['pack', '--dry-run', '--json'], pkgDir);
    const names = JSON.parse(files)[0].files.map((f) => f.path);
    for (const f of ['lib/browser.mjs', 'lib/browser.d.mts', 'dist/web/peeker_wasm.js', 'dist/web/peeker_wasm_bg.wasm', 'README.md']) {
      assert.ok(names.includes(f), f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
