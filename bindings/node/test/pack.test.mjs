// The package as a dependent sees it: `npm pack`, install the tarball into an
// empty project, then `require` and `import` it by name from there.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, existsSync } from 'node:fs';
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
    // The API model through the installed package (bundled by build.sh into dist/node/index.cjs).
    const client = run(
      process.execPath,
      ['-e', "const { Client, Tracker } = require('@peeker/sdk'); const c = new Client({ apiKey: 'pk_test_abc123' }); console.log(c.getOrder('ord_1').url, new Tracker().eventsSeen)"],
      app,
    );
    assert.equal(client.trim(), 'https://api.peeker.ai/partner/v1/orders/ord_1 0');
    // Browsers (and bundlers targeting them) get the minified domain entry, next to its glue.
    const resolved = run(
      process.execPath,
      ['--conditions=browser', '--input-type=module', '-e', "console.log(import.meta.resolve('@peeker/sdk/domains'))"],
      app,
    ).trim();
    assert.match(resolved, /\/dist\/web-domains\/domains\.min\.mjs$/);
    assert.ok(existsSync(new URL(resolved)), resolved);
    // The workerd entry (wrangler sets workerd, worker and browser).
    const resolveIn = (conditions, spec) =>
      run(process.execPath, [...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(spec)}))`], app).trim();
    for (const [conditions, spec, file] of [
      [['workerd', 'worker', 'browser'], '@peeker/sdk', 'dist/web/workerd.mjs'],
      [['workerd', 'worker', 'browser'], '@peeker/sdk/domains', 'dist/web/workerd.mjs'],
    ]) {
      const url = resolveIn(conditions, spec);
      assert.ok(url.endsWith(`/node_modules/@peeker/sdk/${file}`), `${conditions} ${spec}: ${url}`);
      assert.ok(existsSync(new URL(url)), url);
    }
    // The entries' files, the declarations, and two modules: nothing else (no sources of lib/).
    const files = run('npm', ['pack', '--dry-run', '--json'], pkgDir);
    const names = JSON.parse(files)[0].files.map((f) => f.path);
    for (const f of [
      'lib/api.d.ts',
      'lib/api-client.d.ts',
      'lib/browser.d.mts',
      'lib/domains.d.mts',
      'lib/index.d.ts',
      'lib/index.d.mts',
      'lib/generated/types.d.ts',
      'dist/node/index.cjs',
      'dist/node/index.mjs',
      'dist/node/peeker_wasm.js',
      'dist/web/index.mjs',
      'dist/web/sdk.mjs',
      'dist/web/workerd.mjs',
      'dist/web/peeker_wasm.js',
      'dist/web/peeker_wasm_bg.wasm',
      'dist/web-domains/domains.min.mjs',
      'dist/web-domains/peeker_wasm.js',
      'dist/web-domains/peeker_wasm_bg.wasm',
      'README.md',
    ]) {
      assert.ok(names.includes(f), f);
    }
    assert.deepEqual(names.filter((f) => f.endsWith('.wasm')).sort(), ['dist/web-domains/peeker_wasm_bg.wasm', 'dist/web/peeker_wasm_bg.wasm']);
    assert.deepEqual(names.filter((f) => f.startsWith('lib/') && !/\.d\.m?ts$/.test(f)), []);
    // The domain entry in Node: the whole SDK (browsers get the small module).
    const domains = run(
      process.execPath,
      ['--input-type=module', '-e', "import { normalizeRootDomain, PeekerError } from '@peeker/sdk/domains'; import * as all from '@peeker/sdk'; try { normalizeRootDomain('www.acme.com') } catch (e) { console.log(e instanceof PeekerError, e instanceof all.PeekerError, typeof all.Client) }"],
      app,
    );
    assert.equal(domains.trim(), 'true true function');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
