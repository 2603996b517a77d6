import request from 'supertest';
import type { App } from 'supertest/types';
import { AccountService } from '../../src/services/accounts';
import { AccountStore } from '../../src/storage/account-store';
import type { Database } from '../../src/storage/database';

export const PASSWORD = 'correct horse battery';

/** An account made the way `npm run user:add` makes it. */
export async function addUser(database: Database, username: string, role = 'researcher', password = PASSWORD): Promise<void> {
  await new AccountService(new AccountStore(database.models), 'test').createUser(username, role, password);
}

export const hiddenField = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/** The value a Set-Cookie header gives `name`, or undefined when it sets no such cookie. */
export function cookieSet(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const headers = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return headers.find((h) => h.startsWith(`${name}=`));
}

/** A browser: opens the sign-in page (cookies kept by the agent) and sends the form. */
export async function signIn(app: App, username: string, password = PASSWORD, options: { next?: string; agent?: ReturnType<typeof request.agent>; language?: string } = {}) {
  const agent = options.agent ?? request.agent(app);
  const language = options.language ?? 'en';
  const page = await agent.get('/login').set('Accept-Language', language).expect(200);
  const csrf = hiddenField(page.text, '_csrf')!;
  const res = await agent
    .post('/login')
    .set('Accept-Language', language)
    .type('form')
    .send({ _csrf: csrf, username, password, ...(options.next !== undefined ? { next: options.next } : {}) });
  return { agent, res };
}

/**
 * Fakes only the clock (Date), so that 15 minutes can pass in a test; timers, the database
 * driver (which measures time with performance.now) and the network run for real.
 */
export function fakeClock(): { advanceMinutes(minutes: number): void } {
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return { advanceMinutes: (minutes) => jest.setSystemTime(Date.now() + minutes * 60_000) };
}
