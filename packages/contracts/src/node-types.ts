import { z } from 'zod';

/** `GET /api/node-types`: the palette and the inspector. */
export const NodeTypeInfo = z
  .object({
    type: z.string(),
    label: z.string(),
    description: z.string(),
    category: z.string(),
    icon: z.string(),
    parameters: z
      .record(z.string(), z.unknown())
      .meta({ description: 'JSON Schema of the parameters (string values may always be `{{ expressions }}`).' }),
    handles: z
      .array(z.string())
      .meta({ description: 'Static output handles; `dynamicHandles` says they depend on parameters (switch).' }),
    dynamicHandles: z.boolean(),
    errorHandle: z.boolean(),
    acceptsInput: z.boolean(),
    starts: z
      .boolean()
      .meta({ description: 'The node starts an execution: it receives the trigger payload; one per workflow.' }),
    literalParameters: z.array(z.string()),
  })
  .meta({ id: 'NodeTypeInfo' });
export type NodeTypeInfo = z.infer<typeof NodeTypeInfo>;
