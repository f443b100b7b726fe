// Compiled (never run) by test/types.test.mjs with the "browser" condition: the
// small browser entry @peeker/sdk/domains (domain validation only).
import sdk, { init, normalizeRootDomain, checkRootDomain, PeekerError, type ErrorCode, type RootDomainCheck } from '@peeker/sdk/domains';
import * as domains from '@peeker/sdk/domains';
import { PeekerError as FullPeekerError } from '@peeker/sdk';

export function asTyped(value: string): string {
  const r: RootDomainCheck = checkRootDomain(value);
  const s = sdk.checkRootDomain(value);
  return (r.ok ? r.unicode : r.code) + (s.ok ? s.ascii : s.suggestion ?? s.message);
}

export async function check(value: string): Promise<string> {
  await init(new URL('/assets/peeker_wasm_bg.wasm', location.href));
  try {
    return normalizeRootDomain(value).ascii + domains.registrableDomain(value);
  } catch (e) {
    if (e instanceof PeekerError && e instanceof FullPeekerError) {
      const code: ErrorCode = e.code;
      return code;
    }
    throw e;
  }
}
// @ts-expect-error: no API model in the domain entry
export const c = domains.Client;
// @ts-expect-error: no webhooks in the domain entry
export const v = domains.verifyWebhook;
