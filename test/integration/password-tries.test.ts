import { connectDatabase, type Database } from '../../src/storage/database';
import { PasswordTries, type TryClaim } from '../../src/storage/password-tries';
import { dropDatabase, freshDatabase } from '../support/test-app';

/**
 * The count of tries at a password on the embedded database itself, without HTTP or scrypt:
 * what holds whatever the interleaving (the HTTP tests fire real sign-ins at server processes).
 */
const policy = { maxFailures: 5, lockMs: 15 * 60_000 };
let database: Database;
/** A second connection to the same database, as a second app process has. */
let other: Database;

beforeAll(async () => {
  database = await freshDatabase();
  other = await connectDatabase(process.env.LIKERT_TEST_MONGODB_URI!, database.connection.db!.databaseName);
});
afterAll(async () => {
  await other.close();
  await dropDatabase(database);
});

const triesOn = (db: Database) => new PasswordTries(db.models.SignInTry, policy);
const minutes = (m: number) => new Date(Date.UTC(2026, 0, 1, 12, 0) + m * 60_000);
const granted = (claims: TryClaim[]) => claims.filter((c): c is Extract<TryClaim, { granted: true }> => c.granted);

describe('tries at a password', () => {
  it('of forty claimed at once over two connections, exactly five are granted, one per slot', async () => {
    const [one, two] = [triesOn(database), triesOn(other)];
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).claim('at-once', minutes(0))));
    expect(granted(claims).map((c) => c.slot).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(granted(claims).map((c) => c.round))).toEqual(new Set([0]));
    expect(claims.filter((c) => !c.granted)).toHaveLength(35);
  });

  it('are refused while the count is full, until fifteen minutes after its latest try, then counted afresh', async () => {
    const tries = triesOn(database);
    for (let m = 0; m < 5; m++) expect(await tries.claim('slow', minutes(m))).toMatchObject({ granted: true, round: 0, slot: m + 1 });
    expect(await tries.claim('slow', minutes(10))).toEqual({ granted: false, lockedUntil: minutes(19) });
    expect(await tries.claim('slow', minutes(18.9))).toEqual({ granted: false, lockedUntil: minutes(19) });
    expect(await tries.claim('slow', minutes(19))).toEqual({ granted: true, round: 1, slot: 1 });
  });

  it('start again after a success, and a success in an ended count changes nothing', async () => {
    const tries = triesOn(database);
    await tries.claim('success', minutes(0));
    const right = await tries.claim('success', minutes(0));
    if (!right.granted) throw new Error('the second try is granted');
    await tries.end('success', right.round, 'success', minutes(1));
    await tries.end('success', right.round, 'success', minutes(1));
    expect(await tries.hasEnded('success', right.round)).toBe(true);
    const next = await Promise.all(Array.from({ length: 7 }, () => tries.claim('success', minutes(2))));
    expect(granted(next).map((c) => `${c.round}|${c.slot}`).sort()).toEqual(['1|1', '1|2', '1|3', '1|4', '1|5']);
  });

  it('are counted where the ends lead when the head is left behind (as a concurrent write can leave it), never in an ended count', async () => {
    const tries = triesOn(database);
    await tries.endCurrent('behind', 'reset', minutes(0));
    await tries.endCurrent('behind', 'reset', minutes(0));
    for (let i = 0; i < 5; i++) await tries.claim('behind', minutes(1));
    await database.models.SignInTry.updateOne({ _id: 'behind' }, { $set: { round: 0 } });
    expect(await tries.claim('behind', minutes(2))).toEqual({ granted: false, lockedUntil: minutes(16) });
    expect((await database.models.SignInTry.findById('behind').lean())?.round).toBe(2);
  });

  it('are kept a day, the ends of counts and the heads a month (for the clean-up)', async () => {
    const tries = triesOn(database);
    await tries.claim('kept', minutes(0));
    await tries.endCurrent('kept', 'reset', minutes(0));
    const docs = await database.models.SignInTry.find({ _id: { $in: ['kept', 'kept|0|1', 'kept|0|end'] } }).lean();
    const expiry = Object.fromEntries(docs.map((d) => [d._id, (d.expiresAt.getTime() - minutes(0).getTime()) / 3_600_000]));
    expect(expiry).toEqual({ kept: 30 * 24, 'kept|0|1': 24, 'kept|0|end': 30 * 24 });
  });
});
