/**
 * Configuration of the two instances of a migration, read from the environment or a git-ignored `.env`:
 * SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY (and ALLOW_INSECURE_HTTP=true to allow http:// to a
 * non-loopback host). Problems come back as a list with what to do, never as a stack trace.
 *
 * @example
 * const result = loadConfig();
 * if (!result.ok) { console.error(formatConfigIssues(result.issues)); process.exit(2); }
 * const { source, target } = result.config;
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export interface InstanceConfig {
  /** base URL without a trailing slash, e.g. https://api.twenty.com */
  url: string;
  apiKey: string;
}

export interface MigrationConfig {
  source: InstanceConfig;
  target: InstanceConfig;
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: MigrationConfig } | { ok: false; issues: ConfigIssue[] };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function instanceSchema(side: 'SOURCE' | 'TARGET', allowInsecure: boolean) {
  return z.object({
    url: z
      .string({ error: `${side}_URL is not set: set it to your ${side.toLowerCase()} Twenty server, e.g. https://crm.example.com` })
      .trim()
      .min(1, `${side}_URL is empty: set it to your ${side.toLowerCase()} Twenty server, e.g. https://crm.example.com`)
      .superRefine((value, ctx) => {
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
          ctx.addIssue({ code: 'custom', message: `${side}_URL "${value}" has no scheme: write it as https://${value}` });
          return;
        }
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: `${side}_URL "${value}" is not a valid URL` });
          return;
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
          ctx.addIssue({ code: 'custom', message: `${side}_URL must use https:// (or http:// on this machine), not ${url.protocol}` });
        } else if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowInsecure) {
          ctx.addIssue({
            code: 'custom',
            message: `${side}_URL uses http:// to ${url.hostname}: the API key would travel unencrypted. Use https://, or set ALLOW_INSECURE_HTTP=true if this network is trusted.`,
          });
        }
      })
      .transform((value) => value.replace(/\/+$/, '').replace(/\/rest$/, '')),
    apiKey: z
      .string({ error: `${side}_API_KEY is not set: create an API key in Settings → APIs & Webhooks of the ${side.toLowerCase()} workspace` })
      .trim()
      .min(1, `${side}_API_KEY is empty: create an API key in Settings → APIs & Webhooks of the ${side.toLowerCase()} workspace`)
      .refine((v) => !/\s/.test(v), `${side}_API_KEY contains spaces: paste the key alone, without "Bearer "`),
  });
}

/** Parses `KEY=value` lines (quotes stripped, # comments ignored), as dotenv does for the simple cases. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Reads the environment, filling gaps from `.env` in `cwd` (the environment wins). */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/**
 * `required`: the instances a command needs (default both). One that is not required and has neither variable set
 * is left out (`csv import` needs only the target; the source, when configured, lends its members' e-mails).
 */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment(), required: ReadonlyArray<'SOURCE' | 'TARGET'> = ['SOURCE', 'TARGET']): ConfigResult {
  const allowInsecure = env.ALLOW_INSECURE_HTTP === 'true';
  const issues: ConfigIssue[] = [];
  const parsed: Partial<MigrationConfig> = {};
  for (const side of ['SOURCE', 'TARGET'] as const) {
    if (!required.includes(side) && !env[`${side}_URL`] && !env[`${side}_API_KEY`]) continue;
    const r = instanceSchema(side, allowInsecure).safeParse({ url: env[`${side}_URL`], apiKey: env[`${side}_API_KEY`] });
    // `as`: notebooks type-check this file with tslab's TypeScript 5.0 without strictNullChecks, where zod infers every key as optional
    if (r.success) parsed[side === 'SOURCE' ? 'source' : 'target'] = r.data as InstanceConfig;
    else for (const i of r.error.issues) issues.push({ variable: `${side}_${i.path[0] === 'url' ? 'URL' : 'API_KEY'}`, message: i.message });
  }
  return issues.length ? { ok: false, issues } : { ok: true, config: parsed as MigrationConfig };
}

/** True when none of the four variables is set: callers then fall back to the embedded sandbox. */
export function isUnconfigured(env: Record<string, string | undefined> = readEnvironment()): boolean {
  return ['SOURCE_URL', 'SOURCE_API_KEY', 'TARGET_URL', 'TARGET_API_KEY'].every((k) => !env[k]);
}

export function formatConfigIssues(issues: ConfigIssue[]): string {
  return ['Configuration problems (set these in the environment or in .env):', ...issues.map((i) => `  - ${i.message}`)].join('\n');
}
