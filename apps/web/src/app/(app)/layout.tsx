import type { ReactNode } from 'react';
import { AppHeader } from '@/features/shell/AppHeader';
import { requirePageUser } from '@/server/auth/page-auth';

/** The signed-in shell: every page under it requires a user (else /login or /setup). */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="shell">
      <AppHeader user={{ name: user.name, email: user.email, role: user.role }} />
      <main className="shell-main" id="main">
        {children}
      </main>
    </div>
  );
}
