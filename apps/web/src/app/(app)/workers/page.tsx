import type { Metadata } from 'next';
import { WorkersPage } from '@/features/operations/WorkersPage';

export const metadata: Metadata = { title: 'Workers' };

export default function Page() {
  return <WorkersPage />;
}
