import type { Metadata } from 'next';
import { WorkflowsPage } from '@/features/workflows/WorkflowsPage';

export const metadata: Metadata = { title: 'Workflows' };

export default function HomePage() {
  return <WorkflowsPage />;
}
