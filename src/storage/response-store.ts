import type { ValidSubmission } from '../domain/survey/definition';
import { isDuplicateKey } from './database';
import type { Models } from './models';

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
  constructor(private readonly models: Models) {}

  /** Stores a response once; a second insert with the same key reports `duplicate`. */
  async insert(response: NewResponse): Promise<{ id: string; duplicate: boolean }> {
    const { submission } = response;
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
      } as never);
      return { id: response.id, duplicate: false };
    } catch (error) {
      if (isDuplicateKey(error)) return { id: response.id, duplicate: true };
      throw error;
    }
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
