export * from './memory-execution-store';
export * from './memory-wake-queue';
export * from './fake-http';
export * from './run-graph';
