import type { Metadata } from 'next';
import { SchedulesPage } from '@/features/schedules/SchedulesPage';

export const metadata: Metadata = { title: 'Schedules' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SchedulesPage workflowId={id} />;
}
