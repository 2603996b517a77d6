import fs from 'node:fs';
import path from 'node:path';
import { parseSurveyFile, problemSentence } from '../../src/domain/survey/survey-file';
import { surveyChecker } from '../../src/services/survey-check';
import { surveysDir } from '../support/test-app';

const reference = fs.readFileSync(path.join(surveysDir, 'taobao-2015.json'), 'utf8');
/** A valid survey of about 1 MB: 200 questions of 200 options with long labels. */
const large = JSON.stringify({
  id: 'large',
  title: 'Large',
  questions: Array.from({ length: 200 }, (_, q) => ({ id: `q${q}`, type: 'single', title: 'Pick one', options: Array.from({ length: 20 }, (_, i) => `${'option '.repeat(30)}${i}`) })),
});

describe('checking a survey text off the event loop', () => {
  it('checks a large text in a worker thread with the same result as in the thread', async () => {
    const check = surveyChecker({ inThreadMaxChars: 1000 });
    for (const text of [reference, large, reference.replace('"single"', '"radio"')]) {
      expect(await check('s.json', text)).toEqual(parseSurveyFile('s.json', text));
    }
  });

  it('keeps the calling thread free while a worker checks', async () => {
    const check = surveyChecker({ inThreadMaxChars: 1000 });
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    try {
      const checking = check('large.json', large);
      // The check has not been made in this thread before it gave its promise back.
      expect(ticks).toBe(0);
      expect((await checking).ok).toBe(true);
    } finally {
      clearInterval(ticking);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('stops a check that takes longer than its time limit and refuses the text with a sentence', async () => {
    const result = await surveyChecker({ inThreadMaxChars: 0, timeLimitMs: 1 })('slow.json', large);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(problemSentence(result.problems[0]!, 'en')).toBe('checking this file took longer than 0.001 s and was stopped; a survey file is checked in well under a second');
    expect(problemSentence(result.problems[0]!, 'zh-CN')).toMatch(/^检查此文件超过 0.001 秒，已停止/);
  });

  it('stops a check that needs more memory than it may have', async () => {
    const result = await surveyChecker({ inThreadMaxChars: 0, memoryLimitMb: 4 })('big.json', large);
    expect(!result.ok && problemSentence(result.problems[0]!, 'en')).toBe('checking this file needed more than 4 MB of memory and was stopped');
  });

  it('takes the checks beyond `parallel` workers in turn, each given its own result', async () => {
    const check = surveyChecker({ inThreadMaxChars: 0, parallel: 1 });
    const results = await Promise.all([check('a.json', reference), check('b.json', large), check('c.json', reference)]);
    expect(results.map((r) => r.ok && r.definition.id)).toEqual(['taobao-2015', 'large', 'taobao-2015']);
  });
});
