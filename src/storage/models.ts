import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** The survey as a whole: which version respondents get now, and whether it takes answers. */
const surveySchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true, default: 'open' },
    currentVersionId: { type: String, required: true },
    currentVersion: { type: Number, required: true },
    title: { type: String, required: true },
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
    client: {
      device: { type: String, enum: ['phone', 'tablet', 'desktop', 'unknown'] },
      /** A keyed hash of the address, to spot repeated submissions without keeping the address. */
      addressHash: { type: String },
    },
  },
  { collection: 'responses', versionKey: false, minimize: true },
);
responseSchema.index({ surveyId: 1, submittedAt: 1 });
// Subgroup filters match on `choices`; on MongoDB this index serves them (FerretDB scans anyway).
responseSchema.index({ surveyId: 1, choices: 1 });

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
 * of scanning every response: a `base` document (everything submitted before `through`, from
 * a recount) and one `slot` document per minute since, which submissions `$inc`. See
 * `result-counts.ts`. Keys are the `choices` keys with `.` written `:` (field names cannot
 * hold dots).
 */
const resultCountSchema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    versionId: { type: String, required: true },
    kind: { type: String, enum: ['base', 'slot'], required: true },
    /** A slot's first instant; for the base, the instant it counts up to (exclusive). */
    at: { type: Date, required: true },
    counts: { type: Schema.Types.Mixed, required: true, default: {} },
    /** Changes with every rewrite of a base, so that two processes never fold slots into it twice. */
    revision: { type: String },
  },
  { collection: 'result_counts', versionKey: false, minimize: false },
);

/**
 * Every app process that adds to the kept counts, with a heartbeat: a process that stopped
 * without saying so may have left counts behind, which a recount repairs.
 */
const countingProcessSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    heartbeatAt: { type: Date, required: true },
    /** Who is repairing after this process, once it is found gone, and since when. */
    repairBy: { type: String },
    repairAt: { type: Date },
  },
  { collection: 'counting_processes', versionKey: false },
);

export type ResultCountDocument = InferSchemaType<typeof resultCountSchema> & { _id: string };
export type CountingProcessDocument = InferSchemaType<typeof countingProcessSchema> & { _id: string };
export type SurveyDocument = InferSchemaType<typeof surveySchema> & { _id: string };
export type SurveyVersionDocument = InferSchemaType<typeof surveyVersionSchema> & { _id: string };
export type ResponseDocument = InferSchemaType<typeof responseSchema> & { _id: string };
export type SettingDocument = InferSchemaType<typeof settingSchema> & { _id: string };

export interface Models {
  Survey: Model<SurveyDocument>;
  SurveyVersion: Model<SurveyVersionDocument>;
  Response: Model<ResponseDocument>;
  Setting: Model<SettingDocument>;
  ResultCount: Model<ResultCountDocument>;
  CountingProcess: Model<CountingProcessDocument>;
}

export function defineModels(connection: Connection): Models {
  return {
    Survey: connection.model<SurveyDocument>('Survey', surveySchema),
    SurveyVersion: connection.model<SurveyVersionDocument>('SurveyVersion', surveyVersionSchema),
    Response: connection.model<ResponseDocument>('Response', responseSchema),
    Setting: connection.model<SettingDocument>('Setting', settingSchema),
    ResultCount: connection.model<ResultCountDocument>('ResultCount', resultCountSchema),
    CountingProcess: connection.model<CountingProcessDocument>('CountingProcess', countingProcessSchema),
  };
}
