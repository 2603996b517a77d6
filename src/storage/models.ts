import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { defineAccountModels, type AccountModels } from './account-models';
import { defineManagementModels, type ManagementModels } from './management-models';

/** The survey as a whole: which version respondents get now, and whether it takes answers. */
const surveySchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true, default: 'open' },
    currentVersionId: { type: String, required: true },
    currentVersion: { type: Number, required: true },
    title: { type: String, required: true },
    /**
     * Who may see the results besides admins (SurveySharing). Absent: shared with every
     * signed-in user for reading, managed by admins (a survey file that names nobody).
     */
    owners: { type: [String], default: undefined },
    viewers: { type: [String], default: undefined },
    /** Written by versions before `survey_last_responses` (management-models.ts): still read, never written. */
    lastResponseAt: { type: Date },
    /** Set when a deletion starts; a survey that has it is finished off by the next run (see survey-deletion.ts). */
    deletingAt: { type: Date },
    deletingBy: { type: String },
  },
  { collection: 'surveys', timestamps: true, versionKey: false },
);

/**
 * Every distinct definition a survey has had, keyed `<surveyId>@<hash>`: immutable, so any
 * process may cache it by id, and responses can always be read against what they answered.
 */
const surveyVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    source: { type: String },
    /** A version saved in the browser: who saved it, and the text as they wrote it. */
    createdBy: { type: String },
    text: { type: String },
    /** Set on every version of a survey whose deletion is removing it (see survey-deletion.ts). */
    deletingAt: { type: Date },
    createdAt: { type: Date, required: true, default: () => new Date() },
  },
  { collection: 'survey_versions', versionKey: false, minimize: false },
);
surveyVersionSchema.index({ surveyId: 1, version: 1 }, { unique: true });

/**
 * One filled form. `_id` is the form's own key, so that a second POST of the same form
 * (double tap, reload, back button) collides instead of creating a second response.
 */
const responseSchema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    versionId: { type: String, required: true },
    version: { type: Number, required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    other: { type: Schema.Types.Mixed },
    /** Flat `question=value` strings, for counting and filtering at the top level. */
    choices: { type: [String], required: true },
    submittedAt: { type: Date, required: true },
    /** `demo`: the reference study's responses loaded by `npm run seed:demo`, removable as a set. */
    channel: { type: String, enum: ['form', 'api', 'demo'], required: true },
    /** Seconds from the form being served to it being sent, when known. */
    durationSeconds: { type: Number },
    /** The counter whose kept counts include this response (see `result-counts.ts`). */
    countedBy: { type: String },
    client: {
      device: { type: String, enum: ['phone', 'tablet', 'desktop', 'unknown'] },
      /** A keyed hash of the address, to spot repeated submissions without keeping the address. */
      addressHash: { type: String },
    },
  },
  { collection: 'responses', versionKey: false, minimize: true },
);
// Indexes: FerretDB 1.24 keeps them (uniqueness holds) but scans anyway; MongoDB uses each one.
// A survey's responses in order: exports, the newest response, a survey's versions' tallies.
responseSchema.index({ surveyId: 1, submittedAt: 1 });
// Subgroup filters match on `choices`.
responseSchema.index({ surveyId: 1, choices: 1 });
// The repair of a counter recounts its own responses, and only those.
responseSchema.index({ countedBy: 1 });

/** Small shared values, such as the generated signing secret when none is configured. */
const settingSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: String, required: true },
  },
  { collection: 'settings', versionKey: false },
);

/**
 * Kept counts of the responses of one survey version, read by the live results page instead
 * of scanning every response (see `result-counts.ts`). One document per version and counter
 * (`<versionId>|<counterId>`, which that counter's process `$inc`s) and one base per version
 * (`<versionId>|base|<seq>`, what recounts and retired counters were folded into; the latest counts). Keys are the
 * `choices` keys with `.` written `:`, as field names cannot hold dots.
 */
