import { localizeManage, responsesCount, type ManageMessageKey } from '../domain/locale/manage-messages';
import type { MessageParams } from '../domain/locale/messages';
import { RESPONDENT_KEY } from '../domain/results/counting-keys';
import { surveyAccess, type AccountRole, type SurveyAccess } from '../domain/survey/access';
import type { Locale, SurveyDefinition } from '../domain/survey/definition';
import type { SurveyFileProblem } from '../domain/survey/survey-file';
import { surveyFileText } from '../domain/survey/survey-text';
import { changeSentence, versionChanges } from '../domain/survey/version-diff';
import { AppError, SurveyNotFoundError } from '../errors';
import type { AuditEntry, AuditLog } from '../storage/audit-log';
import type { ResultCounts, VersionCounts } from '../storage/result-counts';
import type { SurveyDeletion } from '../storage/survey-deletion';
import type { SurveyDraft, SurveyDrafts } from '../storage/survey-drafts';
import { BROWSER_SOURCE, type SurveyRecords } from '../storage/survey-records';
import { definitionHash, type SurveyState, type SurveyStatus, type SurveyStore, type SurveySummary } from '../storage/survey-store';
import { surveyChecker, type SurveyCheck } from './survey-check';

/** Who asks, and in which language they read. */
export interface Actor {
  username: string;
  role: AccountRole;
  locale: Locale;
}

/** A survey text as it arrived: pasted, or the content of an uploaded file. */
export interface SurveyInput {
  text: string;
  fileName?: string;
}

/** The same limit as a file in surveys/ and the upload. */
export const MAX_SURVEY_BYTES = 2 * 1024 * 1024;
/** Not survey ids: the path `/surveys/new` is the page that creates one. */
const RESERVED_IDS = new Set(['new']);

/** What the preview page shows before anything is saved. */
export interface Preview {
  draftId: string;
  definition: SurveyDefinition;
  /** Set when the text is a new version of a survey the user owns. */
  edit?: { currentVersion: number; unchanged: boolean; changes: string[] };
  /** The text names owners or viewers, which are not used in the browser. */
  sharingIgnored: boolean;
}

export type CheckResult = { ok: true; preview: Preview } | { ok: false; problems: SurveyFileProblem[] };

export type SaveOutcome = { surveyId: string; version: number; outcome: 'created' | 'version' | 'unchanged' };

/** One row of the versions page. */
export interface VersionRow {
  version: number;
  createdAt: Date;
  /** A username, or the file it came from. */
  createdBy?: string;
  file?: string;
  responses: number;
  current: boolean;
  /** Sentences; empty for the first version. */
  changes: string[];
  first: boolean;
}

/** One row of the survey list (see `surveysFor`). */
export interface ListedSurvey {
  survey: SurveySummary;
  access: SurveyAccess;
  respondents: number;
  lastResponseAt?: Date;
  deleting: boolean;
}

function respondents(counts: VersionCounts, versionId?: string): number {
  let sum = 0;
  for (const [id, keys] of counts) if (versionId === undefined || id === versionId) sum += keys.get(RESPONDENT_KEY) ?? 0;
  return sum;
}

/**
 * Creating, editing, opening, closing and deleting surveys from the browser, and what the
 * management pages read: every state change is checked here (owners only, no change to a
 * survey being deleted) and recorded in the audit log. Routes only parse and render.
 */
export class SurveyManagement {
  /** Deletions under way in this process, so that a second confirmation joins the first. */
  private readonly deleting = new Map<string, Promise<number>>();
  /** Checks a survey text; a large one off the event loop (see `surveyChecker`). */
  private readonly checkText: SurveyCheck;

  constructor(
    private readonly deps: {
      surveys: SurveyStore;
      counts: ResultCounts;
      drafts: SurveyDrafts;
      records: SurveyRecords;
      deletion: SurveyDeletion;
      audit: AuditLog;
      check?: SurveyCheck;
    },
  ) {
    this.checkText = deps.check ?? surveyChecker();
  }

  private error(actor: Actor, status: number, key: ManageMessageKey, params?: MessageParams): AppError {
    return new AppError(status, localizeManage(actor.locale, key, params));
  }

  // --- Checking, previewing, saving ---

