export * from './connection';
export * from './names';
export * from './execution-events';
export * from './wake-queue';
export * from './schedule-timers';
export * from './fleet';
export * from './queue-admin';
export * from './queue-depths';
export { withTimeout } from './timeout';
