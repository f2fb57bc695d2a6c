import type { Metadata } from 'next';
import { buildOpenApiDocument } from '@weft/contracts/openapi';
import { ApiDocsPage } from '@/features/api-docs/ApiDocsPage';
import type { OpenApiDocument } from '@/features/api-docs/schema-text';
import pkg from '../../../../package.json';

export const metadata: Metadata = { title: 'API' };

// Built once per process, like the route's: it only changes with a deploy.
let doc: OpenApiDocument | undefined;

/** The same document `GET /api/openapi.json` serves, rendered for people. */
export default function Page() {
  doc ??= JSON.parse(JSON.stringify(buildOpenApiDocument({ version: pkg.version }))) as OpenApiDocument;
  return <ApiDocsPage doc={doc} />;
}
