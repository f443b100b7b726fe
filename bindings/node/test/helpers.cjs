'use strict';
// Shared assertions of the tests.
const assert = require('node:assert/strict');
const { PeekerError } = require('@peeker/sdk');

/** Asserts that fn throws a PeekerError with `code` (and the other fields given). */
function throwsCode(fn, code, extra = {}) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected a PeekerError ${code}, nothing was thrown`);
  assert.ok(caught instanceof Error, 'a real Error');
  assert.ok(caught instanceof PeekerError, `a PeekerError, got ${caught && caught.name}: ${caught && caught.message}`);
  assert.equal(caught.name, 'PeekerError');
  assert.equal(caught.code, code, caught.message);
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  assert.ok(typeof caught.stack === 'string' && caught.stack.includes('PeekerError'));
  for (const [k, v] of Object.entries(extra)) assert.deepEqual(caught[k], v, `${k} of ${code}`);
  return caught;
}
module.exports = { throwsCode };
