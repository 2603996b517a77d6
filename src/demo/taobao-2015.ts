/**
 * The 269 respondents of the reference study (taobao-2015), rebuilt so that every figure the
 * study published comes out exactly: every option count, every cell of the `factors` matrix,
 * the browse × age crosstab and the subgroup facts about daily and rare browsers.
 *
 * How: respondents are created from the crosstab's cells (browse and age), then each further
 * answer is dealt out by rank. A question's published counts say how many respondents get
 * each option; a score per respondent (a covariate plus seeded noise) only decides who. So
 * counts are exact by construction and answers still hang together (older respondents have
 * used Taobao longer, earners spend more, keen browsers agree more). The subgroup facts are
 * dealt within the browse groups, with tables below whose columns add up to the marginals.
 * No Math.random: every draw comes from a named seeded stream.
 */
import type { SurveyDefinition } from '../domain/survey/definition';
import {
  figuresOff,
  LabelCodes,
  taobao2015Published as study,
  type AnswerBody,
  type PublishedChoiceQuestion,
  type PublishedMatrixQuestion,
} from './published-study';
import { normal, seededRandom, shuffled, weighted } from './seeded-random';

export const DEMO_SURVEY_ID = 'taobao-2015';

/** The comparison the study itself makes: those who browse Taobao daily against those who rarely do. */
export const DEMO_COMPARISON = { a: 'browse:1', b: 'browse:4' };

export interface DemoResponse {
  /** `demo-taobao-2015-001` … `-269`, in the order they were submitted. */
  id: string;
  /** Within the study's fieldwork, 2015-11-18 to 2015-12-05 (China time). */
  submittedAt: Date;
  body: AnswerBody;
}

/** One respondent while being built, in the study's labels. */
interface Respondent {
  /** Single-choice answers: question id → option label. */
  one: Record<string, string>;
  /** Multi-choice answers: question id → option labels. */
  many: Record<string, string[]>;
  /** The `factors` matrix: row label → column labels. */
  grid: Record<string, string[]>;
  /** "Other" texts by question id. */
  other: Record<string, string>;
  /** Liking for Taobao, higher for frequent browsers; moves the attitude questions together. */
  enthusiasm: number;
  /** How much the purchase factors matter to this respondent, shared by the matrix rows. */
  care: number;
}

type Counts = Record<string, number>;

// ---------------------------------------------------------------------------------------
// The design in numbers: who is in which browse group. Each table's rows add up to the
// group's size in the crosstab and its columns to the published counts; the final check
// proves both.

/** Published: 39 of the 50 daily browsers are women, 16 of the 19 rare browsers men. */
const GENDER_BY_BROWSE: Record<string, Counts> = {
  每天: { 男: 11, 女: 39 },
  经常: { 男: 30, 女: 80 },
  偶尔: { 男: 31, 女: 59 },
  很少: { 男: 16, 女: 3 },
};

/** Published: 45 of the 50 daily browsers have used Taobao for up to 5 years. Rare browsers are newer to it. */
const YEARS_BY_BROWSE: Record<string, Counts> = {
  每天: { '3年以下': 24, '3-5年': 21, '5-10年': 4, '10年以上': 1 },
  经常: { '3年以下': 52, '3-5年': 48, '5-10年': 9, '10年以上': 1 },
  偶尔: { '3年以下': 47, '3-5年': 36, '5-10年': 6, '10年以上': 1 },
  很少: { '3年以下': 13, '3-5年': 5, '5-10年': 1, '10年以上': 0 },
};

/** Published: 30 of the 50 daily browsers spend 100-500元 a month. Rare browsers spend less. */
const SPEND_BY_BROWSE: Record<string, Counts> = {
  每天: { '100元以下': 8, '100-500元': 30, '500-1000元': 7, '1000元以上': 5 },
  经常: { '100元以下': 18, '100-500元': 72, '500-1000元': 11, '1000元以上': 9 },
  偶尔: { '100元以下': 28, '100-500元': 56, '500-1000元': 4, '1000元以上': 2 },
  很少: { '100元以下': 11, '100-500元': 7, '500-1000元': 1, '1000元以上': 0 },
};

