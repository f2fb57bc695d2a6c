import type { Metadata } from 'next';
import { ExecutionsPage } from '@/features/executions/ExecutionsPage';

export const metadata: Metadata = { title: 'Executions' };

export default function Page() {
  return <ExecutionsPage />;
}
