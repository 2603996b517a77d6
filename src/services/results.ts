import { localizeResults, type ResultsMessageKey } from '../domain/locale/results-messages';
import type { MessageParams } from '../domain/locale/messages';
import { questionType, type Variable } from '../domain/question-types';
import { comparisonExample, groupDifferences, type ComparisonExample, type GroupDifference } from '../domain/results/comparison';
import { RESPONDENT_KEY } from '../domain/results/counting-keys';
import { buildCrosstab, type Crosstab } from '../domain/results/crosstab';
import { conditionKeys, localizeSubgroupProblem, parseSubgroup, type Subgroup } from '../domain/results/subgroup';
import { countsOfResults, countsSignature, sumCounts, surveyResults, type SurveyResults, type VersionCount } from '../domain/results/survey-results';
import { surveyVariables } from '../domain/results/variables';
import { versionConflicts } from '../domain/results/versions';
import type { Locale, SurveyDefinition } from '../domain/survey/definition';
import { InvalidResultsQueryError, SurveyNotFoundError } from '../errors';
import type { OtherText, ResponseAnalysis, ResponseSelection } from '../storage/response-analysis';
import type { ResultCounts } from '../storage/result-counts';
import type { SurveyStore, SurveyVersionState } from '../storage/survey-store';
import { AggregationCache, type AnswerWait } from './aggregation-cache';

/** A results request: which version to show (the current one by default) and which subgroup. */
export interface ResultsQuery {
  version?: number;
  where?: readonly string[];
}


/** What a page or the API gets back: the value, and whether it is as fresh as the counts. */
export interface Freshness {
  /** Changes whenever the survey's kept counts move; the live page compares it. */
  signature: string;
  computedAt: string;
  stale: boolean;
}

export interface SubgroupComparison {
  a: SurveyResults & Freshness;
  b: SurveyResults & Freshness;
  /** Respondents in both groups. */
  overlap: number;
  /** Per variable, whether the groups differ; null when they overlap (a test would count some twice). */
  differences: GroupDifference[] | null;
}

export interface OtherTextsPage {
  question: { id: string; title: string; label: string };
  texts: OtherText[];
  count: number;
  page: number;
  pages: number;
}

/**
 * What a results page shows: the version (the current one, or `version=`), the variables it
 * offers to a crosstab or a filter, and its subgroup as read once from `where=` (none for the
 * compare page, whose groups are `a=` and `b=`).
 */
export interface ShownVersion {
  survey: SurveyResults['survey'];
  definition: SurveyDefinition;
  variables: Variable[];
  subgroup: Subgroup;
  /** Respondents of the versions counted, everyone (the number a "still counting" page gives). */
  respondents: number;
}

/** What the compare page shows: both groups as read, the comparison it offers as an example, and the comparison once both groups are given. */
export interface ComparePage {
  shown: ShownVersion;
  groups: { a: Subgroup; b: Subgroup };
  example: { a: Subgroup; b: Subgroup } | null;
  comparison: SubgroupComparison | null;
}

export interface ResultsServiceOptions {
  cache?: AggregationCache;
  /** Per survey id, the comparison its compare page offers (the demo study's own); others get one made up. */
  comparisonExamples?: ReadonlyMap<string, ComparisonExample>;
}

/** The responses a results request counts, in the version it shows (see `countedResponses`). */
export interface CountedResponses {
  version: number;
  definition: SurveyDefinition;
  subgroup: Subgroup;
  selection: ResponseSelection;
}

/** What every results request reads of a survey before anything is counted (three reads). */
interface Loaded {
  surveyId: string;
  locale: Locale;
  currentVersionId: string;
  all: SurveyVersionState[];
  kept: Map<string, Map<string, number>>;
}

/** The versions a request counts, and the version it shows. */
interface Scope {
  surveyId: string;
  locale: Locale;
  shown: SurveyVersionState;
  versions: VersionCount[];
  countedIds: string[];
  /** The `where=` conditions as asked, and as read. */
  where: readonly string[];
  subgroup: Subgroup;
  signature: string;
  /** Kept counts per version, as read for this request. */
  kept: Map<string, Map<string, number>>;
}

const OTHER_TEXTS_PER_PAGE = 20;


/**
 * Results, crosstabs and "other" texts of a survey. The unfiltered results come from the
 * kept counts (a few small documents, whatever the number of responses); a subgroup or a
 * crosstab needs an aggregation over the responses, which is cached and coalesced
 * (`AggregationCache`) so that live pages do not rerun it on every refresh.
 */
