import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFilePath, readLogin, resolveTarget, writeLogin } from '../src/login-store';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-login-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('login file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(loginFilePath({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/weft/config.json');
    expect(loginFilePath({ HOME: '/home/u' })).toBe('/home/u/.config/weft/config.json');
  });

  it('is written 0600 in a 0700 folder, also over an older readable file', async () => {
    const path = join(dir, 'cfg', 'weft', 'config.json');
    await writeLogin(path, { url: 'http://a.test', key: 'k1' });
    await writeFile(path, '{}', { mode: 0o644 });
    await writeLogin(path, { url: 'http://b.test', key: 'k2' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'cfg', 'weft'))).mode & 0o777).toBe(0o700);
    expect(await readLogin(path)).toEqual({ url: 'http://b.test', key: 'k2' });
    expect(await readLogin(join(dir, 'none.json'))).toEqual({});
  });
});

describe('resolveTarget', () => {
  const stored = { url: 'http://file.test', key: 'file-key' };

  it('flags override the environment, which overrides the file', () => {
    expect(resolveTarget({}, {}, stored)).toEqual(stored);
    expect(resolveTarget({}, { WEFT_URL: 'http://env.test/', WEFT_API_KEY: 'env-key' }, stored)).toEqual({
      url: 'http://env.test',
      key: 'env-key',
    });
    expect(
      resolveTarget(
        { url: 'http://flag.test', key: 'flag-key' },
        { WEFT_URL: 'http://env.test', WEFT_API_KEY: 'env-key' },
        stored,
      ),
    ).toEqual({ url: 'http://flag.test', key: 'flag-key' });
    expect(resolveTarget({ key: 'flag-key' }, { WEFT_URL: 'http://env.test' }, stored)).toEqual({
      url: 'http://env.test',
      key: 'flag-key',
    });
  });

  it('says what is missing, and which setting holds a bad URL', () => {
    expect(() => resolveTarget({}, {}, {})).toThrow(/no server URL and API key: run weft login/);
    expect(() => resolveTarget({}, { WEFT_URL: 'http://env.test' }, {})).toThrow(/no API key/);
    expect(() => resolveTarget({ url: 'weft.example.com' }, {}, stored)).toThrow(
      /--url: "weft.example.com" is not a URL/,
    );
    expect(() => resolveTarget({}, { WEFT_URL: 'ftp://x.test' }, stored)).toThrow(/WEFT_URL: must be an http/);
  });
});
