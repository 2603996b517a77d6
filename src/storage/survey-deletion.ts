import type { Db } from 'mongodb';
import type { Models } from './models';
import type { SurveyDrafts } from './survey-drafts';

/**
 * Responses deleted per round trip: found by survey, deleted by `_id`. On FerretDB 1.24 every
 * delete reads the whole collection, even by `_id` (measured with 28,000 responses: 2.6 s for
 * 500 ids, 2.6 s for 2,000, 3.7 s for 5,000; a single `deleteOne` by `_id`, 0.4 s), so a batch
 * costs a scan whatever its size; on MongoDB 2,000 deletes by `_id` are a short operation.
 */
export const DELETION_BATCH = 2000;
/** A scan of every response may take this long (about 12 s at 100,000 responses on FerretDB). */
const SCAN_TIMEOUT_MS = 180_000;
/**
 * Another process may take a response for up to a second after the survey is closed (it
 * reuses a survey's state that long, see SurveyStore): the last sweep of the responses waits
 * until this long after the deletion began, so that no such response is left behind.
 */
const SETTLE_MS = 2000;

export interface DeletionProgress {
  responses: number;
}

/**
 * Deletes a survey with everything it has, in steps that each leave a state the next run can
 * finish from: the survey is first marked (`deletingAt`, and closed, so respondents get the
 * closed page at once), then its responses go in batches, then its kept counts and drafts;
 * then its versions are marked too, the survey goes, and last its versions. A run that dies
 * half-way leaves a mark (on the survey, or once it is gone on its versions), and the next run
 * (a second confirmation, or the next server start) does the rest. The survey goes before its
 * versions because a survey whose current version is missing cannot be read, which would
 * break the survey lists. No transactions: neither FerretDB nor a standalone MongoDB has them.
 */
export class SurveyDeletion {
  /**
   * @param analysis the database's pool for long operations (no socket timeout, each one bounded
   *   by `maxTimeMS`): finding and deleting responses reads the whole collection on FerretDB,
   *   longer than the main pool's 5 s socket timeout once there are some 40,000 responses.
   */
  constructor(
    private readonly models: Models,
    private readonly analysis: Db,
    private readonly drafts: SurveyDrafts,
    private readonly options: { batchSize?: number; settleMs?: number; now?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Marks the survey as being deleted (and closed). Returns `started` the first time, `resumed`
   * when it was already marked, `missing` when there is no such survey.
   */
  async mark(surveyId: string, username: string): Promise<'started' | 'resumed' | 'missing'> {
    const { Survey } = this.models;
    const result = await Survey.collection.updateOne(
      { _id: surveyId, deletingAt: { $exists: false } } as never,
      { $set: { deletingAt: this.now(), deletingBy: username, status: 'closed' } },
    );
    if (result.modifiedCount === 1) return 'started';
    const survey = await Survey.findById(surveyId, { deletingAt: 1 }).lean();
    if (!survey) return 'missing';
    // Marked by an earlier run; closed again in case it was reopened from another process meanwhile.
    await Survey.collection.updateOne({ _id: surveyId } as never, { $set: { status: 'closed' } });
    return 'resumed';
  }

  /** The surveys whose deletion began and has not finished (both collections are small). */
  async pending(): Promise<string[]> {
    const surveys = await this.models.Survey.find({ deletingAt: { $exists: true } }, { _id: 1 }).lean();
    const versions = await this.models.SurveyVersion.find({ deletingAt: { $exists: true } }, { surveyId: 1 }).lean();
    return [...new Set([...surveys.map((s) => s._id), ...versions.map((v) => v.surveyId)])];
  }

  /**
   * Deletes what is left of a marked survey: responses, kept counts, drafts, versions, the
   * survey. Refuses a survey that is not marked (nothing is deleted by mistake).
   * @returns how many responses this run deleted
   */
  async finish(surveyId: string): Promise<DeletionProgress> {
    const { ResultCount, SurveyVersion, Survey } = this.models;
    const survey = await Survey.findById(surveyId, { deletingAt: 1 }).lean();
    if (!survey) {
      // Only its versions can be left, marked by the run that deleted the survey.
      await SurveyVersion.deleteMany({ surveyId, deletingAt: { $exists: true } });
      return { responses: 0 };
    }
    if (!survey.deletingAt) throw new Error(`survey ${surveyId} is not marked for deletion`);
    const responses = await this.deleteResponses(surveyId, survey.deletingAt.getTime() + (this.options.settleMs ?? SETTLE_MS));

    await ResultCount.deleteMany({ surveyId });
    await this.models.LastResponse.deleteOne({ _id: surveyId });
    await this.drafts.removeForSurvey(surveyId);
    await SurveyVersion.updateMany({ surveyId }, { $set: { deletingAt: survey.deletingAt } });
    await Survey.deleteOne({ _id: surveyId, deletingAt: { $exists: true } });
    await SurveyVersion.deleteMany({ surveyId });
    return { responses };
  }

  /**
   * Passes over the survey's responses until one finds none, and that one began after
   * `settledAt` (no late response can still arrive). Each pass is one scan, deleting by `_id`
   * a batch at a time as the cursor goes: a survey of any size takes two scans, not one per batch
   * (measured here: 5,000 responses among 25,000 took 44 s with a query per batch).
   */
  private async deleteResponses(surveyId: string, settledAt: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const startedAt = this.now().getTime();
      const pass = await this.deletePass(surveyId);
      deleted += pass.deleted;
      if (pass.found > 0) continue;
      if (startedAt >= settledAt) return deleted;
      await new Promise((resolve) => setTimeout(resolve, settledAt - startedAt));
    }
  }

  private async deletePass(surveyId: string): Promise<{ found: number; deleted: number }> {
    const batchSize = this.options.batchSize ?? DELETION_BATCH;
    const responses = this.analysis.collection<{ _id: string }>('responses');
    const cursor = responses.find({ surveyId }, { projection: { _id: 1 }, batchSize, maxTimeMS: SCAN_TIMEOUT_MS });
    let found = 0;
    let deleted = 0;
    let batch: string[] = [];
    const deleteBatch = async () => {
      deleted += (await responses.deleteMany({ _id: { $in: batch } }, { maxTimeMS: SCAN_TIMEOUT_MS })).deletedCount;
      batch = [];
    };
    try {
      for await (const response of cursor) {
        found++;
        batch.push(response._id);
        if (batch.length >= batchSize) await deleteBatch();
      }
      if (batch.length) await deleteBatch();
    } finally {
      await cursor.close();
    }
    return { found, deleted };
  }
}
