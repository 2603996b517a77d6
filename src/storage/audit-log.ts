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
 */
export class AuditLog {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.models.AuditEntry.collection.insertOne({
      _id: randomUUID(),
      at: this.now(),
      username: entry.username,
      action: entry.action,
      ...(entry.surveyId ? { surveyId: entry.surveyId } : {}),
      ...(entry.detail ? { detail: entry.detail } : {}),
    } as never);
  }

  /** A survey's record, newest first, one page at a time. */
  async forSurvey(surveyId: string, page: { skip: number; limit: number }): Promise<{ entries: AuditEntry[]; total: number }> {
    const [entries, total] = await Promise.all([
      this.models.AuditEntry.find({ surveyId }).sort({ at: -1, _id: 1 }).skip(page.skip).limit(page.limit).lean(),
      this.models.AuditEntry.countDocuments({ surveyId }),
    ]);
    return { entries: entries.map(({ _id, ...entry }) => entry as AuditEntry), total };
  }
}
