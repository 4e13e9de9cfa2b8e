/**
 * Twenty 1.2's GraphQL `POST /metadata` for reads: the nestjs-query `objects`/`fields` connections (default page 10,
 * at most 1000, sorted by id descending, offset cursors `arrayconnection:<n>`), `object(id)`/`field(id)`, each
 * object's own `fields` connection and `fieldsList`, the Relation DTO, `getRoles` in 1.2's RoleDTO (no field
 * permissions, no `canBeAssignedTo*`), and `__type(name) { fields { name } }` introspection. The answer has exactly
 * what the selection asks for. Refused as 1.2 refuses: an unknown field gives graphql-js's validation errors with
 * HTTP 200 and no `data` (recorded: the 2.x roles query). Mutations are not imitated (the sources are only read).
 */
import type { ModelObject } from '../../model/types.js';
import type { RouteResponse } from '../../routes/context.js';
import type { SandboxWorkspace } from '../../workspace.js';
import { GraphqlSyntaxError, parseOperation, type Selection } from './graphql-document.js';
import { SCHEMA, validate, type GraphqlError } from './graphql-schema.js';
import { fieldDto, objectDto, relationOf, type FieldRef } from './metadata-dto.js';

const DEFAULT_PAGE = 10;
/** nestjs-query `maxResultsSize` of the metadata DTOs; what it does beyond is not recorded, so pages stop there. */
const MAX_PAGE = 1000;

class ResolveError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

const cursorOf = (offset: number) => Buffer.from(`arrayconnection:${offset}`).toString('base64');
const offsetOf = (cursor: unknown) => {
  const m = typeof cursor === 'string' ? /^arrayconnection:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  if (typeof cursor === 'string' && !m) throw new ResolveError(`Invalid cursor provided: ${cursor}`, 'BAD_USER_INPUT');
  return m ? Number(m[1]) + 1 : 0;
};

/** `filter: { isCustom: { is: true }, id: { eq: "…" } }` over the DTO's values. */
function matches(dto: Record<string, unknown>, filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return true;
  return Object.entries(filter as Record<string, Record<string, unknown>>).every(([key, test]) =>
    Object.entries(test ?? {}).every(([op, want]) => {
      const have = dto[key];
      if (op === 'eq' || op === 'is') return have === want;
      if (op === 'neq' || op === 'isNot') return have !== want;
      if (op === 'in') return Array.isArray(want) && want.includes(have);
      throw new ResolveError(`filter operator ${op} is not imitated by the sandbox's 1.2 flavour`, 'BAD_USER_INPUT');
    }),
  );
}

function connection<T>(items: T[], args: Record<string, any>, dto: (item: T) => Record<string, unknown>) {
  const kept = items.filter((i) => matches(dto(i), args.filter));
  const first = Math.min(Number(args.paging?.first ?? DEFAULT_PAGE), MAX_PAGE);
  const start = offsetOf(args.paging?.after);
  const page = kept.slice(start, start + first);
  return {
    edges: page.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
    pageInfo: {
      hasNextPage: start + first < kept.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorOf(start) : null,
      endCursor: page.length ? cursorOf(start + page.length - 1) : null,
    },
  };
}

const byIdDescending = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? 1 : -1));

type Resolver = (ws: SandboxWorkspace, parent: any, s: Selection) => unknown;

/** Fields computed from the parent; every other field is the parent's property (or its DTO's, for Object and Field). */
const RESOLVERS: Record<string, Record<string, Resolver>> = {
  Query: {
    objects: (ws, _p, s) => connection(byIdDescending(ws.model.objects), s.args, (o) => objectDto(ws, o)),
    object: (ws, _p, s) => ws.index.byId.get(String(s.args.id)) ?? notFound('ObjectMetadataEntity', s.args.id),
    fields: (ws, _p, s) => connection(byIdDescending(allFields(ws)).map(({ id: _id, ...ref }) => ref), s.args, (r) => fieldDto(ws, r)),
    field: (ws, _p, s) => allFields(ws).find((r) => r.id === s.args.id) ?? notFound('FieldMetadataEntity', s.args.id),
    getRoles: (ws) => [...ws.config.roles.roles.values()].map((role) => roleDto(ws, role)),
    __type: (_ws, _p, s) => {
      const type = SCHEMA[String(s.args.name)];
      return type ? { name: s.args.name, kind: 'OBJECT', description: null, fields: Object.keys(type).map((name) => ({ name, description: null })) } : null;
    },
  },
  Object: {
    fields: (ws, o: ModelObject, s) => connection(o.fields.map((field) => ({ object: o, field })), s.args, (r) => fieldDto(ws, r)),
    fieldsList: (_ws, o: ModelObject) => o.fields.map((field) => ({ object: o, field })),
    indexMetadataList: () => [],
    indexMetadatas: () => ({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } }),
  },
  Field: {
    relation: (ws, r: FieldRef) => relationOf(ws, r),
    morphRelations: () => [],
    object: (_ws, r: FieldRef) => r.object,
  },
};