export class ResultsService {
  private readonly cache: AggregationCache;
  private readonly comparisonExamples: ReadonlyMap<string, ComparisonExample>;

  constructor(
    private readonly surveys: SurveyStore,
    private readonly counts: ResultCounts,
    private readonly analysis: ResponseAnalysis,
    options: ResultsServiceOptions = {},
  ) {
    this.cache = options.cache ?? new AggregationCache();
    this.comparisonExamples = options.comparisonExamples ?? new Map();
  }

  // --- Pages: each one call, reading the survey once ---------------------------------------

  /** The version a page shows and its subgroup (the "still counting" page). */
  async shownVersion(surveyId: string, query: ResultsQuery = {}): Promise<ShownVersion> {
    return this.shownOf(await this.scope(surveyId, query));
  }

  /** The results page: its version and subgroup, and their results. */
  async resultsPage(surveyId: string, query: ResultsQuery, wait: AnswerWait = {}): Promise<{ shown: ShownVersion; results: SurveyResults & Freshness }> {
    const scope = await this.scope(surveyId, query);
    return { shown: this.shownOf(scope), results: await this.resultsIn(scope, wait) };
  }

  /** The crosstab page: its version and subgroup, and the crosstab once both variables are given. */
  async crosstabPage(
    surveyId: string,
    choice: { row: string; col: string },
    query: ResultsQuery,
    wait: AnswerWait = {},
  ): Promise<{ shown: ShownVersion; crosstab: (Crosstab & Freshness) | null }> {
    const scope = await this.scope(surveyId, query);
    const crosstab = choice.row && choice.col ? await this.crosstabIn(scope, choice.row, choice.col, wait) : null;
    return { shown: this.shownOf(scope), crosstab };
  }

  /** The compare page: its version, both groups as read, the example it offers, and the comparison once both are given. */
  async comparePage(
    surveyId: string,
    groups: { a: readonly string[]; b: readonly string[] },
    version?: number,
    wait: AnswerWait = {},
  ): Promise<ComparePage> {
    const loaded = await this.load(surveyId);
    const at = version !== undefined ? { version } : {};
    const scope = this.scopeOf(loaded, at);
    const [a, b] = [this.scopeOf(loaded, { ...at, where: groups.a }), this.scopeOf(loaded, { ...at, where: groups.b })];
    const comparison = groups.a.length && groups.b.length ? await this.compareIn(loaded, scope, a, b, wait) : null;
    return { shown: this.shownOf(scope), groups: { a: a.subgroup, b: b.subgroup }, example: comparisonExample(scope.shown.definition, this.comparisonExamples.get(surveyId)), comparison };
  }

  /** The page of an "other" choice's texts, with the version and subgroup it shows. */
  async otherTextsPage(surveyId: string, questionId: string, query: ResultsQuery & { page?: number } = {}): Promise<{ shown: ShownVersion; texts: OtherTextsPage }> {
    const scope = await this.scope(surveyId, query);
    return { shown: this.shownOf(scope), texts: await this.otherTextsIn(scope, questionId, query.page) };
  }

  // --- The API's answers ----------------------------------------------------------------------

  /**
   * The survey's results for one version (and the versions that count with it), of everyone
   * or of a subgroup. A subgroup's tallies may come stale from the cache while new ones are
   * computed, unless `fresh` is asked (an export: it waits for the current figures); with
   * `waitMs`, a first subgroup tally not ready by then is an AggregationPendingError.
   * @throws SurveyNotFoundError (404), InvalidResultsQueryError (400) naming every problem
   */
  async results(surveyId: string, query: ResultsQuery = {}, wait: AnswerWait = {}): Promise<SurveyResults & Freshness> {
    return this.resultsIn(await this.scope(surveyId, query), wait);
  }

  private async resultsIn(scope: Scope, wait: AnswerWait): Promise<SurveyResults & Freshness> {
    const survey = { id: scope.surveyId, version: scope.shown.version, definition: scope.shown.definition };
    if (scope.subgroup.length === 0) {
      const counts = sumCounts(scope.countedIds.map((id) => scope.kept.get(id) ?? new Map()));
      return { ...surveyResults(survey, counts, scope.versions), signature: scope.signature, computedAt: new Date().toISOString(), stale: false };
    }
    const cached = await this.cache.get(
      this.cacheKey('tally', scope),
      scope.signature,
      () => this.analysis.countChoices(this.selection(scope, scope.subgroup)),
      wait,
    );
    return { ...surveyResults(survey, cached.value, scope.versions), ...this.freshness(scope, cached) };
  }

