'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { CreateSigning, SigningPatch } from './signing-form';
import type { WebhookSettings, Webhook } from './types';

/** How often the recent deliveries (and the counters on each card) refresh. */
export const DELIVERIES_REFRESH_MS = 5_000;

export const webhooksKey = (workflowId: string) => ['webhooks', workflowId] as const;
const deliveriesKey = (webhookId: string) => ['webhook-deliveries', webhookId] as const;
export function useWebhooks(workflowId: string) {
  return useQuery({
    queryKey: webhooksKey(workflowId),
    queryFn: ({ signal }) =>
      api.call('getWorkflowsByIdWebhooks', { params: { id: workflowId }, signal }).then((r) => r.items),
    refetchInterval: DELIVERIES_REFRESH_MS,
  });
}

export function useCreateWebhook(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSigning) => api.call('postWorkflowsByIdWebhooks', { params: { id: workflowId }, body }),
    onSuccess: (created) => {
      const { secret: _secret, ...view } = created;
      qc.setQueryData<Webhook[]>(webhooksKey(workflowId), (old) => [
        view,
        ...(old ?? []).filter((w) => w.id !== view.id),
      ]);
      void qc.invalidateQueries({ queryKey: webhooksKey(workflowId) });
    },
  });
}

export type WebhookPatch = Partial<WebhookSettings> & SigningPatch;

/** PATCH; the answer replaces the card's webhook (with `secret` when Weft generated a new one). */
export function useUpdateWebhook(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: WebhookPatch }) =>
      api.call('patchWebhooksById', { params: { id }, body: patch }),
    onSuccess: (updated) => {
      const { secret: _secret, ...view } = updated;
      qc.setQueryData<Webhook[]>(webhooksKey(workflowId), (old) =>
        old?.map((w) => (w.id === view.id ? { ...w, ...view } : w)),
      );
    },
  });
}

export function useDeleteWebhook(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('deleteWebhooksById', { params: { id } }),
    onSuccess: (_void, id) => {
      qc.setQueryData<Webhook[]>(webhooksKey(workflowId), (old) => old?.filter((w) => w.id !== id));
      qc.removeQueries({ queryKey: deliveriesKey(id) });
    },
  });
}

export function useDeliveries(webhookId: string) {
  return useQuery({
    queryKey: deliveriesKey(webhookId),
    queryFn: ({ signal }) =>
      api.call('getExecutions', { query: { webhookId, limit: 10 }, signal }).then((r) => r.items),
    refetchInterval: DELIVERIES_REFRESH_MS,
  });
}
