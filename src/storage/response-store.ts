import type { ValidSubmission } from '../domain/survey/definition';
import { isDuplicateKey, isRefusedByServer } from './database';
import type { Models } from './models';
import type { ResultCounts } from './result-counts';

/** How a response arrived; `demo` marks the reference study's responses from `npm run seed:demo`. */
export type Channel = 'form' | 'api' | 'demo';
export type Device = 'phone' | 'tablet' | 'desktop' | 'unknown';

export interface NewResponse {
  /** The filled form's key: the same form sent twice carries the same key. */
  id: string;
  surveyId: string;
  versionId: string;
  version: number;
  submission: ValidSubmission;
  submittedAt: Date;
  channel: Channel;
  durationSeconds?: number;
  client: { device: Device; addressHash?: string };
}

export class ResponseStore {
  /**
   * @param counts the kept result counts every stored response is added to; without them (a
   *   tool that recounts afterwards) responses are only counted by a recount.
   */
  constructor(
    private readonly models: Models,
    private readonly counts?: ResultCounts,
  ) {}

  /** Stores a response once; a second insert with the same key reports `duplicate`. */
  async insert(response: NewResponse): Promise<{ id: string; duplicate: boolean }> {
    const { submission } = response;
    const countedBy = this.counts?.currentCounter;
    try {
      await this.models.Response.collection.insertOne({
        _id: response.id,
        surveyId: response.surveyId,
        versionId: response.versionId,
        version: response.version,
        answers: submission.answers,
        ...(Object.keys(submission.other).length ? { other: submission.other } : {}),
        choices: submission.choices,
        submittedAt: response.submittedAt,
        channel: response.channel,
        ...(response.durationSeconds !== undefined ? { durationSeconds: response.durationSeconds } : {}),
        client: response.client,
        ...(countedBy ? { countedBy } : {}),
      } as never);
    } catch (error) {
      if (isDuplicateKey(error)) return { id: response.id, duplicate: true };
      // A write cut off by a timeout or a failover may still land: its counter can no longer be trusted.
      if (!isRefusedByServer(error)) this.counts?.noteUncertainWrite(countedBy);
      throw error;
    }
    if (countedBy) {
      this.counts!.add({ surveyId: response.surveyId, versionId: response.versionId, choices: submission.choices, countedBy, submittedAt: response.submittedAt });
    }
    return { id: response.id, duplicate: false };
  }

  /** Deletes a survey's responses of one channel (the demo data) and says how many there were. */
  async deleteChannel(surveyId: string, channel: Channel): Promise<number> {
    const result = await this.models.Response.deleteMany({ surveyId, channel });
    return result.deletedCount;
  }

  /** Every stored response of a survey, oldest first (for tests and small exports). */
  async listForSurvey(surveyId: string) {
    return this.models.Response.find({ surveyId }).sort({ submittedAt: 1 }).lean();
  }
}