/** Everyone under 18 is at school and everyone over 25 at work; 38 of the 225 aged 18-25 work. */
const OCCUPATION_BY_AGE: Record<string, Counts> = {
  '18岁以下': { 学生: 20 },
  '18-25岁': { 学生: 187, 工薪阶层: 22, 商人: 2, 自由职业: 10, 其他: 4 },
  '26-35岁': { 工薪阶层: 11, 商人: 2, 自由职业: 4, 其他: 1 },
  '36-45岁': { 工薪阶层: 2, 商人: 1, 自由职业: 1 },
  '46岁以上(含46岁)': { 工薪阶层: 1, 商人: 1 },
};

const NO_INCOME = '0元(学生请选择此项)';

/**
 * Income was not published: plausible weights by occupation (and age for students), as the
 * questionnaire asks students to choose 0元. Nobody under 18 earns 7000元以上.
 */
function incomeWeights(occupation: string, age: string): Counts {
  if (occupation === '学生') {
    return age === '18岁以下' ? { [NO_INCOME]: 19, '2000元以下': 1 } : { [NO_INCOME]: 85, '2000元以下': 13, '2000-4000元': 2 };
  }
  const young = age === '18-25岁';
  const weights: Record<string, Counts> = {
    工薪阶层: young ? { '2000元以下': 15, '2000-4000元': 55, '4000元-7000元': 25, '7000元以上': 5 } : { '2000-4000元': 35, '4000元-7000元': 45, '7000元以上': 20 },
    商人: { '2000-4000元': 20, '4000元-7000元': 40, '7000元以上': 40 },
    自由职业: { '2000元以下': 25, '2000-4000元': 40, '4000元-7000元': 25, '7000元以上': 10 },
    其他: { '2000元以下': 70, '2000-4000元': 30 },
  };
  return weights[occupation]!;
}

const INCOME_LEVEL: Counts = { [NO_INCOME]: 0, '2000元以下': 1, '2000-4000元': 2, '4000元-7000元': 3, '7000元以上': 4 };
const AGE_LEVEL: Counts = { '18岁以下': 0, '18-25岁': 1, '26-35岁': 2, '36-45岁': 3, '46岁以上(含46岁)': 4 };
const BROWSE_ENTHUSIASM: Counts = { 每天: 1, 经常: 0.5, 偶尔: 0, 很少: -0.8 };

/** Short "other" texts; the study's own quoted texts come first (see `other_texts_reported`). */
const OTHER_TEXTS: Record<string, string[]> = {
  occupation: ['待业', '实习生', '家庭主妇', '兼职', '退伍军人'],
  products: ['宠物用品', '日用品', '母婴用品', '运动户外', '家居用品', '文具', '话费充值', '鞋子', '玩具', '游戏点卡', '火车票', '花卉绿植', '汽车用品', '保健品', '手机配件', '电影票', '眼镜', '床上用品'],
  payment: ['亲友代付'],
  improve: ['物流速度', '售后服务', '假货太多', '退换货太麻烦', '客服回复太慢', '刷单和虚假好评', '商品描述与实物不符', '快递包装', '价格虚高', '搜索结果广告太多', '退款速度', '评价体系', '手机页面卡顿', '店铺信誉造假', '运费太贵', '售后维权难'],
};

// ---------------------------------------------------------------------------------------

function publishedChoice(id: string): PublishedChoiceQuestion & { counts: Counts } {
  const question = study.questions.find((q) => q.id === id);
  if (!question || question.type === 'matrix' || !question.counts) throw new Error(`the study publishes no counts for "${id}"`);
  return question as PublishedChoiceQuestion & { counts: Counts };
}

