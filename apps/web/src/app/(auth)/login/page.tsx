import type { Metadata } from 'next';
import { AuthCard } from '@/features/auth/AuthCard';
import { LoginForm } from '@/features/auth/LoginForm';
import { redirectAwayFromAuthPage } from '@/server/auth/page-auth';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  await redirectAwayFromAuthPage('login');
  return (
    <AuthCard title="Sign in to Weft" subtitle="Build, run and watch your workflows.">
      <LoginForm />
    </AuthCard>
  );
}
