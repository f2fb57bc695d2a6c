import type { Metadata } from 'next';
import { EditorPage } from '@/features/editor/EditorPage';

export const metadata: Metadata = { title: 'Workflow editor' };

export default async function WorkflowEditorRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditorPage id={id} />;
}
