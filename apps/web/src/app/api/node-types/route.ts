import { describeNodeTypes } from '@weft/engine';
import { defineRoute } from '@/server/http/define-route';

const NODE_TYPES = describeNodeTypes();

/** Every node type with its parameter JSON schema and handles (the editor's palette and inspector). */
export const GET = defineRoute({ permission: 'signed-in' }, () => ({ items: NODE_TYPES, nextCursor: null }));
