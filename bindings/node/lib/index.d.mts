// @peeker/sdk for Node.js (ES module: `import ... from '@peeker/sdk'`). See api.d.ts.
export * from './index.js';
import * as sdk from './index.js';
export default sdk;
