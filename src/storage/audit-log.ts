import { randomUUID } from 'node:crypto';
import type { Models } from './models';

/** Everything that is recorded: who did what to which survey, or to their own tokens. */
export type AuditAction =
  | 'survey.create'
  | 'survey.edit'
  | 'survey.open'
  | 'survey.close'
  | 'survey.delete'
  | 'survey.export'
  | 'token.create'
  | 'token.revoke';

export interface AuditEntry {
  at: Date;
  username: string;
  action: AuditAction;
  /** The survey acted on; absent for actions on one's own account (tokens). */
  surveyId?: string;
  /** What exactly, in a few words: the version made, the export's format and filter, the token's name. */
  detail?: string;
}

/**
 * The record of actions (create, edit, open, close, delete, export, token created or revoked)
 * with who and when. Written with acknowledged inserts; never changed or removed, not even
 * when the survey is deleted, so that its owners' record outlives it.
 *
 * A survey id can be used again once its survey is deleted, by someone else: each entry keeps
 * when its survey was made (`surveyCreatedAt`), and a survey's record is the entries of that
 * survey only. Entries written before that was kept count as the survey's when they are not
 * older than it: those of an earlier survey of the id were written before it was deleted.
 */
export class AuditLog {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const createdAt = entry.surveyId ? await this.surveyCreatedAt(entry.surveyId) : undefined;
    await this.models.AuditEntry.collection.insertOne({
      _id: randomUUID(),
      at: this.now(),
      username: entry.username,
      action: entry.action,
      ...(entry.surveyId ? { surveyId: entry.surveyId } : {}),
      ...(createdAt ? { surveyCreatedAt: createdAt } : {}),
      ...(entry.detail ? { detail: entry.detail } : {}),
    } as never);
  }

  /** The record of the survey that has this id now, newest first, one page at a time (nothing when there is none). */
  async forSurvey(surveyId: string, page: { skip: number; limit: number }): Promise<{ entries: AuditEntry[]; total: number }> {
    const createdAt = await this.surveyCreatedAt(surveyId);
    if (!createdAt) return { entries: [], total: 0 };
    const filter = {
      surveyId,
      $or: [{ surveyCreatedAt: createdAt }, { surveyCreatedAt: { $exists: false }, at: { $gte: createdAt } }],
    };
    const [entries, total] = await Promise.all([
      this.models.AuditEntry.find(filter).sort({ at: -1, _id: 1 }).skip(page.skip).limit(page.limit).lean(),
      this.models.AuditEntry.countDocuments(filter),
    ]);
    return { entries: entries.map(({ _id, surveyCreatedAt, ...entry }) => entry as AuditEntry), total };
  }

  /** When the survey that has this id now was made (read by `_id`), or undefined when there is none. */
  private async surveyCreatedAt(surveyId: string): Promise<Date | undefined> {
    const survey = await this.models.Survey.findById(surveyId, { createdAt: 1 }).lean();
    return survey?.createdAt ?? undefined;
  }
}
