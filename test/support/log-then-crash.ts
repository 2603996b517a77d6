/**
 * For test/integration/request-log.test.ts: the server's logger on stdout logs two info
 * lines, which wait in its batch (a minute at most here, so that only the exit can write
 * them), then the process dies of an uncaught exception.
 */
import { batchedDestination, createLogger } from '../../src/logger';

const logger = createLogger('info', batchedDestination(1, 60_000));
logger.info('waiting in the batch 1');
logger.info('waiting in the batch 2');
setTimeout(() => {
  throw new Error('the crash the test provokes');
}, 50);
