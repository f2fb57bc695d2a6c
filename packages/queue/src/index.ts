export * from './connection';
export * from './names';
export * from './bullmq-job-queue';
