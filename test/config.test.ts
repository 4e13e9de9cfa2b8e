import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, isUnconfigured, loadConfig, parseDotEnv, readEnvironment } from '../sdk/config.js';

const good = {
  SOURCE_URL: 'https://crm.example.com/',
  SOURCE_API_KEY: 'source-key-123',
  TARGET_URL: 'https://api.twenty.com',
  TARGET_API_KEY: 'target-key-456',
};

describe('loadConfig', () => {
  it('accepts a complete configuration and normalises the URLs', () => {
    const r = loadConfig(good);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.source).toEqual({ url: 'https://crm.example.com', apiKey: 'source-key-123' });
      expect(r.config.target.url).toBe('https://api.twenty.com');
    }
  });

  it.each([
    ['missing key', { ...good, TARGET_API_KEY: undefined }, 'TARGET_API_KEY', /TARGET_API_KEY is not set/],
    ['empty url', { ...good, SOURCE_URL: '  ' }, 'SOURCE_URL', /SOURCE_URL is empty/],
    ['url without scheme', { ...good, SOURCE_URL: 'crm.example.com' }, 'SOURCE_URL', /no scheme: write it as https:\/\/crm\.example\.com/],
    ['http to a remote host', { ...good, TARGET_URL: 'http://crm.example.com' }, 'TARGET_URL', /ALLOW_INSECURE_HTTP=true/],
    ['ftp url', { ...good, TARGET_URL: 'ftp://crm.example.com' }, 'TARGET_URL', /must use https/],
    ['key with Bearer prefix', { ...good, SOURCE_API_KEY: 'Bearer abc' }, 'SOURCE_API_KEY', /without "Bearer "/],
  ])('reports %s clearly', (_name, env, variable, message) => {
    const r = loadConfig(env);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const issue = r.issues.find((i) => i.variable === variable);
      expect(issue?.message).toMatch(message);
      expect(formatConfigIssues(r.issues)).toContain(issue!.message);
    }
  });

  it('allows http:// to loopback, and to other hosts only when explicitly allowed', () => {
    expect(loadConfig({ ...good, SOURCE_URL: 'http://127.0.0.1:3000' }).ok).toBe(true);
    expect(loadConfig({ ...good, SOURCE_URL: 'http://localhost:3000' }).ok).toBe(true);
    expect(loadConfig({ ...good, SOURCE_URL: 'http://10.0.0.5:3000' }).ok).toBe(false);
    expect(loadConfig({ ...good, SOURCE_URL: 'http://10.0.0.5:3000', ALLOW_INSECURE_HTTP: 'true' }).ok).toBe(true);
  });

  it('never repeats an API key in its messages', () => {
    const r = loadConfig({ ...good, SOURCE_URL: 'nope', TARGET_API_KEY: 'secret value with spaces' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatConfigIssues(r.issues)).not.toContain('secret value');
  });
});

describe('.env', () => {
  it('parses simple dotenv files, the environment winning', () => {
    expect(parseDotEnv('# comment\nSOURCE_URL="https://a.example"\nexport TARGET_URL=https://b.example\n')).toEqual({
      SOURCE_URL: 'https://a.example',
      TARGET_URL: 'https://b.example',
    });
    const dir = mkdtempSync(join(tmpdir(), 'tm-env-'));
    writeFileSync(join(dir, '.env'), 'SOURCE_URL=https://file.example\nSOURCE_API_KEY=k\n');
    const env = readEnvironment({ SOURCE_URL: 'https://env.example' }, dir);
    expect(env.SOURCE_URL).toBe('https://env.example');
    expect(env.SOURCE_API_KEY).toBe('k');
    expect(isUnconfigured({})).toBe(true);
    expect(isUnconfigured(env)).toBe(false);
  });
});
