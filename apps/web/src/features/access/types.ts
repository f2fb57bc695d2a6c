/** Wire shapes of the access endpoints (docs/access.md): the contract's types (@weft/contracts). */
export {
  API_KEY_SCOPES,
  ROLES,
  type ApiKey,
  type ApiKeyScope,
  type AuditEvent,
  type Grant,
  type GrantList,
  type ManagedUser,
  type Me,
  type Page,
  type PendingInvite,
  type Person,
  type Role,
} from '@weft/contracts';
