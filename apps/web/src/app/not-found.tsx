import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="centered">
      <div className="card card-narrow">
        <h1 className="card-title">Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link className="button button-primary" href="/">
          Go to workflows
        </Link>
      </div>
    </main>
  );
}
