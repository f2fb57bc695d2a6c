import type { Metadata } from 'next';
import { AcceptInviteForm } from '@/features/auth/AcceptInviteForm';
import { AuthCard } from '@/features/auth/AuthCard';

export const metadata: Metadata = { title: 'Accept invite' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Join Weft" subtitle="Choose a password to finish creating your account.">
      <AcceptInviteForm token={token} />
    </AuthCard>
  );
}
