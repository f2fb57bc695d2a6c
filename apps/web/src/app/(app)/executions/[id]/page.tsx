import type { Metadata } from 'next';
import { ExecutionViewer } from '@/features/executions/ExecutionViewer';

export const metadata: Metadata = { title: 'Execution' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExecutionViewer executionId={id} />;
}