  /**
   * Any two variables (questions, or matrix rows such as `factors.3`) against each other;
   * stale from the cache while a new one is computed, unless `fresh` is asked (`waitMs` as for `results`).
   * @throws InvalidResultsQueryError when either is missing or unknown
   */
  async crosstab(surveyId: string, rowId: string, colId: string, query: ResultsQuery = {}, wait: AnswerWait = {}): Promise<Crosstab & Freshness> {
    return this.crosstabIn(await this.scope(surveyId, query), rowId, colId, wait);
  }

  private async crosstabIn(scope: Scope, rowId: string, colId: string, wait: AnswerWait): Promise<Crosstab & Freshness> {
    const row = this.variable(scope, rowId);
    const col = this.variable(scope, colId);
    const cached = await this.cache.get(
      this.cacheKey(`crosstab|${row.id}|${col.id}`, scope),
      scope.signature,
      () => this.analysis.answerPairs(this.selection(scope, scope.subgroup), row.answerPath, col.answerPath),
      wait,
    );
    return { ...buildCrosstab(row, col, cached.value), ...this.freshness(scope, cached) };
  }

  /**
   * Two subgroups side by side: each one's results, and for every one-answer variable a test
   * of whether the two differ, unless they share respondents.
   */
  async compare(surveyId: string, a: readonly string[], b: readonly string[], version?: number, wait: AnswerWait = {}): Promise<SubgroupComparison> {
    const loaded = await this.load(surveyId);
    const at = version !== undefined ? { version } : {};
    return this.compareIn(loaded, this.scopeOf(loaded, at), this.scopeOf(loaded, { ...at, where: a }), this.scopeOf(loaded, { ...at, where: b }), wait);
  }

  private async compareIn(loaded: Loaded, everyone: Scope, a: Scope, b: Scope, wait: AnswerWait): Promise<SubgroupComparison> {
    const [resultsA, resultsB, shared] = await Promise.all([
      this.resultsIn(a, wait),
      this.resultsIn(b, wait),
      this.overlapIn(this.scopeOf(loaded, { version: everyone.shown.version, where: [...a.where, ...b.where] }), wait),
    ]);
    return {
      a: resultsA,
      b: resultsB,
      overlap: shared,
      differences: shared > 0 ? null : groupDifferences(everyone.shown.definition, countsOfResults(resultsA), countsOfResults(resultsB)),
    };
  }

  /**
   * Respondents who belong to both subgroups (the scope of both groups' conditions at once):
   * when this is above zero, a test of whether the two differ would count some twice.
   */
  private async overlapIn(both: Scope, wait: AnswerWait): Promise<number> {
    if (both.subgroup.length === 0) return both.versions.filter((v) => v.counted).reduce((sum, v) => sum + v.respondents, 0);
    const cached = await this.cache.get(
      this.cacheKey('tally', both),
      both.signature,
      () => this.analysis.countChoices(this.selection(both, both.subgroup)),
      wait,
    );
    return cached.value.get(RESPONDENT_KEY) ?? 0;
  }

  /** The texts written for a question's "other" choice, newest first, one page at a time. */
  async otherTexts(surveyId: string, questionId: string, query: ResultsQuery & { page?: number } = {}): Promise<OtherTextsPage> {
    return this.otherTextsIn(await this.scope(surveyId, query), questionId, query.page);
  }

  private async otherTextsIn(scope: Scope, questionId: string, pageAsked: number | undefined): Promise<OtherTextsPage> {
    const question = scope.shown.definition.questions.find((q) => q.id === questionId);
    const otherChoice = question && questionType(question).otherChoice(question);
    if (!question || !otherChoice) throw new InvalidResultsQueryError([this.message(scope, 'questionWithoutOther', { id: questionId })]);
    const page = pageAsked ?? 1;
    if (!Number.isInteger(page) || page < 1) throw new InvalidResultsQueryError([this.message(scope, 'pageInvalid')]);
    const tally = (await this.resultsIn(scope, {})).questions.find((q) => q.id === questionId);
    const count = tally?.other?.count ?? 0;
    const texts = await this.analysis.otherTexts(this.selection(scope, scope.subgroup), questionId, {
      skip: (page - 1) * OTHER_TEXTS_PER_PAGE,
      limit: OTHER_TEXTS_PER_PAGE,
    });
    return {
      question: { id: question.id, title: question.title, label: otherChoice.label },
      texts,
      count,
      page,
      pages: Math.max(1, Math.ceil(count / OTHER_TEXTS_PER_PAGE)),
    };
  }

