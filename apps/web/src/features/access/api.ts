'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { auditQuery, type AuditFilters } from './audit-query';
import type { ApiKeyBody } from './api-key-form';
import type { ChangePasswordBody, CreateUserBody, InviteBody, Session, UpdateUserBody } from '@weft/contracts';
import type { ApiKey, Grant, PendingInvite, Role, ManagedUser } from './types';
import { toGrantsBody } from './grants';

const grantsKey = (workflowId: string) => ['workflow-permissions', workflowId] as const;
const USERS_KEY = ['users'] as const;
const API_KEYS_KEY = ['api-keys'] as const;

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => api.call('getAuthMe', { signal }),
    staleTime: 60_000,
  });
}

export const isManager = (role: Role | undefined) => role === 'owner' || role === 'admin';

export function useGrants(workflowId: string) {
  return useQuery({
    queryKey: grantsKey(workflowId),
    queryFn: ({ signal }) => api.call('getWorkflowsByIdPermissions', { params: { id: workflowId }, signal }),
  });
}

export function useSaveGrants(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rows: Grant[]) =>
      api.call('putWorkflowsByIdPermissions', { params: { id: workflowId }, body: toGrantsBody(rows) }),
    onSuccess: (saved) => qc.setQueryData(grantsKey(workflowId), saved),
  });
}

/** Every user (owners/admins only; the API allows 500 a page, more than a self-hosted team has). */
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: USERS_KEY,
    enabled,
    queryFn: ({ signal }) => api.call('getUsers', { query: { limit: 500 }, signal }).then((r) => r.items),
  });
}

/** The form always picks a role (the API defaults it to member). */
export type NewUser = Required<CreateUserBody>;

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api.call('postUsers', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export type NewInvite = Required<InviteBody>;

const INVITES_KEY = ['invites'] as const;

/** Pending invites (owners/admins): one page of 500, more than a team has waiting. */
export function useInvites() {
  return useQuery({
    queryKey: INVITES_KEY,
    queryFn: ({ signal }) => api.call('getUsersInvites', { query: { limit: 500 }, signal }).then((r) => r.items),
  });
}

/** `POST /api/users/invites` → the one-time link (shown once). */
export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewInvite) => api.call('postUsersInvites', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: INVITES_KEY }),
  });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('deleteUsersInvitesById', { params: { id } }),
    onSuccess: (_v, id) => qc.setQueryData<PendingInvite[]>(INVITES_KEY, (old) => old?.filter((i) => i.id !== id)),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserBody }) =>
      api.call('patchUsersById', { params: { id }, body: patch }),
    onSuccess: (user) =>
      qc.setQueryData<ManagedUser[]>(USERS_KEY, (old) => old?.map((u) => (u.id === user.id ? { ...u, ...user } : u))),
  });
}

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.call('getAudit', { query: auditQuery(filters, pageParam), signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: API_KEYS_KEY,
    queryFn: ({ signal }) => api.call('getApiKeys', { query: { limit: 500 }, signal }).then((r) => r.items),
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyBody) => api.call('postApiKeys', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: API_KEYS_KEY }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('deleteApiKeysById', { params: { id } }),
    onSuccess: (_v, id) => qc.setQueryData<ApiKey[]>(API_KEYS_KEY, (old) => old?.filter((k) => k.id !== id)),
  });
}

const SESSIONS_KEY = ['sessions'] as const;

export function useSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => api.call('getAuthSessions', { signal }).then((r) => r.items),
  });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('deleteAuthSessionsById', { params: { id } }),
    onSuccess: (_v, id) => qc.setQueryData<Session[]>(SESSIONS_KEY, (old) => old?.filter((s) => s.id !== id)),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.call('postAuthPassword', { body }),
    // Every other session ended.
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}
