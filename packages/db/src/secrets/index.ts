export { SecretBox, SecretUnreadableError, type SecretKeys } from './secret-box';
