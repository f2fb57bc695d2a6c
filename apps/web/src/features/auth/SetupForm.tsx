'use client';

import { useRouter } from 'next/navigation';
import { ApiClientError } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { Field } from '@/ui/Field';
import { AuthForm, NewNameField, NewPasswordField, textOf, useSignIn } from './AuthForm';

interface SetupInput {
  name: string;
  email: string;
  password: string;
}

export function SetupForm() {
  const router = useRouter();
  const setup = useSignIn(
    (input: SetupInput) => api.call('postAuthSetup', { body: input }),
    (err) => {
      // Someone finished setup first (another tab, another admin): sign in instead.
      if (err instanceof ApiClientError && err.status === 409) router.replace('/login');
    },
  );
  return (
    <AuthForm
      signIn={setup}
      read={(form) => ({
        name: textOf(form, 'name'),
        email: textOf(form, 'email'),
        password: textOf(form, 'password'),
      })}
      submit="Create owner account"
      busyText="Creating account…"
    >
      {(errors) => (
        <>
          <NewNameField autoFocus error={errors.name} />
          <Field name="email" label="Email" type="email" autoComplete="username" required error={errors.email} />
          <NewPasswordField label="Password" error={errors.password} />
        </>
      )}
    </AuthForm>
  );
}
