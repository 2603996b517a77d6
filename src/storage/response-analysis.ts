import { ReadPreference, type Db, type Document, type FindCursor } from 'mongodb';
import type { ExportedResponse } from '../domain/question-types/export-columns';
import type { AnswerPairGroup } from '../domain/results/crosstab';

/**
 * Which responses an analysis reads: one survey, some of its versions, and a subgroup given
 * as the `choices` keys of each condition (a respondent needs one key of every condition).
 */
export interface ResponseSelection {
  surveyId: string;
  versionIds: readonly string[];
  subgroup?: readonly (readonly string[])[];
  /** Only the responses counted by this counter (the repair of a counter whose process stopped). */
  countedBy?: string;
  /** Only the responses not counted by these counters (a recount leaves running processes' counts alone). */
  notCountedBy?: readonly string[];
}

export interface OtherText {
  text: string;
  submittedAt: Date;
}

/** How long one analysis may take before it is given up (a 100,000-response scan takes tens of seconds on FerretDB). */
const ANALYSIS_TIMEOUT_MS = 180_000;

/**
 * Responses per batch of an export's cursor: what the app holds at once while the client
 * reads, whatever the number of rows (the driver's default after the first batch is 16 MB).
 */
const EXPORT_BATCH_SIZE = 500;
/** An export reads every selected response once, batch by batch: tens of seconds per 100,000 on FerretDB, more when busy. */
const EXPORT_TIMEOUT_MS = 30 * 60_000;

function matchStage(selection: ResponseSelection): Document {
  const match: Document = { surveyId: selection.surveyId, versionId: { $in: [...selection.versionIds] } };
  if (selection.countedBy !== undefined) match.countedBy = selection.countedBy;
  else if (selection.notCountedBy?.length) match.countedBy = { $nin: [...selection.notCountedBy] };
  if (selection.subgroup?.length) match.$and = selection.subgroup.map((keys) => ({ choices: { $in: [...keys] } }));
  return { $match: match };
}

/**
 * The aggregations of results, crosstabs and "other" texts. Every one reads the responses
 * collection in full on FerretDB, so they run on the database's analysis pool and are only
 * asked for when the kept counts cannot answer (a subgroup, a crosstab, a recount).
 *
 * Only forms that FerretDB 1.24 computes correctly are used (see the design note): `$match`,
 * `$unwind` of the top-level `choices` followed by a `$group` on it, a `$group` on a compound
 * `_id` of dotted paths, `$sort`/`$skip`/`$limit`. Each is tested on the embedded database
 * against a count made another way.
 */
export class ResponseAnalysis {
  /**
   * @param readPreference where the reads go; by default the analysis pool's, which follows the
   *   URI (an operator's `readPreference=secondary` sends exports and subgroup tallies to a
   *   secondary, which may lag by a moment).
   */
  constructor(
    private readonly db: Db,
    private readonly readPreference?: ReadPreference,
  ) {}

  /** The same analyses read from the primary, for counts that must include the last write (the kept counts' recounts). */
  onPrimary(): ResponseAnalysis {
    return new ResponseAnalysis(this.db, ReadPreference.primary);
  }

  private get responses() {
    return this.db.collection('responses', this.readPreference ? { readPreference: this.readPreference } : {});
  }

  /** The survey versions that have responses counted by `counterId`. */
  async versionsCountedBy(counterId: string): Promise<{ surveyId: string; versionId: string }[]> {
    const groups = await this.responses
      .aggregate<{ _id: { surveyId: string; versionId: string } }>(
        [{ $match: { countedBy: counterId } }, { $group: { _id: { surveyId: '$surveyId', versionId: '$versionId' } } }],
        { timeoutMS: ANALYSIS_TIMEOUT_MS },
      )
      .toArray();
    return groups.map((g) => g._id);
  }

  /** When the survey's latest response was submitted: a scan and a sort, asked for only by a researcher (see SurveyRecords). */
  async lastSubmission(surveyId: string): Promise<Date | undefined> {
    const latest = await this.responses.findOne<{ submittedAt: Date }>({ surveyId }, { projection: { submittedAt: 1 }, sort: { submittedAt: -1 }, maxTimeMS: ANALYSIS_TIMEOUT_MS });
    return latest?.submittedAt;
  }

