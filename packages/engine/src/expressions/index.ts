export * from './segments';
export * from './evaluate';
