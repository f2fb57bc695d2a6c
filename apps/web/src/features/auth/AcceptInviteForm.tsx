'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { Field } from '@/ui/Field';

/** The invite-link page: who the invite is for, then choose a password and you're signed in. */
export function AcceptInviteForm({ token }: { token: string }) {
  const router = useRouter();
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.call('getAuthInvite', { query: { token } }),
    retry: false,
  });
  const accept = useMutation({
    mutationFn: (input: { name: string; password: string }) =>
      api.call('postAuthInvite', { body: { token, ...input } }),
    onSuccess: () => {
      router.replace('/');
      router.refresh();
    },
  });

  if (invite.isPending) return <p className="muted">Checking the invite…</p>;
  if (invite.error) {
    return (
      <p className="form-error" role="alert">
        {invite.error.message}
      </p>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    accept.mutate({ name: String(form.get('name') ?? ''), password: String(form.get('password') ?? '') });
  }

  const errors = fieldErrors(accept.error);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p className="muted">
        You were invited as <strong>{invite.data.email}</strong> ({invite.data.role}).
      </p>
      {accept.error && Object.keys(errors).length === 0 ? (
        <p className="form-error" role="alert">
          {accept.error.message}
        </p>
      ) : null}
      <Field
        name="name"
        label="Your name"
        autoComplete="name"
        required
        maxLength={200}
        defaultValue={invite.data.name}
        error={errors.name}
      />
      <Field
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        autoFocus
        error={errors.password}
      />
      <button type="submit" className="button button-primary button-block" disabled={accept.isPending}>
        {accept.isPending ? 'Creating account…' : 'Join Weft'}
      </button>
    </form>
  );
}
