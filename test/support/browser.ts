import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Cookie, type Page } from 'playwright-core';
import { createTestApp, TestContext } from './test-app';

/**
 * Browser tests (API.md "Web pages"): the real application listening on a free port, driven by the system Chromium
 * through `playwright-core` (nothing is downloaded; `.ci/run` installs `chromium` and `fonts-noto-cjk`).
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebTestContext extends TestContext {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  browser: Browser;
}

export async function createWebTestApp(env: Record<string, string | undefined> = {}): Promise<WebTestContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  }
  const t = await createTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  return {
    ...t,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** A fresh browser profile (its own cookies): one person. Chinese locale, a phone's width unless told. */
export function newVisitor(
  t: WebTestContext,
  options: { width?: number; height?: number; javaScriptEnabled?: boolean; bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  return t.browser.newContext({
    baseURL: t.baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: options.width ?? 360, height: options.height ?? 640 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    bypassCSP: options.bypassCSP ?? false,
  });
}

/** Collects what a page writes to its console as errors (a CSP violation or a failed resource is one). */
export function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Does the page scroll sideways (wider content than the viewport)? */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth + 1');
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** The serious and critical axe-core violations of the page (axe is injected: the context must bypass CSP). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // evaluated in the page (a string: this file is compiled without the DOM's types)
  const violations = await page.evaluate<{ id: string; impact: string | null; help: string; nodes: unknown[] }[]>(
    'axe.run(document).then((result) => result.violations)',
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}

/** The session cookies of an actor signed in through the API (`nj_at`, `nj_rt`), for a browser context. */
export function sessionCookies(t: WebTestContext, actor: { token: string; refreshToken: string }): Cookie[] {
  const { hostname } = new URL(t.baseUrl);
  const base = { domain: hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const };
  return [
    { ...base, name: 'nj_at', value: actor.token },
    { ...base, name: 'nj_rt', value: actor.refreshToken },
  ];
}

/**
 * The checks every page passes (issue 12, and the desks of issue 13 signed in with `cookies`): 200 at the path asked
 * for (no redirect), no console error, no sideways scroll at 360 px, no serious or critical axe violation, and it
 * renders with JavaScript disabled (its heading is there).
 */
export async function expectSoundPage(t: WebTestContext, path: string, cookies: Cookie[] = []): Promise<void> {
  const visit = async (
    options: Parameters<typeof newVisitor>[1],
    check: (page: Page) => Promise<void>,
  ): Promise<void> => {
    const context = await newVisitor(t, options);
    try {
      if (cookies.length > 0) await context.addCookies(cookies);
      await check(await context.newPage());
    } finally {
      await context.close();
    }
  };
  // where the browser ended up, compared with the path asked for (both as the URL parser encodes them)
  const asked = new URL(path, t.baseUrl);
  const landed = (page: Page) => {
    const at = new URL(page.url());
    return at.pathname === asked.pathname && at.search === asked.search ? path : `${at.pathname}${at.search}`;
  };
  await visit({}, async (page) => {
    const errors = consoleErrorsOf(page);
    const res = await page.goto(path, { waitUntil: 'networkidle' });
    expect({ path, status: res?.status(), at: landed(page) }).toEqual({ path, status: 200, at: path });
    expect({ path, sideways: await scrollsSideways(page) }).toEqual({ path, sideways: false });
    expect({ path, errors }).toEqual({ path, errors: [] });
    expect(await page.locator('h1').count()).toBeGreaterThan(0);
  });
  await visit({ width: 1280, height: 800, bypassCSP: true }, async (page) => {
    await page.goto(path, { waitUntil: 'networkidle' });
    expect({ path, violations: await seriousA11yViolations(page) }).toEqual({ path, violations: [] });
  });
  await visit({ javaScriptEnabled: false }, async (page) => {
    const res = await page.goto(path);
    expect({ path, status: res?.status(), at: landed(page) }).toEqual({ path, status: 200, at: path });
    expect(await page.locator('h1').count()).toBeGreaterThan(0);
  });
}
