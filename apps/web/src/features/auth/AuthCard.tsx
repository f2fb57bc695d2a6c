import type { ReactNode } from 'react';

/** The centred card that frames the sign-in and setup forms. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <main className="centered auth-page">
      <div className="auth-brand" aria-hidden="true">
        <span className="logo-mark">W</span>
        <span className="logo-text">Weft</span>
      </div>
      <section className="card card-narrow" aria-labelledby="auth-title">
        <h1 className="card-title" id="auth-title">
          {title}
        </h1>
        <p className="muted card-subtitle">{subtitle}</p>
        {children}
      </section>
    </main>
  );
}
