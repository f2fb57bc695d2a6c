import { storableJsonText } from '@weft/engine/adapter';
import { Prisma } from './generated/prisma/client';

/**
 * Every JSON column is written through json()/jsonOrNull(), for two reasons:
 *
 * - jsonb cannot hold U+0000 (or a lone surrogate). The engine already hands over values with
 *   U+FFFD in their place (@weft/engine toJson); storableJsonText() is the last line of defence so
 *   that no write ever fails on one. It costs one JSON.stringify when there is nothing to do.
 * - Keys are user-chosen, and Prisma copies a JSON value key by key into fresh `{}` objects,
 *   where `result['__proto__'] = v` sets a prototype and the key is silently lost (a node called
 *   `__proto__`, a query `?__proto__=1`). So we hand Prisma the JSON text itself, as its JSON
 *   protocol's tagged `Json` value (via toJSON(), which Prisma calls instead of walking the
 *   object): stored exactly as JSON.stringify wrote it, and no second walk of a big payload.
 *   packages/db/test/json.int.test.ts pins this behaviour across Prisma upgrades.
 */
class JsonText {
  constructor(private readonly text: string) {}

  toJSON(): { $type: 'Json'; value: string } {
    return { $type: 'Json', value: this.text };
  }
}

function jsonText(value: unknown): Prisma.InputJsonValue {
  return new JsonText(storableJsonText(value) ?? 'null') as unknown as Prisma.InputJsonValue;
}

/** Prisma wants DbNull (SQL NULL) rather than a JS null for nullable Json columns. */
export function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : jsonText(value);
}

export function json(value: unknown): Prisma.InputJsonValue {
  return jsonText(value ?? {});
}