  /**
   * Checks a survey text with the same schema and rules as the files, then whether its id may
   * be used by this user, and keeps it as a draft for the preview. `editOf` is the survey
   * being edited (its id cannot change); without it, an id of a survey the user owns makes
   * the text a new version of that survey, any other existing id is refused.
   */
  async check(actor: Actor, input: SurveyInput, editOf?: string): Promise<CheckResult> {
    const whole = (key: ManageMessageKey, params?: MessageParams): CheckResult => ({
      ok: false,
      problems: [{ file: input.fileName ?? '', path: '', message: localizeManage(actor.locale, key, params) }],
    });
    if (input.text.trim() === '') return whole('textRequired');
    if (Buffer.byteLength(input.text) > MAX_SURVEY_BYTES) return whole('textTooLarge', { max: MAX_SURVEY_BYTES / 1024 / 1024 });
    const parsed = await this.checkText(input.fileName ?? '', input.text);
    if (!parsed.ok) return parsed;
    const { definition } = parsed;

    const target = await this.target(actor, definition.id, editOf);
    if ('refused' in target) {
      const message = localizeManage(actor.locale, target.refused, { id: editOf ?? definition.id });
      return { ok: false, problems: [{ file: input.fileName ?? '', path: 'id', ...parsed.idAt, message }] };
    }
    const draft = await this.deps.drafts.create({
      username: actor.username,
      surveyId: definition.id,
      ...(target.existing ? { editOf: definition.id } : {}),
      text: input.text,
      ...(input.fileName ? { fileName: input.fileName } : {}),
    });
    return { ok: true, preview: this.preview(actor, draft, definition, target.existing, parsed.sharing !== null) };
  }

  private preview(actor: Actor, draft: SurveyDraft, definition: SurveyDefinition, existing: SurveyState | undefined, sharingIgnored: boolean): Preview {
    const edit = existing && {
      currentVersion: existing.version,
      unchanged: definitionHash(existing.definition) === definitionHash(definition),
      changes: versionChanges(existing.definition, definition).map((change) => changeSentence(change, actor.locale)),
    };
    return { draftId: draft.id, definition, ...(edit ? { edit } : {}), sharingIgnored };
  }

  /**
   * What saving a survey with this id would do for this user: a new survey, a new version of
   * an existing one they own, or a refusal (with the message's key). A survey the user may not
   * see is "taken", and nothing else is said of it.
   */
  private async target(actor: Actor, surveyId: string, editOf?: string): Promise<{ existing?: SurveyState } | { refused: ManageMessageKey }> {
    if (editOf !== undefined && surveyId !== editOf) return { refused: 'idChanged' };
    if (RESERVED_IDS.has(surveyId)) return { refused: 'idReserved' };
    const existing = await this.deps.surveys.find(surveyId);
    if (!existing) return editOf !== undefined ? { refused: 'draftGone' } : {};
    const access = surveyAccess(actor, existing.sharing);
    if (!access) return { refused: 'idTaken' };
    if (access !== 'owner') return { refused: 'idTakenReadOnly' };
    if ((await this.deps.records.activityOf(surveyId)).deletingAt) return { refused: 'idBeingDeleted' };
    return { existing };
  }

  /** The user's draft and its definition, for the preview frame and the save. */
  async draft(actor: Actor, draftId: string): Promise<{ draft: SurveyDraft; definition: SurveyDefinition; sharingIgnored: boolean }> {
    const draft = await this.deps.drafts.find(draftId, actor.username);
    const parsed = draft && (await this.checkText(draft.fileName ?? '', draft.text));
    if (!draft || !parsed?.ok) throw this.error(actor, 404, 'draftGone');
    return { draft, definition: parsed.definition, sharingIgnored: parsed.sharing !== null };
  }

  /** The preview of a kept draft again (after the page was reloaded, say). */
  async previewOf(actor: Actor, draftId: string): Promise<Preview> {
    const { draft, definition, sharingIgnored } = await this.draft(actor, draftId);
    const target = await this.target(actor, definition.id, draft.editOf);
    if ('refused' in target) throw this.error(actor, 409, target.refused, { id: definition.id });
    return this.preview(actor, draft, definition, target.existing, sharingIgnored);
  }

  /**
   * Saves a draft: a new survey owned by its creator, or a new version of a survey the user
   * owns (its sharing kept). Who may use the id is checked again: things may have changed
   * since the preview.
   */
  async save(actor: Actor, draftId: string): Promise<SaveOutcome> {
    const { draft, definition } = await this.draft(actor, draftId);
    const target = await this.target(actor, definition.id, draft.editOf);
    if ('refused' in target) throw this.error(actor, 409, target.refused, { id: definition.id });
    const saved = target.existing ? await this.saveVersion(actor, target.existing, definition, draft) : await this.create(actor, definition, draft);
    await this.deps.drafts.remove(draft.id);
    return saved;
  }

