import { createHash } from 'node:crypto';
import { buildOpenApiDocument } from '@weft/contracts/openapi';
import pkg from '../../../../package.json';
import { defineRoute } from '@/server/http/define-route';

// Built once per process from the contracts: it only changes with a deploy.
let built: { body: string; etag: string } | undefined;

function openApiDocument(): { body: string; etag: string } {
  if (!built) {
    const body = JSON.stringify(buildOpenApiDocument({ version: pkg.version }));
    built = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }
  return built;
}

/**
 * The OpenAPI 3.1 document of this API (docs/api.md), public like n8n's and Windmill's:
 * it describes routes, not data. Cacheable for a few minutes; the ETag lets clients revalidate.
 */
export const GET = defineRoute({ permission: 'public' }, ({ req }) => {
  const { body, etag } = openApiDocument();
  const headers = { 'content-type': 'application/json', 'cache-control': 'public, max-age=300', etag };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
});
