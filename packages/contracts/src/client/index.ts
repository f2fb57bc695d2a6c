/** `@weft/contracts/client`: the typed client of the HTTP API, for the browser, the CLI and tests. */
export { createApiClient, type ApiClient, type ApiClientOptions, type CallInput } from './api-client';
export { ApiClientError, fieldErrors, isUnauthenticated, type ApiErrorDetail } from './errors';
export { OPERATIONS, type InputOf, type JsonOperationId, type OperationId, type OutputOf } from '../openapi/operations';
