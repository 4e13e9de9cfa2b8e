/** What a route handler gets: the parsed request and the workspace its key belongs to. */
import type { SandboxWorkspace } from '../workspace.js';

export interface RouteRequest {
  method: string;
  /** path without the query string, e.g. /rest/companies/ab12... */
  path: string;
  query: URLSearchParams;
  body: unknown;
  workspace: SandboxWorkspace;
}

export interface RouteResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown): RouteResponse => ({ status, body });
