import { Router } from 'express';

/** @route GET /healthz  200 when the database answers, 503 when it does not. */
export function healthRoutes(ping: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const database = await ping();
    res.set('Cache-Control', 'no-store');
    res.status(database ? 200 : 503).json({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  });
  return router;
}
