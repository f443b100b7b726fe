// A tiny static file server for the browser demo and the browser tests:
//   node examples/serve.mjs [port]   then open http://127.0.0.1:PORT/examples/browser/
// Serves bindings/node (lib/, dist/, examples/) with the right MIME types
// (application/wasm lets the browser compile while downloading).
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLOWED = ['lib', 'dist', 'examples'];

/**
 * Starts the server on 127.0.0.1 (port 0: any free port). Resolves to {url, close()}.
 * `extra`: more routes, URL path -> {type, body (a string or bytes), status?, headers?} or an absolute file path.
 */
export function serve({ root = PACKAGE_ROOT, port = 0, extra = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = decodeURIComponent(url.pathname);
      if (Object.hasOwn(extra, path)) {
        const route = extra[path];
        const body = typeof route === 'string' ? await readFile(route) : route.body;
        const type = typeof route === 'string' ? TYPES[extname(route)] : route.type;
        const status = (typeof route === 'object' && route.status) || 200;
        const headers = (typeof route === 'object' && route.headers) || {};
        res.writeHead(status, { 'Content-Type': type || 'application/octet-stream', 'Cache-Control': 'no-store', ...headers });
        res.end(body);
        return;
      }
      if (path === '/') {
        res.writeHead(302, { Location: '/examples/browser/' }).end();
        return;
      }
      if (path.endsWith('/')) path += 'index.html';
      const rel = normalize(path).replace(/^[/\\]+/, '');
      const top = rel.split(sep)[0];
      if (rel.startsWith('..') || !ALLOWED.includes(top)) {
        res.writeHead(404).end('not found');
        return;
      }
      const file = join(root, rel);
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({
        url: `http://127.0.0.1:${p}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const { url } = await serve({ port: Number(process.argv[2] || 8080) });
  console.log(`Peeker SDK browser demo: ${url}/examples/browser/`);
}
