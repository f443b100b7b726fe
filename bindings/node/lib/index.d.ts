// @peeker/sdk for Node.js (CommonJS: `require('@peeker/sdk')`). See api.d.ts.
export * from './api';

/** Node loads the module synchronously: resolves at once. Kept for code shared with browsers. */
export declare function init(): Promise<void>;
