export * from './connection';
export * from './names';
export * from './bullmq-job-queue';
export * from './execution-events';
