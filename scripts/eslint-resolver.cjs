// eslint-plugin-import resolver for this repo: `@/…` (apps/web's tsconfig path) maps to
// apps/web/src; a workspace package's subpath (`@weft/engine/adapter`) maps through that
// package's `exports`, which the node resolver does not read; everything else goes to the
// node resolver with TypeScript extensions.
// (eslint-plugin-import-x's resolver needs native bindings the registry here lacks for most
// platforms, which broke `npm ci`; this is the few lines we need instead.)
const fs = require('node:fs');
const path = require('node:path');
const nodeResolver = require('eslint-import-resolver-node');

const root = path.join(__dirname, '..');
const options = { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] };

exports.interfaceVersion = 2;
exports.resolve = (source, file) => {
  if (source.startsWith('@/')) {
    return nodeResolver.resolve(path.join(root, 'apps/web/src', source.slice(2)), file, options);
  }
  const subpath = /^@weft\/([^/]+)\/(.+)$/.exec(source);
  if (subpath) {
    const dir = path.join(root, 'packages', subpath[1]);
    const target = packageExports(dir)[`./${subpath[2]}`];
    if (typeof target === 'string') return { found: true, path: path.join(dir, target) };
  }
  return nodeResolver.resolve(source, file, options);
};

function packageExports(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).exports ?? {};
  } catch {
    return {};
  }
}
