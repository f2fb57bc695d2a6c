import type { Metadata } from 'next';
import { AuthCard } from '@/features/auth/AuthCard';
import { SetupForm } from '@/features/auth/SetupForm';
import { redirectAwayFromAuthPage } from '@/server/auth/page-auth';

export const metadata: Metadata = { title: 'Set up' };

export default async function SetupPage() {
  await redirectAwayFromAuthPage('setup');
  return (
    <AuthCard title="Welcome to Weft" subtitle="Create the owner account for this installation.">
      <SetupForm />
    </AuthCard>
  );
}
