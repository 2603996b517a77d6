import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import type { Device } from '../storage/response-store';

/** The little we keep about who answered: the kind of device, and a keyed hash of the address. */
export function clientInfo(req: Request, secret: string): { device: Device; addressHash?: string } {
  return clientInfoOf(req.get('user-agent'), req.ip, secret);
}

/** `clientInfo` from the User-Agent header and the client's address (as `req.ip` reads it behind the trusted proxies). */
export function clientInfoOf(userAgent: string | undefined, address: string | undefined, secret: string): { device: Device; addressHash?: string } {
  const agent = userAgent ?? '';
  const device: Device = !agent
    ? 'unknown'
    : /iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(agent)
      ? 'tablet'
      : /Mobi|iPhone|iPod|Android|Windows Phone|MicroMessenger/i.test(agent)
        ? 'phone'
        : 'desktop';
  return address
    ? { device, addressHash: createHmac('sha256', secret).update(`address|${address}`).digest('base64url').slice(0, 16) }
    : { device };
}
