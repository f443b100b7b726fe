// @peeker/sdk/wasm and @peeker/sdk/domains/wasm: the WebAssembly modules as files,
// for bundlers that do not emit a .wasm from `new URL(..., import.meta.url)`
// (esbuild: `--loader:.wasm=file` makes this default export the file's URL path).
// Pass it to init(): `init(new URL(wasm, import.meta.url))`.
declare const wasm: string;
export default wasm;
