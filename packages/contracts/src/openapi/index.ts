/** `@weft/contracts/openapi`: the operations table and the OpenAPI 3.1 document built from it. */
export { buildOpenApiDocument, errorResponses, scopesOf, type DocumentOptions, type Scope } from './document';
export {
  OPERATIONS,
  type InputOf,
  type JsonOperationId,
  type Method,
  type Operation,
  type OperationId,
  type Operations,
  type OutputOf,
  type Permission,
} from './operations';
