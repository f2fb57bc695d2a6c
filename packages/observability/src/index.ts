export * from './logger';
export * from './metrics';
export * from './readiness';
export * from './health';
export * from './metrics-access';