const resultCountSchema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    versionId: { type: String, required: true },
    /** The counter that adds to this document, or `base`. */
    counter: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, required: true, default: {} },
    /** Base only: counters already added into it, whose own documents readers must skip. */
    folded: { type: [String], default: undefined },
    /**
     * Base only: its place in the version's sequence of bases (the `_id` ends with it). A new
     * base is a new document, so that two processes writing one at once collide on the `_id`.
     */
    seq: { type: Number },
    /**
     * Base only: when a later base replaced it. A replaced base is emptied but kept a while, so
     * that its `_id` stays taken: a process that read the base before it and writes late
     * collides on it instead of writing a base that nobody reads.
     */
    supersededAt: { type: Date },
  },
  { collection: 'result_counts', versionKey: false, minimize: false },
);
// Every live poll reads one survey's documents: without this, MongoDB scans every survey's.
resultCountSchema.index({ surveyId: 1, counter: 1 });
// A version's bases (the latest one, and those it replaced), and a recount's documents of a version.
resultCountSchema.index({ versionId: 1, counter: 1, seq: 1 });
// One counter's documents, when it folds into the bases at its stop or is repaired.
resultCountSchema.index({ counter: 1 });

/**
 * Each counter: one app process's share of the kept counts. Every response names the
 * counter that counts it (`countedBy`), so the share of a process that stopped without
 * flushing can be recounted exactly from its own responses.
 */
const resultCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    heartbeatAt: { type: Date, required: true },
    /** `active` while it takes responses; `retired` once none will arrive under it any more. */
    state: { type: String, enum: ['active', 'retired'], required: true },
    /** The counter that is repairing this one, and since when (a repair that died is taken over later). */
    repairBy: { type: String },
    repairAt: { type: Date },
  },
  { collection: 'result_counters', versionKey: false },
);

/** The record of who did what (see `audit-log.ts`). */
const auditEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    username: { type: String, required: true },
    action: { type: String, required: true },
    surveyId: { type: String },
    /** When the survey acted on was made: tells it from an earlier, deleted survey of the same id. */
    surveyCreatedAt: { type: Date },
    detail: { type: String },
  },
  { collection: 'audit_log', versionKey: false },
);
auditEntrySchema.index({ surveyId: 1, at: -1 });
auditEntrySchema.index({ surveyId: 1, surveyCreatedAt: 1, at: -1 });

export type AuditEntryDocument = InferSchemaType<typeof auditEntrySchema> & { _id: string };
export type ResultCountDocument = InferSchemaType<typeof resultCountSchema> & { _id: string };
export type ResultCounterDocument = InferSchemaType<typeof resultCounterSchema> & { _id: string };
export type SurveyDocument = InferSchemaType<typeof surveySchema> & { _id: string };
export type SurveyVersionDocument = InferSchemaType<typeof surveyVersionSchema> & { _id: string };
export type ResponseDocument = InferSchemaType<typeof responseSchema> & { _id: string };
export type SettingDocument = InferSchemaType<typeof settingSchema> & { _id: string };

/** The account models (users, tokens, sessions…) are declared in account-models.ts, the drafts in management-models.ts. */
export interface Models extends AccountModels, ManagementModels {
  Survey: Model<SurveyDocument>;
  SurveyVersion: Model<SurveyVersionDocument>;
  Response: Model<ResponseDocument>;
  Setting: Model<SettingDocument>;
  ResultCount: Model<ResultCountDocument>;
  ResultCounter: Model<ResultCounterDocument>;
  AuditEntry: Model<AuditEntryDocument>;
}

export function defineModels(connection: Connection): Models {
  return {
    Survey: connection.model<SurveyDocument>('Survey', surveySchema),
    SurveyVersion: connection.model<SurveyVersionDocument>('SurveyVersion', surveyVersionSchema),
    Response: connection.model<ResponseDocument>('Response', responseSchema),
    Setting: connection.model<SettingDocument>('Setting', settingSchema),
    ResultCount: connection.model<ResultCountDocument>('ResultCount', resultCountSchema),
    ResultCounter: connection.model<ResultCounterDocument>('ResultCounter', resultCounterSchema),
    AuditEntry: connection.model<AuditEntryDocument>('AuditEntry', auditEntrySchema),
    ...defineAccountModels(connection),
    ...defineManagementModels(connection),
  };
}
