import type { Metadata } from 'next';
import { UsersPage } from '@/features/access/UsersPage';

export const metadata: Metadata = { title: 'Users' };

export default function Page() {
  return <UsersPage />;
}
