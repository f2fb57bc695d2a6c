export * from './memory-store';
export * from './memory-queue';
export * from './fake-http';
export * from './run-graph';
