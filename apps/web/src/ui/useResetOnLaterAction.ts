'use client';

import { useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Clears a mutation's error once any later action (another mutation, anywhere on the page)
 * settles: a refusal shown under a row belongs to that attempt, not to whatever the person
 * does next. "Later" is by submit time, so the row's own retry is not mistaken for another.
 */
export function useResetOnLaterAction<TData, TError, TVariables, TContext>(
  mutation: UseMutationResult<TData, TError, TVariables, TContext>,
): void {
  const queryClient = useQueryClient();
  const { isError, submittedAt, reset } = mutation;
  useEffect(() => {
    if (!isError) return;
    return queryClient.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      const { status, submittedAt: otherSubmittedAt } = event.mutation.state;
      if ((status === 'success' || status === 'error') && otherSubmittedAt > submittedAt) reset();
    });
  }, [queryClient, isError, submittedAt, reset]);
}
