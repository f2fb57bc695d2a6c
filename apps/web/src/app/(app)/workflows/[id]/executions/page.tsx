import type { Metadata } from 'next';
import { ExecutionsPage } from '@/features/executions/ExecutionsPage';

export const metadata: Metadata = { title: 'Workflow executions' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExecutionsPage workflowId={id} />;
}
