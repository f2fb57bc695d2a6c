'use client';

import { api } from '@/lib/api-client';
import { Field } from '@/ui/Field';
import { AuthForm, textOf, useSignIn } from './AuthForm';

export function LoginForm() {
  const signIn = useSignIn((input: { email: string; password: string }) => api.call('postAuthLogin', { body: input }));
  return (
    <AuthForm
      signIn={signIn}
      read={(form) => ({ email: textOf(form, 'email'), password: textOf(form, 'password') })}
      submit="Sign in"
      busyText="Signing in…"
    >
      {(errors) => (
        <>
          <Field
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            error={errors.email}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.password}
          />
        </>
      )}
    </AuthForm>
  );
}
