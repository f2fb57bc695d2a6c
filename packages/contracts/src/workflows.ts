import { z } from 'zod';
import { AnyJson, int4, PageQuery, Timestamp, Uuid } from './common';
import { ExecutionStatus } from './enums';

/** Workflows, their versions, import/export and manual runs (SPEC §1, §7). */

/**
 * The definition document (SPEC §1) as the API carries it. The engine's schema is what
 * validates it on save, import and run (failures are 400 listing every problem); this one
 * describes it for clients and the OpenAPI document, and lets unknown fields through.
 */
export const DefinitionNode = z
  .looseObject({
    id: z.string().meta({ description: 'Unique in the workflow; `^[A-Za-z_][A-Za-z0-9_]{0,63}$`.' }),
    type: z.string(),
    name: z.string(),
    position: z.object({ x: z.number(), y: z.number() }),
    parameters: z.record(z.string(), AnyJson),
    settings: z.record(z.string(), AnyJson).optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'DefinitionNode' });

export const DefinitionEdge = z
  .looseObject({
    id: z.string(),
    source: z.string(),
    sourceHandle: z.string().optional().meta({ description: 'Default `out`.' }),
    target: z.string(),
  })
  .meta({ id: 'DefinitionEdge' });

export const DefinitionDocument = z
  .looseObject({
    name: z.string(),
    description: z.string().optional(),
    nodes: z.array(DefinitionNode),
    edges: z.array(DefinitionEdge),
    settings: z.record(z.string(), AnyJson).optional(),
    variables: z.record(z.string(), AnyJson).optional(),
  })
  .meta({
    id: 'DefinitionDocument',
    description: 'A workflow definition document (SPEC §1): what import/export, the API and the editor exchange.',
  });
export type DefinitionDocument = z.infer<typeof DefinitionDocument>;

/** A definition problem: errors make a 400; warnings (e.g. unreachable nodes) come back with a save. */
export const Problem = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

const Description = z
  .string({ message: 'must be a string' })
  .max(10_000, { message: 'must be at most 10000 characters' });
const Message = z.string({ message: 'must be a string' }).max(1_000, { message: 'must be at most 1000 characters' });
// Versions are int4 in Postgres (workflow_versions.version, workflows.active_version).
const VersionNumber = int4({ min: 1 });

export const CreateWorkflowBody = z
  .object({
    name: z.string({ message: 'must be a string' }).trim().min(1, { message: 'must not be empty' }).max(200).optional(),
    description: Description.optional(),
    message: Message.optional(),
    definition: z
      .unknown()
      .optional()
      .meta({ description: 'A definition document; without it the workflow starts with just a trigger.' }),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.definition !== undefined, {
    message: 'give a name or a definition',
    path: ['name'],
  })
  .meta({
    id: 'CreateWorkflowBody',
    description: "`{ name }` (starts with just a trigger) or `{ definition }`; `name` overrides the definition's.",
  });
export type CreateWorkflowBody = z.input<typeof CreateWorkflowBody>;

export const SaveWorkflowBody = z
  .object({
    definition: z
      .unknown()
      .refine((v) => v !== undefined, { message: 'is required' })
      .meta({ description: 'A definition document (SPEC §1).' }),
    description: Description.optional(),
    message: Message.optional(),
  })
  .strict()
  .meta({ id: 'SaveWorkflowBody' });
export type SaveWorkflowBody = z.input<typeof SaveWorkflowBody>;

export const ActivateBody = z
  .object({ version: VersionNumber.optional().meta({ description: 'Default: the latest version.' }) })
  .strict()
  .meta({ id: 'ActivateBody' });
export type ActivateBody = z.infer<typeof ActivateBody>;

export const RunBody = z
  .object({
    input: z.unknown().optional().meta({ description: "The trigger's output (default `{}`)." }),
    version: VersionNumber.optional().meta({ description: 'Default: the latest version (the draft).' }),
  })
  .strict()
  .meta({ id: 'RunBody' });
export type RunBody = z.infer<typeof RunBody>;

/**
 * `POST /api/workflows/import`: a definition document as exported. Parsed as any JSON so the
 * engine's validation can list every problem (400) rather than zod's first.
 */
export const ImportWorkflowBody = z
  .unknown()
  .meta({ description: 'A definition document (DefinitionDocument), as `GET /api/workflows/{id}/export` returns it.' });

/** `202` answer of a manual run (and of an async webhook delivery). */
export const RunStarted = z.object({ executionId: Uuid }).meta({ id: 'RunStarted' });
export type RunStarted = z.infer<typeof RunStarted>;

export const WorkflowListQuery = PageQuery.extend({
  search: z.string().max(200).optional().meta({ description: 'Case-insensitive part of the name.' }),
  active: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Only workflows with (true) or without (false) an active version.' }),
});

export const VersionParams = z.object({
  id: Uuid,
  version: int4({ min: 1, coerce: true }),
});

export const ExportQuery = z.object({
  version: int4({ min: 1, coerce: true }).optional().meta({ description: 'Default: the latest.' }),
});

export const WorkflowSummary = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string(),
    activeVersion: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'What webhooks and schedules run; null when inactive.' }),
    latestVersion: z.number().int(),
    createdById: Uuid.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WorkflowSummary' });
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const LastExecution = z
  .object({ id: Uuid, status: ExecutionStatus, createdAt: Timestamp })
  .meta({ id: 'LastExecution' });
export type LastExecution = z.infer<typeof LastExecution>;

/** A workflows list item: the newest execution of any version, or null when it never ran. */
export const WorkflowListItem = WorkflowSummary.extend({ lastExecution: LastExecution.nullable() }).meta({
  id: 'WorkflowListItem',
});
export type WorkflowListItem = z.infer<typeof WorkflowListItem>;

/**
 * What the caller may do to this workflow now (its role or grant, narrowed by its API key's or
 * token's scopes), so a client offers only what will not be refused. `execute` also covers
 * seeing webhook URLs and arming triggers (with `edit`): docs/access.md.
 */
export const WorkflowAbilities = z
  .object({ edit: z.boolean(), delete: z.boolean(), execute: z.boolean() })
  .meta({ id: 'WorkflowAbilities', description: 'What the caller may do to this workflow now.' });
export type WorkflowAbilities = z.infer<typeof WorkflowAbilities>;

/** SPEC §7 workflow: the summary with the latest version's definition, and what the caller may do to it. */
export const Workflow = WorkflowSummary.extend({ definition: DefinitionDocument, can: WorkflowAbilities }).meta({
  id: 'Workflow',
});
export type Workflow = z.infer<typeof Workflow>;

/** Create, import and save answers: the workflow plus the definition's warnings. */
export const SavedWorkflow = Workflow.extend({ warnings: z.array(Problem) }).meta({ id: 'SavedWorkflow' });
export type SavedWorkflow = z.infer<typeof SavedWorkflow>;

/** SPEC §7 version: immutable once saved. */
export const WorkflowVersion = z
  .object({
    version: z.number().int(),
    definition: DefinitionDocument,
    createdAt: Timestamp,
    createdBy: Uuid.nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: 'WorkflowVersion' });
export type WorkflowVersion = z.infer<typeof WorkflowVersion>;