  private async create(actor: Actor, definition: SurveyDefinition, draft: SurveyDraft): Promise<SaveOutcome> {
    const { surveys, drafts } = this.deps;
    // Two people saving a new survey under one id at once: only the one holding the claim goes on.
    if (!(await drafts.claim(definition.id, actor.username))) throw this.error(actor, 409, 'idTaken', { id: definition.id });
    try {
      if (await surveys.find(definition.id)) throw this.error(actor, 409, 'idTaken', { id: definition.id });
      const { version, created } = await surveys.registerDefinition(definition, BROWSER_SOURCE, { owners: [actor.username], viewers: [] });
      await this.deps.records.noteBrowserVersion(`${definition.id}@${definitionHash(definition)}`, created, actor.username, draft.text);
      await this.deps.audit.record({ username: actor.username, action: 'survey.create', surveyId: definition.id, detail: `version ${version}` });
      return { surveyId: definition.id, version, outcome: 'created' };
    } finally {
      await drafts.release(definition.id, actor.username);
    }
  }

  private async saveVersion(actor: Actor, existing: SurveyState, definition: SurveyDefinition, draft: SurveyDraft): Promise<SaveOutcome> {
    const versionId = `${definition.id}@${definitionHash(definition)}`;
    if (versionId === existing.versionId) return { surveyId: existing.id, version: existing.version, outcome: 'unchanged' };
    // `undefined` sharing: an edit keeps who may see the survey.
    const { version, created } = await this.deps.surveys.registerDefinition(definition, BROWSER_SOURCE, undefined);
    await this.deps.records.noteBrowserVersion(versionId, created, actor.username, draft.text);
    await this.deps.audit.record({ username: actor.username, action: 'survey.edit', surveyId: existing.id, detail: `version ${version}` });
    return { surveyId: existing.id, version, outcome: 'version' };
  }

  /**
   * The text to edit: as it was written in the browser for the current version, or the
   * definition written out as JSON with the file it came from (which wins if it changes).
   */
  async editorText(surveyId: string): Promise<{ text: string; file?: string }> {
    const survey = await this.survey(surveyId);
    const { text, source } = await this.deps.records.versionText(survey.versionId);
    if (text) return { text };
    return { text: surveyFileText(survey.definition), ...(source && source !== BROWSER_SOURCE ? { file: source } : {}) };
  }

  // --- Reading ---

  private async survey(surveyId: string): Promise<SurveyState> {
    const survey = await this.deps.surveys.find(surveyId);
    if (!survey) throw new SurveyNotFoundError(surveyId);
    return survey;
  }

  /** Each survey's last response and whether it is being deleted, for the survey list (one read of the surveys). */
  async activity(): Promise<Map<string, { lastResponseAt?: Date; deleting: boolean }>> {
    const activity = await this.deps.records.activity();
    return new Map([...activity].map(([id, a]) => [id, { ...(a.lastResponseAt ? { lastResponseAt: a.lastResponseAt } : {}), deleting: !!a.deletingAt }]));
  }

  /**
   * The surveys `user` may see, each with that user's access, its respondents (all versions,
   * from the kept counts), its last response and whether it is being deleted: the survey list.
   * The others are not even named.
   */
  async surveysFor(user: { username: string; role: AccountRole }): Promise<ListedSurvey[]> {
    const [visible, activity] = await Promise.all([this.visibleSurveys(user), this.activity()]);
    const counts = await Promise.all(visible.map(({ survey }) => this.deps.counts.read(survey.id)));
    return visible.map(({ survey, access }, i) => {
      const { lastResponseAt, deleting = false } = activity.get(survey.id) ?? {};
      return { survey, access, respondents: respondents(counts[i]!), ...(lastResponseAt ? { lastResponseAt } : {}), deleting };
    });
  }

  /** The surveys `user` may see, with that user's access, and nothing read beyond the list. */
  async visibleSurveys(user: { username: string; role: AccountRole }): Promise<{ survey: SurveySummary; access: SurveyAccess }[]> {
    return (await this.deps.surveys.list()).flatMap((survey) => {
      const access = surveyAccess(user, survey.sharing);
      return access ? [{ survey, access }] : [];
    });
  }

  /** One survey for its management page. */
  async summary(surveyId: string): Promise<{ survey: SurveyState; responses: number; lastResponseAt?: Date; deleting: boolean }> {
    const survey = await this.survey(surveyId);
    const [counts, activity] = await Promise.all([this.deps.counts.read(surveyId), this.deps.records.activityOf(surveyId)]);
    return { survey, responses: respondents(counts), ...(activity.lastResponseAt ? { lastResponseAt: activity.lastResponseAt } : {}), deleting: !!activity.deletingAt };
  }

