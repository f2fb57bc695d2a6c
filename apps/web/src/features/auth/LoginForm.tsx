'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { Field } from '@/ui/Field';

export function LoginForm() {
  const router = useRouter();
  const signIn = useMutation({
    mutationFn: (input: { email: string; password: string }) => api.call('postAuthLogin', { body: input }),
    onSuccess: () => {
      router.replace('/');
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
  }

  const errors = fieldErrors(signIn.error);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {signIn.error && Object.keys(errors).length === 0 ? (
        <p className="form-error" role="alert">
          {signIn.error.message}
        </p>
      ) : null}
      <Field name="email" label="Email" type="email" autoComplete="username" required autoFocus error={errors.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
