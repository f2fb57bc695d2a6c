'use client';

/** Last-resort boundary for a page that failed to render (e.g. the database is down). */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="centered">
      <div className="card card-narrow">
        <h1 className="card-title">Something went wrong</h1>
        <p className="muted">
          Weft could not load this page. If the problem persists, check that the database is running.
        </p>
        <button type="button" className="button button-primary" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
