/**
 * POST /api/surveys/taobao-2015/responses under concurrent load beside a bare endpoint that
 * only parses the body and inserts the same document with the driver on the same database;
 * and the HTML form's POST alone. The API/bare ratio is the figure that matters (≥ 70%).
 */
import { figuresTable, meanFigures, measured, median, percent, postLoad, type Figures } from '../load';
import { referenceAnswer, referenceFormFields, referenceSurvey } from '../reference-answer';
import { interleaved, type BenchPart } from './part';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

export const submissionPart: BenchPart = {
  name: 'api',
  async run({ app, bare, seconds, rounds, serverCpuMs }) {
    const taobao = referenceSurvey();
    const body = JSON.stringify(referenceAnswer(taobao));
    const full = `${app}/api/surveys/taobao-2015/responses`;
    const bareInsert = `${bare}/`;
    console.log(`\n## API submission beside a bare insert (${connections} connections, ${rounds} rounds of ${seconds} s each, body ${body.length} bytes)`);
    await postLoad(full, body, 2, connections);
    await postLoad(bareInsert, body, 2, connections);
    const pairs = await interleaved(
      rounds,
      () => measured(serverCpuMs, seconds, () => postLoad(full, body, seconds, connections)),
      () => measured(serverCpuMs, seconds, () => postLoad(bareInsert, body, seconds, connections)),
    );
    const form = formPost(`${app}/s/taobao-2015`, referenceFormFields(taobao));
    const formRuns: Figures[] = [];
    for (let round = 0; round < Math.min(rounds, 2); round++) {
      formRuns.push(await measured(serverCpuMs, seconds, () => postLoad(form.url, form.body, seconds, connections, form.headers)));
    }

    const ratios = pairs.map(([f, b]) => f.rps / b.rps);
    console.log(
      figuresTable([
        ['POST /api/surveys/:id/responses (full path)', meanFigures(pairs.map(([f]) => f))],
        ['bare insertOne of the same document', meanFigures(pairs.map(([, b]) => b))],
        ['POST /s/:id alone (form, no cookie, no key, 303)', meanFigures(formRuns)],
      ]),
    );
    console.log(`API / bare insert per round: ${ratios.map(percent).join(' ')}; median ${percent(median(ratios))} (target 70% or more)`);
  },
};

/**
 * The filled form as a browser that keeps no cookies sends it (its Sec-Fetch-Site header
 * shows it comes from our page) and without the page's key, so that every POST is a new
 * response: the anti-forgery token is bound to one key, which stores one response only.
 */
function formPost(url: string, answerFields: [string, string][]) {
  return {
    url,
    body: new URLSearchParams(answerFields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
  };
}
