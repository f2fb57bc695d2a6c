'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { apiFetch } from '@/lib/api-client';

interface HeaderUser {
  name: string;
  email: string;
  role: string;
}

export function AppHeader({ user }: { user: HeaderUser }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => apiFetch('/api/auth/logout', { method: 'POST' }),
    // Leave even if the call failed: the cookie may already be gone server-side.
    onSettled: () => {
      queryClient.clear();
      router.replace('/login');
      router.refresh();
    },
  });

  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="logo" aria-label="Weft home">
        <span className="logo-mark" aria-hidden="true">
          W
        </span>
        <span className="logo-text">Weft</span>
      </Link>
      <nav className="app-nav" aria-label="Main">
        <Link href="/" className="app-nav-link" aria-current="page">
          Workflows
        </Link>
      </nav>
      <div className="app-user">
        <span className="app-user-name" title={user.email}>
          {user.name}
        </span>
        <span className="role-tag">{user.role}</span>
        <button type="button" className="button button-ghost" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}
