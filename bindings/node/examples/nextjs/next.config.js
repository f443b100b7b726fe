// Next.js bundles server code; @peeker/sdk reads its .wasm from its own directory at the
// first call, so it is left to Node (without this the route answers 500: ENOENT for
// .next/server/.../peeker_wasm_bg.wasm). bindings/node/README.md, "Next.js App Router".
/** @type {import('next').NextConfig} */
module.exports = { serverExternalPackages: ['@peeker/sdk'] };