  /** Respondents per `choices` key: one pass gives every tally of the selection. */
  async countChoices(selection: ResponseSelection): Promise<Map<string, number>> {
    const groups = await this.responses
      .aggregate<{ _id: string; respondents: number }>(
        [matchStage(selection), { $unwind: '$choices' }, { $group: { _id: '$choices', respondents: { $sum: 1 } } }],
        { timeoutMS: ANALYSIS_TIMEOUT_MS },
      )
      .toArray();
    return new Map(groups.map((g) => [g._id, g.respondents]));
  }

  /** Respondents grouped by their pair of answers at two paths of `answers` (`['factors', '3']`). */
  async answerPairs(selection: ResponseSelection, rowPath: readonly string[], colPath: readonly string[]): Promise<AnswerPairGroup[]> {
    const field = (path: readonly string[]) => `$answers.${path.join('.')}`;
    const groups = await this.responses
      .aggregate<{ _id: { row?: unknown; col?: unknown }; respondents: number }>(
        [matchStage(selection), { $group: { _id: { row: field(rowPath), col: field(colPath) }, respondents: { $sum: 1 } } }],
        { timeoutMS: ANALYSIS_TIMEOUT_MS },
      )
      .toArray();
    return groups.map((g) => ({ row: g._id.row, col: g._id.col, respondents: g.respondents }));
  }

  /**
   * The selected responses one at a time, oldest first, with only what an export reads
   * (`submittedAt`, `version`, `answers`, `other`): a database cursor read a batch at a time as
   * the caller consumes it (`cursor.stream()` pauses with its reader). The caller closes it
   * (`close()`) when it stops early, or the server keeps it until its own idle timeout.
   *
   * The order comes from the `{surveyId, submittedAt}` index, which MongoDB walks in order
   * (no sort in memory, no 100 MB sort limit), not from a sort: FerretDB ignores the hint and
   * does not sort in SQLite, so a sort there holds every selected response in the database's
   * memory before the first one is sent (measured: 975 MB at 30,000 responses, and a 100,000
   * export still not started after 180 s), while its natural order, the order stored, is the
   * order responses arrived in, read with flat memory.
   */
  responsesInOrder(selection: ResponseSelection): FindCursor<ExportedResponse> {
    // Whole `answers` and `other`: on FerretDB, forty dotted paths cost more than the bytes they save.
    const projection = { submittedAt: 1, version: 1, answers: 1, other: 1 };
    return this.responses
      .find(matchStage(selection).$match as Document, {
        projection,
        hint: { surveyId: 1, submittedAt: 1 },
        batchSize: EXPORT_BATCH_SIZE,
        // The server's own work on the cursor, not the time a slow client takes to read it.
        maxTimeMS: EXPORT_TIMEOUT_MS,
      })
      .map((doc) => ({
        id: String(doc._id),
        submittedAt: doc.submittedAt as Date,
        version: doc.version as number,
        answers: (doc.answers ?? {}) as Record<string, unknown>,
        other: (doc.other ?? {}) as Record<string, unknown>,
      }));
  }

  /** The texts written for a question's "other" choice, newest first. */
  async otherTexts(selection: ResponseSelection, questionId: string, page: { skip: number; limit: number }): Promise<OtherText[]> {
    const path = `other.${questionId}`;
    const stage = matchStage(selection);
    const docs = await this.responses
      .find({ ...stage.$match, [path]: { $exists: true } }, { projection: { [path]: 1, submittedAt: 1 }, timeoutMS: ANALYSIS_TIMEOUT_MS })
      .sort({ submittedAt: -1, _id: 1 })
      .skip(page.skip)
      .limit(page.limit)
      .toArray();
    return docs.map((d) => ({ text: String((d.other as Record<string, unknown>)[questionId]), submittedAt: d.submittedAt as Date }));
  }
}
