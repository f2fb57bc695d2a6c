/** The HTTP API's wire contract (README.md). Grouped by resource; each module's schemas and types share a name. */
export * from './enums';
export * from './common';
export * from './auth';
export * from './users';
export * from './api-keys';
export * from './permissions';
export * from './audit';
export * from './workflows';
export * from './executions';
export * from './webhooks';
export * from './schedules';
export * from './grants';
export * from './node-types';
export * from './health';
export * from './fleet';
