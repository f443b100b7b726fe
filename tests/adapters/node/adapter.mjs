#!/usr/bin/env node
// The Node adapter of tests/run-vectors (tests/adapters/PROTOCOL.md): JSON lines
// in on stdin, one JSON line out per case, through the built package's public
// entry point: `require('@peeker/sdk')` resolved by the package's exports map,
// as from inside the package. Build first: bash bindings/node/build.sh
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { runLine } from './cases.mjs';

const requireInPackage = createRequire(new URL('../../../bindings/node/package.json', import.meta.url));
let sdk;
try {
  sdk = requireInPackage('@peeker/sdk');
} catch (e) {
  console.error(`node adapter: cannot load @peeker/sdk (${e.message}); build it with: bash bindings/node/build.sh`);
  process.exit(2);
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === '') continue;
  process.stdout.write(runLine(sdk, line) + '\n');
}
