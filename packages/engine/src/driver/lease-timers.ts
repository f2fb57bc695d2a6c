export interface LeaseTimers {
  leaseMs: number;
  /** Extends the lease; false when another worker took it. */
  renew: () => Promise<boolean>;
  onLost: () => void;
  msUntilDeadline: number;
  onDeadline: () => void;
}

/** A drive's two clocks: the lease renewed every third of its length, and the execution's deadline. Returns what stops both. */
export function startLeaseTimers(t: LeaseTimers): () => void {
  const renew = setInterval(
    () => {
      t.renew().then(
        (ok) => ok || t.onLost(),
        () => undefined, // a failed renewal is retried on the next tick; the lease has slack
      );
    },
    Math.max(50, Math.floor(t.leaseMs / 3)),
  );
  const deadline = setTimeout(t.onDeadline, Math.max(0, Math.min(t.msUntilDeadline, 2 ** 31 - 1)));
  return () => {
    clearInterval(renew);
    clearTimeout(deadline);
  };
}
