import path from 'node:path';

/** The project folder, the same from `src/` (tests, tsx) and from `dist/` (npm start). */
export const projectRoot = path.resolve(__dirname, '..');

export const defaultPaths = {
  surveys: path.join(projectRoot, 'surveys'),
  data: path.join(projectRoot, 'data'),
  views: path.join(projectRoot, 'views'),
  public: path.join(projectRoot, 'public'),
  surveySchema: path.join(projectRoot, 'public', 'survey.schema.json'),
  tools: path.join(projectRoot, '.tools'),
};
