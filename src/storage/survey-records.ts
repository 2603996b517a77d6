import type { Models } from './models';
import type { ResponseAnalysis } from './response-analysis';

/** Who made a version and from what: a user in the browser (with the text they wrote), or a file. */
export interface VersionOrigin {
  versionId: string;
  createdBy?: string;
  /** The survey file it was loaded from (`surveys/x.json`), or `browser`. */
  source?: string;
}

/** What the survey list shows beside the SurveyStore's summary. */
export interface SurveyActivity {
  lastResponseAt?: Date;
  /** Set while the survey is being deleted. */
  deletingAt?: Date;
}

/** Where the kept counts say when a survey's last response came (SurveyRecords, in the app). */
export interface LastResponseNotes {
  noteLastResponse(surveyId: string, at: Date): Promise<void>;
}

/** The later of a survey's last response as kept now and as an older version kept it on the survey. */
function activityOf(survey: { lastResponseAt?: Date | null; deletingAt?: Date | null }, kept: Date | undefined): SurveyActivity {
  const times = [survey.lastResponseAt, kept].filter((d): d is Date => d instanceof Date);
  const lastResponseAt = times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : undefined;
  return { ...(lastResponseAt ? { lastResponseAt } : {}), ...(survey.deletingAt ? { deletingAt: survey.deletingAt } : {}) };
}

/** The source recorded for versions saved in the browser. */
export const BROWSER_SOURCE = 'browser';

/**
 * What the management pages read and note about surveys beyond the SurveyStore: who saved
 * each version and its text, when the last response came, whether a deletion is under way.
 */
export class SurveyRecords implements LastResponseNotes {
  /** @param analysis the long reads (see database.ts): looking up the last response scans every response. */
  constructor(
    private readonly models: Models,
    private readonly analysis: ResponseAnalysis,
  ) {}

  /**
   * Notes who saved a version in the browser, and the text as they wrote it (the editor shows
   * it again). A version that already existed keeps its author, and gets the text only if it had none.
   */
  async noteBrowserVersion(versionId: string, created: boolean, username: string, text: string): Promise<void> {
    const { SurveyVersion } = this.models;
    if (created) await SurveyVersion.collection.updateOne({ _id: versionId } as never, { $set: { createdBy: username, text } });
    else await SurveyVersion.collection.updateOne({ _id: versionId, text: { $exists: false } } as never, { $set: { text } });
  }

  /** Each version's origin (without definitions), for the versions page. */
  async versionOrigins(surveyId: string): Promise<Map<string, VersionOrigin>> {
    const versions = await this.models.SurveyVersion.find({ surveyId }, { createdBy: 1, source: 1 }).lean();
    return new Map(versions.map((v) => [v._id, { versionId: v._id, ...(v.createdBy ? { createdBy: v.createdBy } : {}), ...(v.source ? { source: v.source } : {}) }]));
  }

  /** The text a version was saved with in the browser, and where it came from. */
  async versionText(versionId: string): Promise<{ text?: string; source?: string }> {
    const version = await this.models.SurveyVersion.findById(versionId, { text: 1, source: 1 }).lean();
    return { ...(version?.text ? { text: version.text } : {}), ...(version?.source ? { source: version.source } : {}) };
  }

  /** Last response and deletion state of every survey: one read of the (small) surveys collection. */
  async activity(): Promise<Map<string, SurveyActivity>> {
    const [surveys, latest] = await Promise.all([
      this.models.Survey.find({}, { lastResponseAt: 1, deletingAt: 1 }).lean(),
      this.models.LastResponse.find().lean(),
    ]);
    const at = new Map(latest.map((l) => [l._id, l.at]));
    return new Map(surveys.map((s) => [s._id, activityOf(s, at.get(s._id))]));
  }

  /** One survey's, by `_id`. */
  async activityOf(surveyId: string): Promise<SurveyActivity> {
    const [survey, latest] = await Promise.all([
      this.models.Survey.findById(surveyId, { lastResponseAt: 1, deletingAt: 1 }).lean(),
      this.models.LastResponse.findById(surveyId).lean(),
    ]);
    return survey ? activityOf(survey, latest?.at) : {};
  }

  /**
   * Keeps a survey's `lastResponseAt` (for the survey list) with one acknowledged `$max`, so
   * that a late note of an older response does not move it back (`$max` works on FerretDB
   * 1.24: measured, and tested in manage-surveys.test.ts).
   */
  async noteLastResponse(surveyId: string, at: Date): Promise<void> {
    await this.models.LastResponse.collection.updateOne({ _id: surveyId } as never, { $max: { at } }, { upsert: true });
  }

  /**
   * Looks the last response up in the responses themselves (a scan and a sort: only when a
   * researcher asks, for responses stored before the time was kept) and keeps it.
   */
  async lookUpLastResponse(surveyId: string): Promise<Date | undefined> {
    const latest = await this.analysis.lastSubmission(surveyId);
    if (latest) await this.noteLastResponse(surveyId, latest);
    return latest;
  }
}
