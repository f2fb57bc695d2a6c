'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { ApiClientError, fieldErrors } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { Field } from '@/ui/Field';

interface SetupInput {
  name: string;
  email: string;
  password: string;
}

export function SetupForm() {
  const router = useRouter();
  const setup = useMutation({
    mutationFn: (input: SetupInput) => api.call('postAuthSetup', { body: input }),
    onSuccess: () => {
      router.replace('/');
      router.refresh();
    },
    onError: (err) => {
      // Someone finished setup first (another tab, another admin): sign in instead.
      if (err instanceof ApiClientError && err.status === 409) router.replace('/login');
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setup.mutate({
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
  }

  const errors = fieldErrors(setup.error);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {setup.error && Object.keys(errors).length === 0 ? (
        <p className="form-error" role="alert">
          {setup.error.message}
        </p>
      ) : null}
      <Field name="name" label="Your name" autoComplete="name" required autoFocus maxLength={200} error={errors.name} />
      <Field name="email" label="Email" type="email" autoComplete="username" required error={errors.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={errors.password}
      />
      <button type="submit" className="button button-primary button-block" disabled={setup.isPending}>
        {setup.isPending ? 'Creating account…' : 'Create owner account'}
      </button>
    </form>
  );
}
