export * from './state';
export * from './planner';
export * from './graph-index';
export * from './running';
