'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Menu as MenuIcon, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import { MutationButton } from '@/ui/MutationButton';

interface HeaderUser {
  name: string;
  email: string;
  role: string;
}

const NAV = [
  { href: '/', label: 'Workflows', current: (path: string) => path === '/' || path.startsWith('/workflows') },
  { href: '/executions', label: 'Executions', current: (path: string) => path.startsWith('/executions') },
  { href: '/users', label: 'Users', current: (path: string) => path.startsWith('/users'), managersOnly: true },
  { href: '/audit', label: 'Audit', current: (path: string) => path.startsWith('/audit'), managersOnly: true },
  { href: '/workers', label: 'Workers', current: (path: string) => path.startsWith('/workers'), managersOnly: true },
  { href: '/queue', label: 'Queue', current: (path: string) => path.startsWith('/queue'), managersOnly: true },
  { href: '/account', label: 'Account', current: (path: string) => path.startsWith('/account') },
  { href: '/api-docs', label: 'API', current: (path: string) => path.startsWith('/api-docs') },
];

export function AppHeader({ user }: { user: HeaderUser }) {
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
      <MainNav managing={user.role === 'owner' || user.role === 'admin'} />
      <SignedInUser user={user} />
    </header>
  );
}

/** The pages, the current one marked; on a phone they fold behind a button, and fold again after each navigation. */
function MainNav({ managing }: { managing: boolean }) {
  const pathname = usePathname();
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="ui-icon-button app-nav-toggle"
        aria-expanded={navOpen}
        aria-controls="app-nav"
        aria-label={navOpen ? 'Close navigation' : 'Open navigation'}
        onClick={() => setNavOpen((open) => !open)}
      >
        {navOpen ? <X size={20} aria-hidden="true" /> : <MenuIcon size={20} aria-hidden="true" />}
      </button>
      <nav id="app-nav" className="app-nav" aria-label="Main" data-open={navOpen}>
        {NAV.filter((item) => !item.managersOnly || managing).map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className="app-nav-link"
            aria-current={item.current(pathname) ? 'page' : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
    </>
  );
}

/** Who is signed in, their role, and Sign out. */
function SignedInUser({ user }: { user: HeaderUser }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => api.call('postAuthLogout'),
    // Leave even if the call failed: the cookie may already be gone server-side.
    onSettled: () => {
      queryClient.clear();
      router.replace('/login');
      router.refresh();
    },
  });
  return (
    <div className="app-user">
      <span className="app-user-name" title={user.email}>
        {user.name}
      </span>
      <span className="role-tag">{user.role}</span>
      <MutationButton mutation={signOut} label="Sign out" busyText="Signing out…" className="button button-ghost" />
    </div>
  );
}
