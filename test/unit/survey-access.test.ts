import { surveyAccess } from '../../src/domain/survey/access';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';

const sharing = { owners: ['olga', 'vera'], viewers: ['rita'] };

describe('who may see a survey', () => {
  it('lets its owners manage it and its viewers read it', () => {
    expect(surveyAccess({ username: 'olga', role: 'researcher' }, sharing)).toBe('owner');
    expect(surveyAccess({ username: 'rita', role: 'researcher' }, sharing)).toBe('viewer');
  });

  it('keeps a user with the viewer role a reader even when listed as an owner', () => {
    expect(surveyAccess({ username: 'vera', role: 'viewer' }, sharing)).toBe('viewer');
  });

  it('lets admins manage every survey, and nobody else in', () => {
    expect(surveyAccess({ username: 'ada', role: 'admin' }, sharing)).toBe('owner');
    expect(surveyAccess({ username: 'otto', role: 'researcher' }, sharing)).toBeNull();
    expect(surveyAccess({ username: 'vic', role: 'viewer' }, sharing)).toBeNull();
  });

  it('lets every signed-in user read a survey that names nobody, and only admins manage it', () => {
    expect(surveyAccess({ username: 'otto', role: 'researcher' }, null)).toBe('viewer');
    expect(surveyAccess({ username: 'ada', role: 'admin' }, null)).toBe('owner');
  });
});

describe('a survey file that names owners and viewers', () => {
  const file = (extra: object) =>
    JSON.stringify({ id: 's', title: 'S', questions: [{ id: 'q', type: 'single', title: 'Q', options: ['a', 'b'] }], ...extra });

  it('shares the survey with them, names in lower case, apart from the definition', () => {
    const result = parseSurveyFile('s.json', file({ owners: ['Olga'], viewers: ['rita', 'RITA'] }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.sharing).toEqual({ owners: ['olga'], viewers: ['rita'] });
    expect(result.definition).not.toHaveProperty('owners');
  });

  it('names nobody when it has neither list', () => {
    const result = parseSurveyFile('s.json', file({}));
    expect(result.ok && result.sharing).toBeNull();
  });

  it('refuses a name that is not an account name', () => {
    const result = parseSurveyFile('s.json', file({ owners: ['li wei'] }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({ path: 'owners[0]' });
  });
});
