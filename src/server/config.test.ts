import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies the defaults of API.md to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      adminPassword: undefined,
      demo: true,
      sessionIdleMinutes: 120,
      logLevel: 'info',
    });
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(path.isAbsolute(config.webRoot)).toBe(true);
    expect(config.webRoot.endsWith(path.join('dist', 'web'))).toBe(true);
  });

  it('turns simulation mode on only when asked, and never in production', () => {
    expect(loadConfig({}).simulation).toBe(false);
    expect(loadConfig({ SIMULATION: 'true' }).simulation).toBe(true);
    expect(() => loadConfig({ SIMULATION: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ SIMULATION: 'false', NODE_ENV: 'production' }).simulation).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '', DATABASE_URL: '', ADMIN_PASSWORD: '', DEMO: '', SESSION_IDLE_MINUTES: '' })).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      adminPassword: undefined,
      demo: true,
      sessionIdleMinutes: 120,
    });
  });

  it('reads every setting', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/onedoor',
        DATABASE_URL: 'postgresql://u:p@db:5432/onedoor',
        ADMIN_PASSWORD: 'Sesame#2026',
        DEMO: 'yes',
        SESSION_IDLE_MINUTES: '30',
        WEB_ROOT: '/srv/web',
        LOG_LEVEL: 'debug',
      }),
    ).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/onedoor',
      databaseUrl: 'postgresql://u:p@db:5432/onedoor',
      adminPassword: 'Sesame#2026',
      demo: true,
      sessionIdleMinutes: 30,
      webRoot: '/srv/web',
      logLevel: 'debug',
    });
  });

  it('defaults DEMO to false on PostgreSQL and true on the embedded database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/onedoor' }).demo).toBe(false);
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/onedoor', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'off' }).demo).toBe(false);
  });

  it.each(['1', 'true', 'TRUE', 'yes', 'on'])('reads DEMO=%s as true', (value) => expect(loadConfig({ DEMO: value }).demo).toBe(true));
  it.each(['0', 'false', 'No', 'off'])('reads DEMO=%s as false', (value) => expect(loadConfig({ DEMO: value }).demo).toBe(false));

  it('accepts the edges of PORT', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', ' '],
    ['PORT', '0x50'],
    ['PORT', '1e3'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_IDLE_MINUTES', '43201'],
    ['SESSION_IDLE_MINUTES', 'ten'],
    ['DATABASE_URL', 'mysql://localhost/onedoor'],
    ['DATABASE_URL', 'localhost:5432'],
    ['DATABASE_URL', ' postgres://localhost/onedoor'],
    ['ADMIN_PASSWORD', 'short'],
    ['ADMIN_PASSWORD', 'abcdefgh'], // one character class: the account could not be created with it
    ['ADMIN_PASSWORD', 'MyAdmin2026'], // contains the username "admin"
    ['DEMO', 'maybe'],
  ])('refuses %s=%j with a ConfigError', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'x' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ DEMO: 'x' })).toThrow(/DEMO/);
  });
});
