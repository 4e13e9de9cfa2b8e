/** Who performs a request: Twenty records API-key writes as this actor (create-one-minimal-defaults). */
export interface Actor {
  source: string;
  workspaceMemberId: string | null;
  name: string;
  context: Record<string, unknown> | null;
}

export const apiActor = (apiKeyName: string): Actor => ({ source: 'API', workspaceMemberId: null, name: apiKeyName, context: {} });
