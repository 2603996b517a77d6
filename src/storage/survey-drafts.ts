import { randomBytes } from 'node:crypto';
import { isDuplicateKey } from './database';
import type { Models } from './models';

/** A survey text between its preview and its save (see management-models.ts). */
export interface SurveyDraft {
  id: string;
  username: string;
  surveyId: string;
  /** The survey being edited; absent for a new survey. */
  editOf?: string;
  text: string;
  fileName?: string;
  createdAt: Date;
}

/** A preview may be saved for a day; older drafts are cleaned away. */
export const DRAFT_LIFETIME_MS = 24 * 60 * 60_000;
/** A claim whose holder has not saved within this time died on the way: it no longer counts. */
const CLAIM_LIFETIME_MS = 60_000;
const DRAFT_ID = /^[A-Za-z0-9_-]{24}$/;
const claimId = (surveyId: string) => `claim:${surveyId}`;

/** Drafts by random id, each readable only by the user who made it; and claims of new survey ids. */
export class SurveyDrafts {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Keeps a draft and cleans away drafts older than a day (a small collection: the scan is cheap). */
  async create(draft: Omit<SurveyDraft, 'id' | 'createdAt'>): Promise<SurveyDraft> {
    const stored: SurveyDraft = { ...draft, id: randomBytes(18).toString('base64url'), createdAt: this.now() };
    await this.models.SurveyDraft.collection.insertOne({
      _id: stored.id,
      username: stored.username,
      surveyId: stored.surveyId,
      ...(stored.editOf ? { editOf: stored.editOf } : {}),
      text: stored.text,
      ...(stored.fileName ? { fileName: stored.fileName } : {}),
      createdAt: stored.createdAt,
    } as never);
    await this.models.SurveyDraft.deleteMany({ createdAt: { $lt: new Date(this.now().getTime() - DRAFT_LIFETIME_MS) } });
    return stored;
  }

  /** The user's own draft, or null: another user's draft, an expired one and a claim are all "no such draft". */
  async find(id: string, username: string): Promise<SurveyDraft | null> {
    if (!DRAFT_ID.test(id)) return null;
    const draft = await this.models.SurveyDraft.findById(id).lean();
    if (!draft || draft.username !== username || typeof draft.text !== 'string') return null;
    if (this.now().getTime() - draft.createdAt.getTime() > DRAFT_LIFETIME_MS) return null;
    return {
      id: draft._id,
      username: draft.username,
      surveyId: draft.surveyId,
      ...(draft.editOf ? { editOf: draft.editOf } : {}),
      text: draft.text,
      ...(draft.fileName ? { fileName: draft.fileName } : {}),
      createdAt: draft.createdAt,
    };
  }

  async remove(id: string): Promise<void> {
    await this.models.SurveyDraft.deleteOne({ _id: id });
  }

  /** Every draft and claim of a survey (when it is deleted). */
  async removeForSurvey(surveyId: string): Promise<number> {
    return (await this.models.SurveyDraft.deleteMany({ surveyId })).deletedCount;
  }

  /**
   * Claims a new survey id for this user while they save it: false when someone else holds a
   * live claim on it. The caller checks that the survey does not exist only after claiming.
   */
  async claim(surveyId: string, username: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.models.SurveyDraft.collection.insertOne({ _id: claimId(surveyId), username, surveyId, createdAt: this.now() } as never);
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const held = await this.models.SurveyDraft.findById(claimId(surveyId)).lean();
      if (held && this.now().getTime() - held.createdAt.getTime() < CLAIM_LIFETIME_MS) return false;
      // A stale claim: take it away, unless someone else just did and claimed it anew.
      if (held) await this.models.SurveyDraft.deleteOne({ _id: claimId(surveyId), createdAt: held.createdAt });
    }
    return false;
  }

  async release(surveyId: string, username: string): Promise<void> {
    await this.models.SurveyDraft.deleteOne({ _id: claimId(surveyId), username });
  }
}
