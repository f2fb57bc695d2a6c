'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { workflowKeys } from './api';

/**
 * A request that makes a workflow (create, import); on success the list is refreshed and
 * the editor opens on it. Still pending after success: the page is navigating away.
 */
export function useOpenNewWorkflow<I>(make: (input: I) => Promise<{ id: string }>) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: make,
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      router.push(`/workflows/${encodeURIComponent(id)}`);
    },
  });
  return { ...mutation, busy: mutation.isPending || mutation.isSuccess };
}
