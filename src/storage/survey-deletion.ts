import type { Models } from './models';
import type { SurveyDrafts } from './survey-drafts';

/** Responses deleted per round trip: found by survey, deleted by `_id`. */
export const DELETION_BATCH = 500;
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
  constructor(
    private readonly models: Models,
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
    let responses = await this.deleteResponses(surveyId);
    const settle = survey.deletingAt.getTime() + (this.options.settleMs ?? SETTLE_MS) - this.now().getTime();
    if (settle > 0) await new Promise((resolve) => setTimeout(resolve, settle));
    responses += await this.deleteResponses(surveyId);

    await ResultCount.deleteMany({ surveyId });
    await this.drafts.removeForSurvey(surveyId);
    await SurveyVersion.updateMany({ surveyId }, { $set: { deletingAt: survey.deletingAt } });
    await Survey.deleteOne({ _id: surveyId, deletingAt: { $exists: true } });
    await SurveyVersion.deleteMany({ surveyId });
    return { responses };
  }

  /** A batch of ids found by survey, deleted by `_id`, until none is left. */
  private async deleteResponses(surveyId: string): Promise<number> {
    const { Response } = this.models;
    let deleted = 0;
    for (;;) {
      const batch = await Response.find({ surveyId }, { _id: 1 }).limit(this.options.batchSize ?? DELETION_BATCH).lean();
      if (batch.length === 0) return deleted;
      deleted += (await Response.deleteMany({ _id: { $in: batch.map((r) => r._id) } })).deletedCount;
    }
  }
}
