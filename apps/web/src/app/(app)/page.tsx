import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WorkflowsPage } from '@/features/workflows/WorkflowsPage';

export const metadata: Metadata = { title: 'Workflows' };

export default function HomePage() {
  // WorkflowsPage reads its filters from the URL (useSearchParams), hence the boundary.
  return (
    <Suspense fallback={<div className="panel panel-empty">Loading workflows…</div>}>
      <WorkflowsPage />
    </Suspense>
  );
}
