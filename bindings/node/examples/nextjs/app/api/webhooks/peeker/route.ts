// Peeker webhooks in a Next.js App Router route handler:
//   app/api/webhooks/peeker/route.ts  →  POST /api/webhooks/peeker
//
// Read the raw bytes with `await request.arrayBuffer()` (or `await request.text()`
// for UTF-8 bodies), never `await request.json()`: the signature covers the
// exact bytes Peeker sent. Set PEEKER_WEBHOOK_SECRET in the environment.
import { verifyWebhook, PeekerError } from '@peeker/sdk';

// The Node.js runtime loads the SDK synchronously. On the edge runtime the
// package resolves to its browser build: call `await init()` (from
// '@peeker/sdk') once before verifying.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const secret = process.env.PEEKER_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: 'PEEKER_WEBHOOK_SECRET is not set' }, { status: 500 });
  const body = new Uint8Array(await request.arrayBuffer());
  try {
    const event = verifyWebhook(body, request.headers, secret);
    // Deduplicate on event.id (a Tracker, or a unique key in your database),
    // answer quickly, and do the slow work in a queue.
    return Response.json({ received: event.id });
  } catch (e) {
    if (e instanceof PeekerError) return Response.json({ error: e.code }, { status: 400 });
    throw e;
  }
}