  /** The last response, looked up in the responses (for surveys whose time was not kept yet). */
  async lookUpLastResponse(surveyId: string): Promise<Date | undefined> {
    await this.survey(surveyId);
    return this.deps.records.lookUpLastResponse(surveyId);
  }

  /** Every version, newest first, with its author, its responses and what changed from the one before. */
  async versions(surveyId: string, locale: Locale): Promise<{ survey: SurveyState; versions: VersionRow[] }> {
    const survey = await this.survey(surveyId);
    const [versions, origins, counts] = await Promise.all([
      this.deps.surveys.versions(surveyId),
      this.deps.records.versionOrigins(surveyId),
      this.deps.counts.read(surveyId),
    ]);
    const rows = versions.map((v, i): VersionRow => {
      const origin = origins.get(v.versionId);
      const previous = versions[i - 1];
      return {
        version: v.version,
        createdAt: v.createdAt,
        ...(origin?.createdBy ? { createdBy: origin.createdBy } : {}),
        ...(origin?.source && origin.source !== BROWSER_SOURCE ? { file: origin.source } : {}),
        responses: respondents(counts, v.versionId),
        current: v.versionId === survey.versionId,
        changes: previous ? versionChanges(previous.definition, v.definition).map((change) => changeSentence(change, locale)) : [],
        first: !previous,
      };
    });
    return { survey, versions: rows.reverse() };
  }

  /** The survey's record of actions, newest first. */
  async auditPage(surveyId: string, page: number, perPage: number): Promise<{ survey: SurveyState; entries: AuditEntry[]; page: number; pages: number }> {
    const survey = await this.survey(surveyId);
    const { entries, total } = await this.deps.audit.forSurvey(surveyId, { skip: (page - 1) * perPage, limit: perPage });
    return { survey, entries, page, pages: Math.max(1, Math.ceil(total / perPage)) };
  }

  // --- Open, close, delete ---

  /** Opens or closes the survey (respondents see it at once in this process, within a second in others). */
  async setStatus(actor: Actor, surveyId: string, status: SurveyStatus): Promise<void> {
    await this.survey(surveyId);
    if ((await this.deps.records.activityOf(surveyId)).deletingAt) throw this.error(actor, 409, 'beingDeleted', { id: surveyId });
    if (!(await this.deps.surveys.setStatus(surveyId, status))) throw new SurveyNotFoundError(surveyId);
    await this.deps.audit.record({ username: actor.username, action: status === 'open' ? 'survey.open' : 'survey.close', surveyId });
  }

  /** How many responses a deletion would take with it. */
  async deletionSummary(surveyId: string): Promise<{ survey: SurveyState; responses: number; deleting: boolean }> {
    const { survey, responses, deleting } = await this.summary(surveyId);
    return { survey, responses, deleting };
  }

  /**
   * Deletes the survey and everything it has (see SurveyDeletion): marks it, records the
   * action, then deletes, waiting at most `waitMs` for the end. A large survey goes on being
   * deleted after that (`finished: false`; `done` settles when it is gone). Confirming again
   * finishes a deletion that stopped half-way; while one runs in this process, it is joined.
   * @throws what stopped the deletion, when it stopped within `waitMs`
   */
  async delete(actor: Actor, surveyId: string, waitMs: number): Promise<{ finished: boolean; done: Promise<number> }> {
    const { responses } = await this.summary(surveyId);
    const marked = await this.deps.deletion.mark(surveyId, actor.username);
    if (marked === 'missing') throw new SurveyNotFoundError(surveyId);
    // Forgets this process's cached state at once (the mark closed the survey in the database).
    await this.deps.surveys.setStatus(surveyId, 'closed');
    if (marked === 'started') {
      await this.deps.audit.record({ username: actor.username, action: 'survey.delete', surveyId, detail: responsesCount('en', responses) });
    }
    let done = this.deleting.get(surveyId);
    if (!done) {
      done = this.deps.deletion.finish(surveyId).then((result) => result.responses);
      const forget = () => this.deleting.delete(surveyId);
      done.then(forget, forget);
      this.deleting.set(surveyId, done);
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    try {
      const finished = await Promise.race([done.then(() => true as const), waited]);
      return { finished, done };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Finishes every deletion that a stopped process left half-way (at server start, in the background). */
  async resumeDeletions(progress: (message: string) => void = () => {}): Promise<number> {
    const pending = await this.deps.deletion.pending();
    for (const surveyId of pending) {
      progress(`Deleting survey ${surveyId}: finishing a deletion that had stopped half-way…`);
      const { responses } = await this.deps.deletion.finish(surveyId);
      progress(`Deleting survey ${surveyId}: done (${responses} more responses deleted).`);
    }
    return pending.length;
  }
}
