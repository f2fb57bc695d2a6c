export { SecretBox, SecretUnreadableError, type SecretKeys } from './secret-box';
export {
  rotateSealedColumns,
  SEALED_COLUMNS,
  type RotationResult,
  type SealedColumn,
  type UnreadableSecret,
} from './rotate';
