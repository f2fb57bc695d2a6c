'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { Field } from '@/ui/Field';
import { FormAlert } from '@/ui/FormAlert';

/** A request that signs the browser in (setup, login, accepting an invite): then to the workflows. */
export function useSignIn<I>(request: (input: I) => Promise<unknown>, onError?: (error: Error) => void) {
  const router = useRouter();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      router.replace('/');
      router.refresh();
    },
    onError,
  });
}

interface AuthFormProps<I> {
  signIn: ReturnType<typeof useSignIn<I>>;
  /** Builds the request from the form's named fields. */
  read: (form: FormData) => I;
  submit: string;
  busyText: string;
  /** The fields, given the server's errors by field name. */
  children: (errors: Record<string, string | undefined>) => ReactNode;
  intro?: ReactNode;
}

/** The auth pages' form: an error naming no field on top, the fields, one full-width button. */
export function AuthForm<I>({ signIn, read, submit, busyText, children, intro }: AuthFormProps<I>) {
  const errors = fieldErrors(signIn.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate(read(new FormData(event.currentTarget)));
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {intro}
      <FormAlert error={signIn.error} fieldErrors={errors} className="form-error" />
      {children(errors)}
      <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
        {signIn.isPending ? busyText : submit}
      </button>
    </form>
  );
}

/** A named field's text ('' when absent). */
export function textOf(form: FormData, name: string): string {
  return String(form.get(name) ?? '');
}

/** The password a new account chooses (setup, invite): the server's minimum is 8 characters. */
export function NewPasswordField(props: { label: string; error: string | undefined; autoFocus?: boolean }) {
  return (
    <Field
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      hint="At least 8 characters."
      {...props}
    />
  );
}

/** The name a new account goes by (setup, invite): the server takes at most 200 characters. */
export function NewNameField(props: { error: string | undefined; autoFocus?: boolean; defaultValue?: string }) {
  return <Field name="name" label="Your name" autoComplete="name" required maxLength={200} {...props} />;
}
