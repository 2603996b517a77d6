import { createHash } from 'node:crypto';
import type { SurveyDefinition, SurveySharing } from '../domain/survey/definition';
import { isDuplicateKey } from './database';
import type { Models } from './models';

export type SurveyStatus = 'open' | 'closed';

/** A survey as a request needs it: its state now and the definition respondents get. */
export interface SurveyState {
  id: string;
  status: SurveyStatus;
  versionId: string;
  version: number;
  definition: SurveyDefinition;
  /** Who may see its results besides admins; null: every signed-in user may read them. */
  sharing: SurveySharing | null;
}

export interface SurveyVersionState {
  versionId: string;
  version: number;
  createdAt: Date;
  definition: SurveyDefinition;
}

export interface SurveySummary {
  id: string;
  title: string;
  status: SurveyStatus;
  version: number;
  questions: number;
  sharing: SurveySharing | null;
}

const SURVEY_ID = /^[a-z][a-z0-9_-]{0,63}$/;

/** Versions are named by their content, so the same file always maps to the same version. */
export function definitionHash(definition: SurveyDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

/**
 * Surveys and their versions in the database. Versions are immutable and cached for good.
 * A survey's state (open or closed, current version) is read by `_id` and reused for at
 * most `stateTtlMs`: reading it on every submission cost a fifth of the throughput on the
 * embedded database, and a second is as long as another process may go on seeing an old state.
 */
export class SurveyStore {
  private readonly definitions = new Map<string, SurveyDefinition>();
  /** The state each survey had when last read, and when that was. */
  private readonly lastSeen = new Map<string, { state: SurveyState; readAt: number }>();

  constructor(
    private readonly models: Models,
    private readonly stateTtlMs = 1000,
  ) {}

  /**
   * Makes this definition the survey's current one, storing it as a new version when its
   * content is new. Safe when several processes register the same files at once.
   * @param sharing who may see it: given, it replaces the survey's sharing (null shares it
   *   with every signed-in user); left out, the sharing stays as it is.
   */
  async registerDefinition(
    definition: SurveyDefinition,
    source?: string,
    sharing?: SurveySharing | null,
  ): Promise<{ version: number; created: boolean }> {
    const { Survey, SurveyVersion } = this.models;
    const hash = definitionHash(definition);
    const versionId = `${definition.id}@${hash}`;
    let created = false;
    let stored = await SurveyVersion.findById(versionId).lean();
    for (let attempt = 0; !stored && attempt < 5; attempt++) {
      const version = (await SurveyVersion.countDocuments({ surveyId: definition.id })) + 1;
      try {
        await SurveyVersion.create({ _id: versionId, surveyId: definition.id, version, hash, definition, source });
        created = true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      stored = await SurveyVersion.findById(versionId).lean();
    }
    if (!stored) throw new Error(`Could not store a version of survey "${definition.id}"`);

    const pointer = {
      currentVersionId: versionId,
      currentVersion: stored.version,
      title: definition.title,
      ...(sharing ? { owners: sharing.owners, viewers: sharing.viewers } : {}),
    };
    const update = { $set: pointer, ...(sharing === null ? { $unset: { owners: 1, viewers: 1 } } : {}) };
    try {
      await Survey.updateOne({ _id: definition.id }, { ...update, $setOnInsert: { status: 'open' } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // Another process inserted it first.
      await Survey.updateOne({ _id: definition.id }, update);
    }
    this.definitions.set(versionId, definition);
    this.lastSeen.delete(definition.id);
    return { version: stored.version, created };
  }

  /** The survey with its current definition, or null when there is no such survey. */
  async find(surveyId: string): Promise<SurveyState | null> {
    if (!SURVEY_ID.test(surveyId)) return null;
    const seen = this.lastSeen.get(surveyId);
    if (seen && Date.now() - seen.readAt < this.stateTtlMs) return seen.state;
    const survey = await this.models.Survey.findById(surveyId).lean();
    if (!survey) return null;
    const definition = await this.definition(survey.currentVersionId);
    const state: SurveyState = {
      id: survey._id,
      status: survey.status as SurveyStatus,
      versionId: survey.currentVersionId,
      version: survey.currentVersion,
      definition,
      sharing: survey.owners || survey.viewers ? { owners: survey.owners ?? [], viewers: survey.viewers ?? [] } : null,
    };
    this.lastSeen.set(state.id, { state, readAt: Date.now() });
    return state;
  }

  /**
   * The survey as this process last read it, or null. Never used to accept an answer: only
   * to give a respondent their filled form back while the database cannot be reached.
   */
  lastKnown(surveyId: string): SurveyState | null {
    return this.lastSeen.get(surveyId)?.state ?? null;
  }

  async setStatus(surveyId: string, status: SurveyStatus): Promise<boolean> {
    if (!SURVEY_ID.test(surveyId)) return false;
    const result = await this.models.Survey.updateOne({ _id: surveyId }, { $set: { status } });
    this.lastSeen.delete(surveyId);
    return result.matchedCount === 1;
  }

  async list(): Promise<SurveySummary[]> {
    const surveys = await this.models.Survey.find().sort({ _id: 1 }).lean();
    return Promise.all(
      surveys.map(async (s) => ({
        id: s._id,
        title: s.title,
        status: s.status as SurveyStatus,
        version: s.currentVersion,
        questions: (await this.definition(s.currentVersionId)).questions.length,
        sharing: s.owners || s.viewers ? { owners: s.owners ?? [], viewers: s.viewers ?? [] } : null,
      })),
    );
  }

  /** Every version a survey has had, oldest first, each with its definition. */
  async versions(surveyId: string): Promise<SurveyVersionState[]> {
    if (!SURVEY_ID.test(surveyId)) return [];
    const stored = await this.models.SurveyVersion.find({ surveyId }, { definition: 0 }).sort({ version: 1 }).lean();
    return Promise.all(
      stored.map(async (v) => ({ versionId: v._id, version: v.version, createdAt: v.createdAt, definition: await this.definition(v._id) })),
    );
  }

  private async definition(versionId: string): Promise<SurveyDefinition> {
    const cached = this.definitions.get(versionId);
    if (cached) return cached;
    const stored = await this.models.SurveyVersion.findById(versionId).lean();
    if (!stored) throw new Error(`Survey version ${versionId} is missing from the database`);
    const definition = stored.definition as SurveyDefinition;
    this.definitions.set(versionId, definition);
    return definition;
  }
}
