/**
 * Which Twenty version the sandbox imitates. The routes under ../routes/ are Twenty 2.21's; a flavour answers the
 * requests an older version answers differently and leaves the rest to them, so the differences of a version live
 * in one folder (v1-2/ for Twenty 1.2.0) instead of in conditions spread over the routes.
 *
 * @example
 * const old = await startSandbox({ flavour: '1.2', workspaces: [{ name: 'source', model: 'seeded-1.2' }] });
 * seedWorkspace12(old.workspace('source'), { records: 300 });
 */
import type { RouteRequest, RouteResponse } from '../routes/context.js';
import type { PublicContext } from '../routes/public.js';
import type { SandboxWorkspace } from '../workspace.js';
import { v12 } from './v1-2/index.js';

export type FlavourName = '2.21' | '1.2';

export interface FlavourRequest extends RouteRequest {
  /** the request target as sent, query string included (1.2 reads its REST metadata paths from it) */
  rawUrl: string;
}

/** Every hook is optional: a missing one, or one answering undefined, leaves the request to the 2.21 routes. */
export interface Flavour {
  name: FlavourName;
  /** APP_VERSION reported when `startSandbox` is given none */
  version: string;
  /** Routes answered without a key (client-config, OpenAPI documents). */
  publicRoute?(ctx: PublicContext, method: string, path: string, token: string | undefined): RouteResponse | undefined;
  /** GraphQL `POST /metadata` with a JSON body. */
  metadataGraphql?(workspace: SandboxWorkspace, body: unknown): RouteResponse;
  /** GraphQL `POST /graphql` (records); without it the sandbox has no such route, as for 2.21 clients it needs none. */
  coreGraphql?(workspace: SandboxWorkspace, body: unknown): RouteResponse;
  /** `/rest/metadata/…`; `segments` follow `metadata`. */
  metadataRest?(req: FlavourRequest, segments: string[]): RouteResponse | undefined;
  /** `/rest/<plural>…` record routes (after the fault hook and the request budget). */
  records?(req: FlavourRequest, segments: string[]): RouteResponse | undefined;
  /** Whether record calls spend the workspace's request budget (2.21 throttles API keys; 1.2's REST does not). */
  throttlesRecords: boolean;
}

const V2_21: Flavour = { name: '2.21', version: '2.21.0', throttlesRecords: true };

export function flavourOf(name: FlavourName | undefined): Flavour {
  return name === '1.2' ? v12 : V2_21;
}
