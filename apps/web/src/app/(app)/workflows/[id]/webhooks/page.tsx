import type { Metadata } from 'next';
import { WebhooksPage } from '@/features/webhooks/WebhooksPage';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <WebhooksPage workflowId={id} />;
}
