/** `@weft/contracts/openapi`: the operations table and the OpenAPI 3.1 document built from it. */
export {
  buildOpenApiDocument,
  errorResponses,
  operationId,
  scopesOf,
  type DocumentOptions,
  type Scope,
} from './document';
export { OPERATIONS, type Method, type Operation, type Permission } from './operations';