const level = (labels: string[], label: string | undefined) => labels.indexOf(label!);
const isStudent = (p: Respondent) => p.one.occupation === '学生';
const isWoman = (p: Respondent) => p.one.gender === '女';

/**
 * Gives each person one label, exactly `counts[label]` of each: the highest scores get the
 * first label of `order`, the next ones the second, and so on. Ties keep the people's order.
 */
function dealByRank(
  people: Respondent[],
  questionId: string,
  counts: Counts,
  order: string[],
  score: (p: Respondent) => number,
  group = '',
): void {
  const total = order.reduce((sum, label) => sum + (counts[label] ?? 0), 0);
  if (total !== people.length) throw new Error(`${questionId}${group}: counts add up to ${total} for ${people.length} respondents`);
  const ranked = people.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => b.s - a.s || a.i - b.i);
  let next = 0;
  for (const label of order) {
    for (let k = 0; k < (counts[label] ?? 0); k++) ranked[next++]!.p.one[questionId] = label;
  }
}

/** Ticks each option for exactly its published count of people, those with the highest propensity. */
function tickByRank(people: Respondent[], question: PublishedChoiceQuestion & { counts: Counts }, propensity: (p: Respondent, option: string) => number): void {
  const random = seededRandom(`taobao-2015/${question.id}`);
  for (const p of people) p.many[question.id] = [];
  for (const option of question.options) {
    const ranked = people.map((p, i) => ({ p, i, s: propensity(p, option) + normal(random) })).sort((a, b) => b.s - a.s || a.i - b.i);
    for (const { p } of ranked.slice(0, question.counts[option] ?? 0)) p.many[question.id]!.push(option);
  }
  giveEveryoneATick(people, question);
}

/**
 * The question is required: someone left without a tick takes one over from a respondent
 * with several, the most common option first, so that every count stays as published.
 */
function giveEveryoneATick(people: Respondent[], question: PublishedChoiceQuestion & { counts: Counts }): void {
  const byCount = [...question.options].sort((a, b) => (question.counts[b] ?? 0) - (question.counts[a] ?? 0));
  for (const p of people.filter((p) => p.many[question.id]!.length === 0)) {
    const donor = byCount
      .map((option) => {
        const holders = people.filter((d) => d.many[question.id]!.includes(option) && d.many[question.id]!.length > 1);
        holders.sort((a, b) => b.many[question.id]!.length - a.many[question.id]!.length);
        return holders[0] && { option, donor: holders[0] };
      })
      .find(Boolean);
    if (!donor) throw new Error(`${question.id}: nobody has a tick to spare for a respondent without one`);
    donor.donor.many[question.id] = donor.donor.many[question.id]!.filter((o) => o !== donor.option);
    p.many[question.id]!.push(donor.option);
  }
  for (const p of people) p.many[question.id]!.sort((a, b) => question.options.indexOf(a) - question.options.indexOf(b));
}

/** Splits `total` in proportion to `weights`, in whole numbers (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const missing = total - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) shares[byRemainder[k]!.i]! += 1;
  return shares;
}

/**
 * One matrix row where several columns may be ticked: its column counts add up to more than
 * the respondents. Each respondent ticks one column or two neighbouring ones (非常在意 and
 * 比较在意, say), as many pairs as there are extra ticks, so that every column's count holds.
 * The answers, from most to least caring: [1], [1,2], [2], [2,3], … [5].
 */
function gridAnswers(row: string, columns: string[], columnCounts: number[], respondents: number): { answer: string[]; count: number }[] {
  const extraTicks = columnCounts.reduce((a, b) => a + b, 0) - respondents;
  if (extraTicks < 0) throw new Error(`factors ${row}: fewer ticks than respondents, but every respondent answers every row`);
  const pairs = apportion(extraTicks, columns.slice(1).map((_, j) => Math.min(columnCounts[j]!, columnCounts[j + 1]!)));
  const answers: { answer: string[]; count: number }[] = [];
  columns.forEach((column, j) => {
    const single = columnCounts[j]! - (pairs[j - 1] ?? 0) - (pairs[j] ?? 0);
    if (single < 0) throw new Error(`factors ${row}: its column counts cannot be met with neighbouring pairs`);
    answers.push({ answer: [column], count: single });
    if (j < columns.length - 1) answers.push({ answer: [column, columns[j + 1]!], count: pairs[j]! });
  });
  return answers;
}

