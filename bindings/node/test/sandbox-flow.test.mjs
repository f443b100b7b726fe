// The seed guide's whole flow against the offline sandbox with fetch + node:http:
// every webhook verified with the core's verifier, the tracker reaching completed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from '../examples/sandbox-flow.mjs';

const REPO = new URL('../../../', import.meta.url);
const TARGET = process.env.CARGO_TARGET_DIR ? new URL(`file://${process.env.CARGO_TARGET_DIR}/`) : new URL('target/', REPO);
const SANDBOX_BIN = ['debug', 'release'].map((p) => fileURLToPath(new URL(`${p}/peeker-sandbox`, TARGET))).find((f) => existsSync(f));

test('examples/sandbox-flow.mjs: import → order → verified webhooks → completed', {
  skip: !SANDBOX_BIN && 'no peeker-sandbox binary (cargo build -p peeker-sandbox; tests/run-all builds it)',
  timeout: 60_000,
}, async () => {
  const child = spawn(SANDBOX_BIN, ['serve', '--port', '0', '--speed', '3000', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const baseUrl = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /PEEKER_SANDBOX_URL=(\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`peeker-sandbox exited with ${code}`)));
    });
    const lines = [];
    const { order, view, webhooks } = await run({ baseUrl, apiKey: 'pk_test_node_flow', log: (l) => lines.push(l) });
    assert.match(order.id, /^ord_/);
    assert.equal(view.status, 'completed');
    assert.equal(view.domainsConnected, 2);
    assert.equal(view.domainsTotal, 2);
    assert.equal(webhooks.rejected, 0);
    assert.ok(webhooks.verified >= 4, `verified ${webhooks.verified}`); // import, in_progress, 2× connected, completed
    assert.ok(lines.some((l) => l.startsWith('UI ▸ set ')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('domain.connected')), lines.join('\n'));
  } finally {
    child.kill();
  }
});
