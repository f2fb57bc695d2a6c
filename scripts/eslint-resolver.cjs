// eslint-plugin-import resolver for this repo: `@/…` (apps/web's tsconfig path) maps to
// apps/web/src, everything else goes to the node resolver with TypeScript extensions.
// (eslint-plugin-import-x's resolver needs native bindings the registry here lacks for most
// platforms, which broke `npm ci`; this is the few lines we need instead.)
const path = require('node:path');
const nodeResolver = require('eslint-import-resolver-node');

const root = path.join(__dirname, '..');
const options = { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] };

exports.interfaceVersion = 2;
exports.resolve = (source, file) => {
  if (source.startsWith('@/')) {
    return nodeResolver.resolve(path.join(root, 'apps/web/src', source.slice(2)), file, options);
  }
  return nodeResolver.resolve(source, file, options);
};
