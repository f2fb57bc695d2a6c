import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditPage } from '@/features/access/AuditPage';

export const metadata: Metadata = { title: 'Audit log' };

export default function Page() {
  // AuditPage reads its filters from the URL (useSearchParams), hence the boundary.
  return (
    <Suspense fallback={<div className="panel panel-empty">Loading the audit log…</div>}>
      <AuditPage />
    </Suspense>
  );
}
