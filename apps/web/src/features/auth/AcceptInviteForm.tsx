'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { AuthForm, NewNameField, NewPasswordField, textOf, useSignIn } from './AuthForm';

/** The invite-link page: who the invite is for, then choose a password and you're signed in. */
export function AcceptInviteForm({ token }: { token: string }) {
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.call('getAuthInvite', { query: { token } }),
    retry: false,
  });
  const accept = useSignIn((input: { name: string; password: string }) =>
    api.call('postAuthInvite', { body: { token, ...input } }),
  );

  if (invite.isPending) return <p className="muted">Checking the invite…</p>;
  if (invite.error) {
    return (
      <p className="form-error" role="alert">
        {invite.error.message}
      </p>
    );
  }
  return (
    <AuthForm
      signIn={accept}
      read={(form) => ({ name: textOf(form, 'name'), password: textOf(form, 'password') })}
      submit="Join Weft"
      busyText="Creating account…"
      intro={
        <p className="muted">
          You were invited as <strong>{invite.data.email}</strong> ({invite.data.role}).
        </p>
      }
    >
      {(errors) => (
        <>
          <NewNameField defaultValue={invite.data.name} error={errors.name} />
          <NewPasswordField label="Choose a password" autoFocus error={errors.password} />
        </>
      )}
    </AuthForm>
  );
}