  /**
   * The responses that the results of `query` count (its counted versions and subgroup) and
   * the version they are shown in: what an export of those responses reads.
   * @throws SurveyNotFoundError (404), InvalidResultsQueryError (400) naming every problem
   */
  async countedResponses(surveyId: string, query: ResultsQuery = {}): Promise<CountedResponses> {
    const scope = await this.scope(surveyId, query);
    return { version: scope.shown.version, definition: scope.shown.definition, subgroup: scope.subgroup, selection: this.selection(scope, scope.subgroup) };
  }

  private async load(surveyId: string): Promise<Loaded> {
    const [survey, all, kept] = await Promise.all([
      this.surveys.find(surveyId),
      this.surveys.versions(surveyId),
      this.counts.read(surveyId),
    ]);
    if (!survey) throw new SurveyNotFoundError(surveyId);
    return { surveyId, locale: survey.definition.locale, currentVersionId: survey.versionId, all, kept };
  }

  private async scope(surveyId: string, query: ResultsQuery): Promise<Scope> {
    return this.scopeOf(await this.load(surveyId), query);
  }

  /** The versions counted with the one shown, and the subgroup read from `where=`. */
  private scopeOf({ surveyId, locale, currentVersionId, all, kept }: Loaded, query: ResultsQuery): Scope {
    const shown = query.version === undefined ? all.find((v) => v.versionId === currentVersionId) : all.find((v) => v.version === query.version);
    if (!shown) throw new InvalidResultsQueryError([localizeResults(locale, 'versionUnknown', { version: String(query.version) })]);

    const versions: VersionCount[] = all.map((v) => {
      const conflicts = v.versionId === shown.versionId ? [] : versionConflicts(v.definition, shown.definition);
      return { version: v.version, respondents: kept.get(v.versionId)?.get(RESPONDENT_KEY) ?? 0, counted: conflicts.length === 0, conflicts };
    });
    const countedIds = all.filter((_, i) => versions[i]!.counted).map((v) => v.versionId);

    const where = query.where ?? [];
    const { subgroup, problems } = parseSubgroup(shown.definition, where);
    if (problems.length) {
      throw new InvalidResultsQueryError(
        problems.map((problem) => localizeSubgroupProblem(locale, problem)),
      );
    }
    return { surveyId, locale, shown, versions, countedIds, where, subgroup, signature: countsSignature(kept), kept };
  }

  private shownOf(scope: Scope): ShownVersion {
    const { definition, version } = scope.shown;
    return {
      survey: { id: scope.surveyId, title: definition.title, locale: definition.locale, version },
      definition,
      variables: surveyVariables(definition),
      subgroup: scope.subgroup,
      respondents: scope.versions.filter((v) => v.counted).reduce((sum, v) => sum + v.respondents, 0),
    };
  }

  private variable(scope: Scope, id: string): Variable {
    const variables = surveyVariables(scope.shown.definition);
    if (!id) throw new InvalidResultsQueryError([this.message(scope, 'variableMissing')]);
    const found = variables.find((v) => v.id === id);
    if (!found) {
      // A matrix row if there is one: the kind of id a researcher most often gets wrong.
      const example = variables.find((v) => v.id !== v.questionId)?.id ?? variables[0]?.id ?? '';
      throw new InvalidResultsQueryError([this.message(scope, 'variableUnknown', { id, example })]);
    }
    return found;
  }

  private selection(scope: Scope, subgroup: Subgroup): ResponseSelection {
    return { surveyId: scope.surveyId, versionIds: scope.countedIds, subgroup: subgroup.map(conditionKeys) };
  }

  private cacheKey(kind: string, scope: Scope): string {
    const where = scope.subgroup.map((c) => `${c.variable.id}:${[...c.values].sort().join(',')}`).sort();
    return JSON.stringify([kind, scope.surveyId, scope.countedIds, where]);
  }

  private freshness(scope: Scope, cached: { computedAt: Date; stale: boolean }): Freshness {
    return { signature: scope.signature, computedAt: cached.computedAt.toISOString(), stale: cached.stale };
  }

  /** A message in the survey's language, for an InvalidResultsQueryError. */
  private message(scope: Scope, key: ResultsMessageKey, params?: MessageParams): string {
    return localizeResults(scope.locale, key, params);
  }
}
