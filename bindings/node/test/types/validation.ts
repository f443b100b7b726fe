// Compiled (never run) by test/types.test.mjs with the "browser" condition: the
// lean browser entry @peeker/sdk/validation.
import sdk, { init, normalizeRootDomain, PeekerError, type ErrorCode } from '@peeker/sdk/validation';
import * as validation from '@peeker/sdk/validation';
import { checkRootDomain as checkDomainOnly, type RootDomainCheck } from '@peeker/sdk/domains';

export function asTyped(value: string): string {
  const r: RootDomainCheck = validation.checkRootDomain(value);
  const s = checkDomainOnly(value);
  return (r.ok ? r.unicode : r.code) + (s.ok ? s.ascii : s.suggestion ?? s.message);
}

export async function check(value: string): Promise<string> {
  await init(new URL('/assets/peeker_wasm_bg.wasm', location.href));
  try {
    return normalizeRootDomain(value).ascii + sdk.normalizeRootDomain(value).unicode;
  } catch (e) {
    if (e instanceof PeekerError) {
      const code: ErrorCode = e.code;
      return code;
    }
    throw e;
  }
}
// @ts-expect-error: no API model in the validation entry
export const c = validation.Client;
