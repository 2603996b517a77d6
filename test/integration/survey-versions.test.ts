import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syncSurveyFolder } from '../../src/services/survey-files';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import type { Database } from '../../src/storage/database';
import { ResponseAnalysis } from '../../src/storage/response-analysis';
import { SurveyRecords } from '../../src/storage/survey-records';
import { SurveyStore } from '../../src/storage/survey-store';
import { dropDatabase, fixturesDir, freshDatabase } from '../support/test-app';

describe('surveys/*.json loaded into the database at start-up', () => {
  let database: Database;
  let folder: string;
  const write = (name: string, survey: unknown) =>
    fs.writeFileSync(path.join(folder, name), typeof survey === 'string' ? survey : JSON.stringify(survey));
  const survey = (title: string) => ({
    id: 'pulse',
    title,
    questions: [{ id: 'mood', type: 'single', title: 'Mood today?', options: ['Good', 'Bad'] }],
  });

  beforeAll(async () => {
    database = await freshDatabase();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'likert-surveys-'));
  });
  afterAll(async () => {
    await dropDatabase(database);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('stores a new file as version 1, keeps it on an unchanged restart, and makes a changed file version 2', async () => {
    const surveys = new SurveyStore(database.models);
    write('pulse.json', survey('Pulse'));
    expect((await syncSurveyFolder(folder, surveys)).loaded).toEqual([
      { id: 'pulse', file: expect.stringContaining('pulse.json'), version: 1, created: true },
    ]);
    // A restart, as another process would see it.
    expect((await syncSurveyFolder(folder, new SurveyStore(database.models))).loaded[0]).toMatchObject({ version: 1, created: false });

    const v1 = (await surveys.find('pulse'))!;
    write('pulse.json', survey('Pulse, reworded'));
    expect((await syncSurveyFolder(folder, surveys)).loaded[0]).toMatchObject({ version: 2, created: true });
    const v2 = (await new SurveyStore(database.models).find('pulse'))!;
    expect(v2).toMatchObject({ version: 2, definition: { title: 'Pulse, reworded' } });
    expect(v2.versionId).not.toBe(v1.versionId);
    // The old version is still there for the responses that answered it.
    expect(await database.models.SurveyVersion.countDocuments({ surveyId: 'pulse' })).toBe(2);
  });

  it('keeps the last good version when a file turns bad, and loads the others', async () => {
    const surveys = new SurveyStore(database.models);
    write('pulse.json', '{ "id": "pulse", "title": "Broken" ');
    write('other.json', { ...survey('Other'), id: 'other' });
    const report = await syncSurveyFolder(folder, surveys);
    expect(report.loaded.map((s) => s.id)).toEqual(['other']);
    expect(report.problems).toEqual([expect.stringMatching(/pulse\.json:1:\d+: invalid JSON/)]);
    expect(await surveys.find('pulse')).toMatchObject({ version: 2, status: 'open' });
  });

  it('loads a folder of broken files with the good one still served', async () => {
    const surveys = new SurveyStore(database.models);
    const report = await syncSurveyFolder(path.join(fixturesDir, 'broken-surveys'), surveys);
    expect(report.loaded.map((s) => s.id)).toEqual(['still-fine']);
    expect(report.problems.length).toBeGreaterThanOrEqual(5);
    expect(await surveys.find('still-fine')).not.toBeNull();
  });

  it('keeps a survey closed across restarts', async () => {
    const surveys = new SurveyStore(database.models);
    await surveys.setStatus('other', 'closed');
    await syncSurveyFolder(folder, surveys);
    expect(await surveys.find('other')).toMatchObject({ status: 'closed' });
  });
});

describe('a new version saved while the kept counts note a last response', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => dropDatabase(database));

  it('keeps the new version current: the note never writes the survey document back', async () => {
    const surveys = new SurveyStore(database.models);
    const records = new SurveyRecords(database.models, new ResponseAnalysis(database.analysis));
    const version = (n: number): SurveyDefinition => ({
      id: 'busy',
      title: `Busy ${n}`,
      locale: 'en' as const,
      questions: [{ id: 'q', type: 'single', title: 'Q', required: true, options: [{ value: '1', label: `A${n}` }, { value: '2', label: 'B' }] }],
    }) as SurveyDefinition;
    await surveys.registerDefinition(version(0));
    // On FerretDB, which does not isolate concurrent updates of one document, a `$max` on the
    // survey's own document beside the pointer's `$set` lost the pointer now and then.
    for (let n = 1; n <= 30; n++) {
      await Promise.all([
        surveys.registerDefinition(version(n)),
        records.noteLastResponse('busy', new Date(Date.UTC(2026, 0, 1, 0, n))),
      ]);
      const stored = await database.models.Survey.findById('busy').lean();
      expect({ n, version: stored?.currentVersion, title: stored?.title }).toEqual({ n, version: n + 1, title: `Busy ${n}` });
    }
    expect((await records.activityOf('busy')).lastResponseAt?.toISOString()).toBe('2026-01-01T00:30:00.000Z');
  });
});
