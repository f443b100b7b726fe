// Compiled (never run) by test/types.test.mjs with the "browser" condition and
// the DOM library: the browser view of the declarations.
import { init, isReady, normalizeRootDomain, classifyResponse, PeekerError, type ErrorCode } from '@peeker/sdk';

export async function start(input: HTMLInputElement, out: HTMLElement): Promise<void> {
  await init();
  await init(new URL('/assets/peeker_wasm_bg.wasm', location.href));
  await init(fetch('/assets/peeker_wasm_bg.wasm'));
  const ready: boolean = isReady();
  input.addEventListener('input', () => {
    try {
      out.textContent = normalizeRootDomain(input.value).unicode + String(ready);
    } catch (e) {
      if (e instanceof PeekerError) {
        const code: ErrorCode = e.code;
        out.textContent = `${code}: ${e.message} ${e.suggestion ?? ''}`;
      }
    }
  });
  const res = await fetch('/api');
  const c = classifyResponse(res.status, res.headers, new Uint8Array(await res.arrayBuffer()));
  out.dataset.retry = c.retry;
}
// @ts-expect-error: init resolves to nothing
export const notBool: boolean = await init();
// @ts-expect-error: the browser build has the same typed API
normalizeRootDomain(undefined);
