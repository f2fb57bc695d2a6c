'use client';

import { useMe } from './api';
import { ApiKeysSection } from './ApiKeysSection';
import { SecuritySection } from './SecuritySection';
import './access.css';

/** `/account`: my API keys, password and sessions. */
export function AccountPage() {
  const me = useMe();
  return (
    <section aria-labelledby="account-title" className="ac-page">
      <div className="page-header">
        <div>
          <h1 id="account-title">Account</h1>
          <p className="muted">{me.data ? `${me.data.name} · ${me.data.email} · ${me.data.role}` : '\u00a0'}</p>
        </div>
      </div>
      <ApiKeysSection />
      <SecuritySection />
    </section>
  );
}
