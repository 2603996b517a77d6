/**
 * POST /api/surveys/taobao-2015/responses under concurrent load, the app as `npm start` runs
 * it, beside the bare server's endpoint that only parses the body and inserts the same
 * document with the driver on the same database, each in a process of its own; and the HTML
 * form's POST alone. The API/bare ratio is the figure that matters (target 0.8 or more).
 */
import { PROXY_HEADERS } from '../app-process';
import { figuresTable, meanFigures, measured, median, postLoad, roundsTable, type Figures } from '../load';
import { referenceAnswer, referenceFormFields, referenceSurvey } from '../reference-answer';
import { interleaved, type BenchPart } from './part';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 24);

export const submissionPart: BenchPart = {
  name: 'api',
  async run({ app, bare, seconds, rounds, appCpuMs, bareCpuMs }) {
    const taobao = referenceSurvey();
    const body = JSON.stringify(referenceAnswer(taobao));
    const full = `${app}/api/surveys/taobao-2015/responses`;
    const bareInsert = `${bare}/`;
    const json = { 'content-type': 'application/json', ...PROXY_HEADERS };
    console.log(`\n## API submission beside a bare insert (${connections} connections, ${rounds} rounds of ${seconds} s each, body ${body.length} bytes)`);
    await postLoad(full, body, 2, connections, json);
    await postLoad(bareInsert, body, 2, connections, json);
    const pairs = await interleaved(
      rounds,
      () => measured(bareCpuMs, seconds, () => postLoad(bareInsert, body, seconds, connections, json)),
      () => measured(appCpuMs, seconds, () => postLoad(full, body, seconds, connections, json)),
    );
    const form = formPost(`${app}/s/taobao-2015`, referenceFormFields(taobao));
    const formRuns: Figures[] = [];
    for (let round = 0; round < Math.min(rounds, 2); round++) {
      formRuns.push(await measured(appCpuMs, seconds, () => postLoad(form.url, form.body, seconds, connections, form.headers)));
    }

    const ratios = pairs.map(([b, a]) => a.rps / b.rps);
    console.log(
      figuresTable([
        ['POST /api/surveys/:id/responses (the app)', meanFigures(pairs.map(([, a]) => a))],
        ['bare insertOne of the same document', meanFigures(pairs.map(([b]) => b))],
        ['POST /s/:id alone (form, no cookie, no key, 303)', meanFigures(formRuns)],
      ]),
    );
    console.log(roundsTable(pairs, 'resp/s'));
    console.log(`API / bare insert: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target 0.8 or more)`);
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
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...PROXY_HEADERS },
  };
}
