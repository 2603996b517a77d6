import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import type { Device } from '../storage/response-store';

/** The little we keep about who answered: the kind of device, and a keyed hash of the address. */
export function clientInfo(req: Request, secret: string): { device: Device; addressHash?: string } {
  const agent = req.get('user-agent') ?? '';
  const device: Device = !agent
    ? 'unknown'
    : /iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(agent)
      ? 'tablet'
      : /Mobi|iPhone|iPod|Android|Windows Phone|MicroMessenger/i.test(agent)
        ? 'phone'
        : 'desktop';
  const address = req.ip;
  return address
    ? { device, addressHash: createHmac('sha256', secret).update(`address|${address}`).digest('base64url').slice(0, 16) }
    : { device };
}
