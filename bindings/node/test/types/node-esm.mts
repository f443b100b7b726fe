// Compiled (never run) by test/types.test.mjs: the Node ES-module view of the declarations.
import sdk, {
  normalizeRootDomain,
  verifyWebhook,
  PeekerError,
  type ErrorCode,
  type WebhookEvent,
  type HeadersInput,
} from '@peeker/sdk';

export async function handler(request: Request): Promise<Response> {
  const body = await request.text();
  try {
    const event: WebhookEvent = verifyWebhook(body, request.headers, process.env.PEEKER_WEBHOOK_SECRET ?? '', {
      now: Date.now() / 1000,
      tolerance: 300,
    });
    return new Response(event.id);
  } catch (e) {
    if (e instanceof PeekerError) {
      const code: ErrorCode = e.code;
      return new Response(code, { status: 400 });
    }
    throw e;
  }
}

const h: HeadersInput = new Map([['peeker-signature', 'v1=00']]);
const pairs: HeadersInput = [['peeker-timestamp', '1']];
export const root: string = normalizeRootDomain('acme.com').unicode + sdk.normalizeRootDomain('b.com').ascii;
export { h, pairs };
// @ts-expect-error: the Node entry's init takes no module source
sdk.init(new Uint8Array(0));
