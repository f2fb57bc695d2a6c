import type { ReactNode } from 'react';

/** "Loading …" where a list or page will be (a status, so screen readers hear it). */
export function LoadingPanel({ children }: { children: ReactNode }) {
  return (
    <div className="panel panel-empty" role="status">
      {children}
    </div>
  );
}

interface LoadErrorPanelProps {
  title: string;
  message: ReactNode;
  /** What to offer instead of "Try again" (a link away, say). */
  action?: ReactNode;
  onRetry?: () => void;
}

/** A failed load: what failed, why, and "Try again" (or the given action). */
export function LoadErrorPanel({ title, message, action, onRetry }: LoadErrorPanelProps) {
  return (
    <div className="panel panel-empty" role="alert">
      <p className="panel-title">{title}</p>
      <p className="muted">{message}</p>
      {action ??
        (onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        ) : null)}
    </div>
  );
}
