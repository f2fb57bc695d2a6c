/** Queue names. One queue for node jobs: every job runs one node of one execution. */
export const NODE_QUEUE = 'nodes';

export interface QueueOptions {
  /** Key prefix, so several installs or test runs can share one Redis. */
  prefix: string;
}
