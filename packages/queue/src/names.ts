export interface QueueOptions {
  /** Key prefix, so several installs or test runs can share one Redis. */
  prefix: string;
}
