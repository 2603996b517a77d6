import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import type { TestApp } from './test-app';

/** Debian's Chromium; playwright's own browser download is not reachable here. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Serves the test app on a free loopback port; returns its base URL. */
export async function listen(t: TestApp): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = createServer(t.app).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Chromium and the app served on a port, for one test file (filled in by `beforeAll`). */
export function useBrowser(t: TestApp): { browser: Browser; baseUrl: string } {
  const holder = {} as { browser: Browser; baseUrl: string; close(): Promise<void> };
  beforeAll(async () => {
    const server = await listen(t);
    holder.baseUrl = server.baseUrl;
    holder.close = server.close;
    holder.browser = await launchChromium();
  });
  afterAll(async () => {
    await holder.browser?.close();
    await holder.close?.();
  });
  return holder;
}
