import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ResponseStore } from '../../src/storage/response-store';
import { ResultCounts } from '../../src/storage/result-counts';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { seededRandom } from '../support/random-answers';
import { storeRandomResponses } from '../support/stored-responses';
import { fixturesDir, surveyFromFile, useTestApp } from '../support/test-app';

const survey = surveyFromFile(path.join(fixturesDir, 'surveys', 'every-type.json'));
const t = useTestApp([survey]);
const next = seededRandom(7);
let serial = 0;

function countersOn(options: { now?: () => number; logger?: pino.Logger } = {}) {
  return new ResultCounts(t.database.models, new ResponseAnalysis(t.database.analysis), { flushIntervalMs: 3_600_000, ...options });
}

/** Stores `n` random responses through the store; returns their `choices`. */
async function store(n: number, counts?: ResultCounts): Promise<string[][]> {
  const state = (await t.surveys.find('every-type'))!;
  const stored = await storeRandomResponses(new ResponseStore(t.database.models, counts), survey, state, n, next, `r${serial}-`);
  serial += n;
  return stored;
}

/** What every stored response says, counted in the test from the documents themselves. */
async function countedFromDocuments(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const doc of await t.database.models.Response.find({ surveyId: 'every-type' }).lean()) {
    for (const key of doc.choices) counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function kept(counts: ResultCounts): Promise<Record<string, number>> {
  const versions = [...(await counts.read('every-type')).values()];
  const sum: Record<string, number> = {};
  for (const version of versions) for (const [key, n] of version) if (n) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** The pid of a process that has ended: what a crashed server leaves in its counter. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('kept result counts', () => {
  it('equal a count of the stored responses once flushed, and after the counter stops and folds into the base', async () => {
    const counter = countersOn();
    await counter.start();
    await store(12, counter);
    await counter.flush();
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
    await counter.stop();
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
    // Folded: no document of that counter is left, only the base.
    expect(await t.database.models.ResultCount.countDocuments({ counter: counter.currentCounter })).toBe(0);
    expect(await t.database.models.ResultCounter.countDocuments({ _id: counter.currentCounter })).toBe(0);
  });

  it('stay exact when several processes fold into the base at the same moment', async () => {
    // One round rarely loses a share: the race needs a slow writer to fall behind two others.
    for (let round = 1; round <= 15; round++) {
      const counters = Array.from({ length: 5 }, () => countersOn());
      for (const counter of counters) {
        await counter.start();
        await store(2, counter);
        await counter.flush();
      }
      await Promise.all(counters.map((counter) => counter.stop()));
      expect({ round, kept: (await kept(t.resultCounts))['*'] }).toEqual({ round, kept: 10 * round });
    }
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
  }, 60_000);

  it('keep a replaced base only as an empty placeholder, and drop it after ten minutes', async () => {
    let offset = 0;
    const foldOnce = async () => {
      const counter = countersOn({ now: () => Date.now() + offset });
      await counter.start();
      await store(3, counter);
      await counter.stop();
    };
    const bases = () => t.database.models.ResultCount.find({ counter: 'base' }).sort({ seq: 1 }).lean();

    await foldOnce();
    await foldOnce();
    const [replaced, latest] = await bases();
    expect(replaced).toMatchObject({ seq: 1, counts: {}, folded: [] });
    expect(replaced?.supersededAt).toBeInstanceOf(Date);
    expect(latest).toMatchObject({ seq: 2 });
    expect(latest?.supersededAt).toBeUndefined();
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());

    offset = 11 * 60_000;
    await foldOnce();
    expect((await bases()).map((b) => b.seq)).toEqual([2, 3]);
    expect((await kept(t.resultCounts))['*']).toBe(9);
  });

  it('never count a folded counter twice, even when its own document outlives the fold', async () => {
    const counter = countersOn();
    await counter.start();
    await store(5, counter);
    await counter.flush();
    // The database goes away between the fold into the base and the removal of the counter's document.
    const remove = jest.spyOn(t.database.models.ResultCount, 'deleteOne').mockRejectedValueOnce(Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' }));
    await counter.stop();
    remove.mockRestore();
    expect(await t.database.models.ResultCount.countDocuments({ counter: counter.currentCounter })).toBe(1);
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
  });

  it('repair the share of a process that died between its responses and their counts', async () => {
    const crashed = countersOn();
    await t.database.models.ResultCounter.create({
      _id: crashed.currentCounter,
      host: hostname(),
      pid: deadPid(),
      startedAt: new Date(),
      heartbeatAt: new Date(),
      state: 'active',
    });
    await store(3, crashed);
    await crashed.flush(); // Three counted...
    await store(4, crashed); // ...four never were: the process died first.
    await store(5, t.resultCounts);
    await t.resultCounts.flush();
    const documents = await countedFromDocuments();
    expect(await kept(t.resultCounts)).not.toEqual(documents);
    expect(documents['*']).toBe(12);

    expect(await t.resultCounts.repairGone()).toBe(1);
    expect(await kept(t.resultCounts)).toEqual(documents);
    // Repaired once: a second pass finds nothing to do.
    expect(await t.resultCounts.repairGone()).toBe(0);
    expect(await kept(t.resultCounts)).toEqual(documents);
  });

  it('recount from the responses what no running counter holds, leaving running counters alone', async () => {
    await store(4, t.resultCounts);
    await t.resultCounts.flush();
    await store(3); // Stored by a tool that keeps no counts.
    expect((await kept(t.resultCounts))['*']).toBe(4);

    const recount = countersOn();
    const respondents = await recount.recountAll();
    expect(respondents.get('every-type')).toBe(7);
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());

    // The running counter goes on counting on top of the new base.
    await store(2, t.resultCounts);
    await t.resultCounts.flush();
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
    expect((await kept(t.resultCounts))['*']).toBe(9);
  });

  it('move on to a new counter after a write that may land late, and recount the old one once it has settled', async () => {
    let offset = 0;
    const counter = new ResultCounts(t.database.models, new ResponseAnalysis(t.database.analysis), {
      flushIntervalMs: 3_600_000,
      heartbeatMs: 50,
      now: () => Date.now() + offset,
    });
    await counter.start();
    await store(3, counter);
    const before = counter.currentCounter;
    counter.noteUncertainWrite();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counter.currentCounter).not.toBe(before);
    await store(2, counter);
    await counter.flush();
    // Not yet: a write cut off by a timeout may still land for a while.
    expect(await counter.repairGone()).toBe(0);
    offset = 20_000;
    // Repaired by this call or by the heartbeat that runs meanwhile: either way, once.
    await counter.repairGone();
    for (let waited = 0; (await t.database.models.ResultCounter.countDocuments({ _id: before })) > 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await t.database.models.ResultCounter.countDocuments({ _id: before })).toBe(0);
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
    expect(await t.database.models.ResultCount.countDocuments({ counter: before })).toBe(0);
    await counter.stop();
    expect(await kept(t.resultCounts)).toEqual(await countedFromDocuments());
  });

  it('write every other entry of a batch when the database refuses one, and keep the refused one for the next flush', async () => {
    const logged: string[] = [];
    const counter = countersOn({ logger: pino({ level: 'info' }, { write: (line: string) => logged.push(line) }) });
    await counter.start();
    // First in the batch: a count the database will not store (a field name starting with `$`).
    counter.add({ surveyId: 'refused-survey', versionId: 'refused-survey@1', choices: ['$refused'], countedBy: counter.currentCounter });
    await store(4, counter);
    await counter.flush();
    expect(await kept(counter)).toEqual(await countedFromDocuments());
    const refusals = () => logged.filter((line) => line.includes('refused a count') && line.includes('"surveyId":"refused-survey"'));
    expect(refusals()).toHaveLength(1);
    // Kept, not lost: the next flush tries it again (and says so again).
    await counter.flush();
    expect(refusals()).toHaveLength(2);
    expect(await kept(counter)).toEqual(await countedFromDocuments());
    await counter.stop();
  });
});
