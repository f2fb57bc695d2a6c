'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { auditPath, type AuditFilters } from './audit-query';
import type { ApiKeyBody } from './api-key-form';
import type {
  ChangePasswordBody,
  CreatedApiKey,
  CreatedInvite,
  CreateUserBody,
  InviteBody,
  Session,
  SessionList,
  UpdateUserBody,
} from '@weft/contracts';
import type { ApiKeyView, AuditItem, Grant, GrantList, Me, Page, PendingInviteView, Role, UserView } from './types';
import { toGrantsBody } from './grants';

const enc = encodeURIComponent;
const grantsKey = (workflowId: string) => ['workflow-permissions', workflowId] as const;
const USERS_KEY = ['users'] as const;
const API_KEYS_KEY = ['api-keys'] as const;

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => apiFetch<Me>('/api/auth/me', { signal }),
    staleTime: 60_000,
  });
}

export const isManager = (role: Role | undefined) => role === 'owner' || role === 'admin';

export function useGrants(workflowId: string) {
  return useQuery({
    queryKey: grantsKey(workflowId),
    queryFn: ({ signal }) => apiFetch<GrantList>(`/api/workflows/${enc(workflowId)}/permissions`, { signal }),
  });
}

export function useSaveGrants(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rows: Grant[]) =>
      apiFetch<GrantList>(`/api/workflows/${enc(workflowId)}/permissions`, { method: 'PUT', body: toGrantsBody(rows) }),
    onSuccess: (saved) => qc.setQueryData(grantsKey(workflowId), saved),
  });
}

/** Every user (owners/admins only; the API allows 500 a page, more than a self-hosted team has). */
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: USERS_KEY,
    enabled,
    queryFn: ({ signal }) => apiFetch<Page<UserView>>('/api/users?limit=500', { signal }).then((r) => r.items),
  });
}

/** The form always picks a role (the API defaults it to member). */
export type NewUser = Required<CreateUserBody>;

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => apiFetch<UserView>('/api/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export type NewInvite = Required<InviteBody>;

const INVITES_KEY = ['invites'] as const;

/** Pending invites (owners/admins): one page of 500, more than a team has waiting. */
export function useInvites() {
  return useQuery({
    queryKey: INVITES_KEY,
    queryFn: ({ signal }) =>
      apiFetch<Page<PendingInviteView>>('/api/users/invites?limit=500', { signal }).then((r) => r.items),
  });
}

/** `POST /api/users/invites` → the one-time link (shown once). */
export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewInvite) => apiFetch<CreatedInvite>('/api/users/invites', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: INVITES_KEY }),
  });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/users/invites/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: (_v, id) => qc.setQueryData<PendingInviteView[]>(INVITES_KEY, (old) => old?.filter((i) => i.id !== id)),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserBody }) =>
      apiFetch<UserView>(`/api/users/${enc(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (user) =>
      qc.setQueryData<UserView[]>(USERS_KEY, (old) => old?.map((u) => (u.id === user.id ? { ...u, ...user } : u))),
  });
}

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => apiFetch<Page<AuditItem>>(auditPath(filters, pageParam), { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: API_KEYS_KEY,
    queryFn: ({ signal }) => apiFetch<Page<ApiKeyView>>('/api/api-keys?limit=500', { signal }).then((r) => r.items),
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyBody) => apiFetch<CreatedApiKey>('/api/api-keys', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: API_KEYS_KEY }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/api-keys/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: (_v, id) => qc.setQueryData<ApiKeyView[]>(API_KEYS_KEY, (old) => old?.filter((k) => k.id !== id)),
  });
}

export type SessionView = Session;

const SESSIONS_KEY = ['sessions'] as const;

export function useSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => apiFetch<SessionList>('/api/auth/sessions', { signal }).then((r) => r.items),
  });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/auth/sessions/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: (_v, id) => qc.setQueryData<SessionView[]>(SESSIONS_KEY, (old) => old?.filter((s) => s.id !== id)),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => apiFetch<void>('/api/auth/password', { method: 'POST', body }),
    // Every other session ended.
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}