// ---------------------------------------------------------------------------------------

/** Respondents from the browse × age crosstab: the cells fix both answers at once. */
function respondentsFromCrosstab(): Respondent[] {
  const table = study.crosstabs.find((t) => t.row === 'browse' && t.col === 'age');
  if (!table) throw new Error('the study publishes no browse × age crosstab');
  const random = seededRandom('taobao-2015/traits');
  const people: Respondent[] = [];
  table.rows.forEach((browse, i) => {
    table.cols.forEach((age, j) => {
      for (let k = 0; k < table.counts[i]![j]!; k++) {
        people.push({
          one: { browse, age },
          many: {},
          grid: {},
          other: {},
          enthusiasm: BROWSE_ENTHUSIASM[browse]! + normal(random),
          care: normal(random),
        });
      }
    });
  });
  return people;
}

function groupBy(people: Respondent[], questionId: string): Map<string, Respondent[]> {
  const groups = new Map<string, Respondent[]>();
  for (const p of people) {
    const key = p.one[questionId]!;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return groups;
}

/** Within each group of `by`, deals `questionId` by the group's table. */
function dealWithinGroups(people: Respondent[], by: string, questionId: string, tables: Record<string, Counts>, order: string[], score: (p: Respondent) => number): void {
  for (const [group, members] of groupBy(people, by)) {
    const counts = tables[group];
    if (!counts) throw new Error(`${questionId}: no table for ${by} ${group}`);
    dealByRank(members, questionId, counts, order, score, ` among ${by} ${group}`);
  }
}

/** The study's respondents, answer by answer, in the study's labels. */
function buildRespondents(): Respondent[] {
  const people = respondentsFromCrosstab();
  const z = (name: string) => {
    const random = seededRandom(`taobao-2015/${name}`);
    return () => normal(random);
  };
  const options = (id: string) => publishedChoice(id).options;

  // The subgroup facts, within the browse groups; then occupation and income by age.
  const genderNoise = z('gender');
  dealWithinGroups(people, 'browse', 'gender', GENDER_BY_BROWSE, options('gender'), () => genderNoise());

  const occupationNoise = z('occupation');
  dealWithinGroups(people, 'age', 'occupation', OCCUPATION_BY_AGE, options('occupation'), () => occupationNoise());

  const incomeRandom = seededRandom('taobao-2015/income');
  for (const p of people) p.one.income = weighted(incomeRandom, incomeWeights(p.one.occupation!, p.one.age!));

  // Older respondents have used Taobao longer (it opened in 2003): age, blurred across neighbours.
  const yearsRandom = seededRandom('taobao-2015/years');
  dealWithinGroups(people, 'browse', 'years', YEARS_BY_BROWSE, [...options('years')].reverse(), (p) => AGE_LEVEL[p.one.age!]! + 1.5 * yearsRandom());

  const spendNoise = z('spend');
  dealWithinGroups(people, 'browse', 'spend', SPEND_BY_BROWSE, [...options('spend')].reverse(), (p) => 0.8 * INCOME_LEVEL[p.one.income!]! + (isWoman(p) ? 0.3 : 0) + spendNoise());

  // The other single-choice questions: published marginals, dealt by a plausible score.
  const affluence = (p: Respondent) => 0.5 * INCOME_LEVEL[p.one.income!]! + level(options('spend'), p.one.spend);
  const ranked: { id: string; order?: string[]; score: (p: Respondent, noise: number) => number }[] = [
    { id: 'push_attention', score: (p, e) => p.enthusiasm + 0.8 * e },
    // Cheapest first for the thrifty, dearest first for the well-off.
    { id: 'sort_order', order: ['价格从高到低', '店铺信用', '产品销量', '价格从低到高'], score: (p, e) => 0.6 * affluence(p) + e },
    { id: 'pay_safe', score: (p, e) => 0.6 * p.enthusiasm + e },
    { id: 'double11_spend', order: [...options('double11_spend')].reverse(), score: (p, e) => level(options('spend'), p.one.spend) + 0.4 * p.enthusiasm + 0.7 * e },
    { id: 'double11_view', score: (p, e) => p.enthusiasm + 0.8 * e },
    { id: 'right_decision', score: (p, e) => p.enthusiasm + 0.7 * e },
    { id: 'only_taobao', score: (p, e) => 0.7 * p.enthusiasm + e },
    { id: 'recommend', score: (p, e) => p.enthusiasm + 0.7 * e },
    { id: 'first_choice', score: (p, e) => p.enthusiasm + 0.9 * e },
  ];
  for (const { id, order, score } of ranked) {
    const noise = z(id);
    dealByRank(people, id, publishedChoice(id).counts, order ?? options(id), (p) => score(p, noise()));
  }

  // Multi-choice: each option goes to the respondents most inclined to tick it.
  tickByRank(people, publishedChoice('products'), (p, option) => {
    const inclination: Counts = isWoman(p)
      ? { 服饰: 0.8, 美妆: 1.2, 箱包: 0.5, 数码: -0.6, 家电: -0.3 }
      : { 数码: 1.2, 家电: 0.3, 美妆: -1.5, 箱包: -0.3 };
    return (inclination[option] ?? 0) + (option === '书刊' && isStudent(p) ? 0.6 : 0) + 0.3 * p.enthusiasm;
  });
  tickByRank(people, publishedChoice('payment'), (p, option) => {
    const working = isStudent(p) ? 0 : 1;
    const inclination: Counts = {
      支付宝: 0.5 + 0.3 * p.enthusiasm,
      银行卡: 0.3 * affluence(p),
      信用卡: 1.5 * working + 0.2 * affluence(p),
      蚂蚁花呗: p.one.age === '18-25岁' ? 0.5 : -0.5,
      分期支付: working,
      // Someone else paying is most likely for the youngest (the study's one "other": 他人代付).
      其他: p.one.age === '18岁以下' ? 2 : 0,
    };
    return inclination[option] ?? 0;
  });
  tickByRank(people, publishedChoice('improve'), (p, option) => (option === '支付环境的安全性' ? 0.4 * level(options('pay_safe'), p.one.pay_safe) : 0));

  // The matrix, row by row: caring respondents tick the left columns.
  const factors = study.questions.find((q): q is PublishedMatrixQuestion => q.id === 'factors' && q.type === 'matrix');
  if (!factors) throw new Error('the study publishes no "factors" matrix');
  for (const row of factors.rows) {
    const noise = z(`factors/${row}`);
    const ranks = people.map((p, i) => ({ p, i, s: 0.7 * p.care + 0.7 * noise() })).sort((a, b) => b.s - a.s || a.i - b.i);
    let next = 0;
    for (const { answer, count } of gridAnswers(row, factors.columns, factors.counts[row]!, people.length)) {
      for (let k = 0; k < count; k++) ranks[next++]!.p.grid[row] = answer;
    }
  }

  giveOtherTexts(people);
  return people;
}

/** A short text for every "other" chosen, the study's own quoted texts first, then plausible ones in turn. */
function giveOtherTexts(people: Respondent[]): void {
  for (const question of study.questions) {
    if (question.type === 'matrix' || !question.other_option) continue;
    const texts = [...(question.other_texts_reported ?? []), ...(OTHER_TEXTS[question.id] ?? [])];
    if (!texts.length) throw new Error(`no "other" texts for ${question.id}`);
    let next = 0;
    for (const p of people) {
      const chosen = question.type === 'single' ? p.one[question.id] === question.other_option : p.many[question.id]?.includes(question.other_option);
      if (chosen) p.other[question.id] = texts[next++ % texts.length]!;
    }
  }
}

/** What the study did not publish but a reader would notice: checked so that a change cannot slip in. */
function implausibilities(people: Respondent[]): string[] {
  const problems: string[] = [];
  const count = (test: (p: Respondent) => boolean) => people.filter(test).length;
  if (count((p) => p.one.age === '18岁以下' && p.one.income === '7000元以上')) problems.push('someone under 18 earns 7000元以上');
  if (count((p) => p.one.age === '18岁以下' && !isStudent(p))) problems.push('someone under 18 is not a student');
  if (count((p) => !isStudent(p) && p.one.income === NO_INCOME)) problems.push('someone who is not a student chose the students\' 0元');
  const students = count(isStudent);
  if (count((p) => isStudent(p) && p.one.income === NO_INCOME) < 0.8 * students) problems.push('fewer than 80% of students chose 0元');
  if (count((p) => p.one.years === '10年以上' && AGE_LEVEL[p.one.age!]! < 2)) problems.push('someone under 26 has used Taobao for 10年以上');
  return problems;
}

/** 2015-11-18 00:00 in China (UTC+8), the first day of the study's fieldwork. */
const FIELDWORK_START = Date.UTC(2015, 10, 17, 16);
const FIELDWORK_DAYS = 18; // through 2015-12-05

/**
 * When each response came in: more in the first days, as with a link passed around, and
 * between 08:00 and 23:00 China time. Returned in submission order.
 */
function submissionTimes(n: number): number[] {
  const random = seededRandom('taobao-2015/submitted');
  const times: number[] = [];
  for (let k = 0; k < n; k++) {
    const day = Math.floor(FIELDWORK_DAYS * ((k + 0.5) / n) ** 1.5);
    const minute = 8 * 60 + Math.floor(random() * 15 * 60);
    const second = Math.floor(random() * 60);
    times.push(FIELDWORK_START + ((day * 24 * 60 + minute) * 60 + second) * 1000);
  }
  return times.sort((a, b) => a - b);
}

function bodyOf(p: Respondent, codes: LabelCodes): AnswerBody {
  const body: AnswerBody = { answers: {}, other: {} };
  for (const question of study.questions) {
    const id = question.id;
    if (question.type === 'matrix') {
      body.answers[id] = Object.fromEntries(
        question.rows.map((row) => [codes.code(id, row, 'rows'), p.grid[row]!.map((column) => codes.code(id, column, 'columns'))]),
      );
    } else if (question.type === 'multi') {
      body.answers[id] = p.many[id]!.map((label) => codes.code(id, label));
    } else {
      body.answers[id] = codes.code(id, p.one[id]!);
    }
    if (p.other[id]) body.other[id] = p.other[id];
  }
  return body;
}

/**
 * The 269 demo responses of taobao-2015 in the API shape, with codes from `survey` (the
 * survey's current definition: a label the survey lacks is an error). Throws, naming every
 * figure, when a published figure does not come out exactly. The same on every run.
 */
export function taobaoDemoResponses(survey: SurveyDefinition): DemoResponse[] {
  const codes = new LabelCodes(survey);
  const people = shuffled(buildRespondents(), seededRandom('taobao-2015/order'));
  const times = submissionTimes(people.length);
  const responses = people.map((p, k) => ({
    id: `demo-${DEMO_SURVEY_ID}-${String(k + 1).padStart(3, '0')}`,
    submittedAt: new Date(times[k]!),
    body: bodyOf(p, codes),
  }));

  const problems = [...figuresOff(survey, responses.map((r) => r.body), study), ...implausibilities(people)];
  if (problems.length) throw new Error(`The demo data of ${survey.id} is off:\n  ${problems.join('\n  ')}`);
  return responses;
}
