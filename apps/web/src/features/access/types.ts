/** Wire shapes of the access endpoints (docs/access.md): the contract's types (@weft/contracts). */
export {
  API_KEY_SCOPES,
  ROLES,
  type ApiKey as ApiKeyView,
  type ApiKeyScope,
  type AuditEvent as AuditItem,
  type Grant,
  type GrantList,
  type ManagedUser as UserView,
  type Me,
  type Page,
  type PendingInvite as PendingInviteView,
  type Person,
  type Role,
} from '@weft/contracts';
