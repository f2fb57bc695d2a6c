import type { UseQueryResult } from '@tanstack/react-query';
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

interface EmptyPanelProps {
  title: string;
  /** A line of help under the title. */
  children?: ReactNode;
  /** What to do next (a button). */
  action?: ReactNode;
  'data-testid'?: string;
}

/** An empty list: a title, a line of help and what to do next. */
export function EmptyPanel({ title, children, action, 'data-testid': testId }: EmptyPanelProps) {
  return (
    <div className="panel panel-empty" data-testid={testId}>
      <p className="panel-title">{title}</p>
      {children ? <p className="muted">{children}</p> : null}
      {action}
    </div>
  );
}

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** "Loading users…" */
  loading: ReactNode;
  /** "Could not load the users" */
  errorTitle: string;
  /** The error's message by default; pass one to say more (or offer a link). */
  errorMessage?: (error: Error) => ReactNode;
  errorAction?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * One query's three states: loading, failed (with "Try again"), and loaded, which renders
 * `children(data)`. Empty lists are the caller's (only it knows what "empty" should offer).
 */
export function QueryState<T>({ query, loading, errorTitle, errorMessage, errorAction, children }: QueryStateProps<T>) {
  if (query.isPending) return <LoadingPanel>{loading}</LoadingPanel>;
  if (query.isError) {
    return (
      <LoadErrorPanel
        title={errorTitle}
        message={errorMessage ? errorMessage(query.error) : query.error.message}
        action={errorAction}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return <>{children(query.data)}</>;
}