/** Properties of a value of `type` that are not resolvers: the DTO for metadata entities, else the value itself. */
const PROPERTIES: Record<string, (ws: SandboxWorkspace, value: any) => Record<string, unknown>> = {
  Object: (ws, o: ModelObject) => objectDto(ws, o),
  Field: (ws, r: FieldRef) => fieldDto(ws, r),
};

function allFields(ws: SandboxWorkspace): Array<FieldRef & { id: string }> {
  return ws.model.objects.flatMap((object) => object.fields.map((field) => ({ id: field.id, object, field })));
}

function notFound(entity: string, id: unknown): never {
  throw new ResolveError(`Unable to find ${entity} with id: ${String(id)}`, 'NOT_FOUND');
}

function roleDto(ws: SandboxWorkspace, role: ReturnType<SandboxWorkspace['config']['roles']['roleOf']>) {
  const members = [...(ws.table('workspaceMember')?.rows.values() ?? [])].filter((m) => !m.deletedAt && ws.config.roles.roleOf(m.id as string).id === role.id);
  return {
    id: role.id, label: role.label, description: role.description, icon: role.icon, isEditable: role.isEditable,
    canUpdateAllSettings: role.canUpdateAllSettings, canAccessAllTools: role.canAccessAllTools, canReadAllObjectRecords: role.canReadAllObjectRecords,
    canUpdateAllObjectRecords: role.canUpdateAllObjectRecords, canSoftDeleteAllObjectRecords: role.canSoftDeleteAllObjectRecords,
    canDestroyAllObjectRecords: role.canDestroyAllObjectRecords,
    workspaceMembers: members,
    permissionFlags: role.permissionFlags.map((flag) => ({ id: `${role.id}:${flag}`, roleId: role.id, flag })),
    objectPermissions: role.objectPermissions,
  };
}

function render(ws: SandboxWorkspace, type: string, value: unknown, selections: Selection[]): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => render(ws, type, v, selections));
  const properties = PROPERTIES[type]?.(ws, value) ?? (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const s of selections) {
    if (s.name === '__typename') {
      out[s.key] = type;
      continue;
    }
    const resolver = RESOLVERS[type]?.[s.name];
    const v = resolver ? resolver(ws, value, s) : properties[s.name];
    const fieldType = SCHEMA[type][s.name];
    out[s.key] = s.selections && fieldType !== 'opaque' && fieldType !== 'leaf' ? render(ws, fieldType, v, s.selections) : (v ?? null);
  }
  return out;
}

const answer = (body: unknown): RouteResponse => ({ status: 200, body });

/**
 * The answer to one GraphQL request body (`{query, variables}`), always HTTP 200 as recorded.
 *
 * @example
 * metadataGraphql12(ws, { query: '{ objects(paging: {first: 1000}) { edges { node { nameSingular } } } }' });
 */
export function metadataGraphql12(ws: SandboxWorkspace, body: unknown): RouteResponse {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string') return { status: 400, body: { errors: [{ message: 'Must provide query string.' }] } };
  let selections: Selection[];
  try {
    const op = parseOperation(query, variables ?? {});
    if (op.kind === 'mutation') {
      return answer({ errors: [{ message: "The sandbox's 1.2 flavour imitates reads of a 1.2 source only, not mutations", extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    }
    selections = op.selections;
  } catch (e) {
    if (!(e instanceof GraphqlSyntaxError)) throw e;
    return answer({ errors: [{ message: e.message, locations: [{ line: e.line, column: e.column }] }] });
  }
  const invalid = validate(selections);
  if (invalid.length) return answer({ errors: invalid });
  try {
    return answer({ data: render(ws, 'Query', {}, selections) });
  } catch (e) {
    if (!(e instanceof ResolveError)) throw e;
    const error: GraphqlError = { message: e.message, extensions: { code: e.code } };
    return answer({ errors: [error], data: null });
  }
}
