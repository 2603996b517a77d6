import type { Request, Response } from 'express';
import type { SurveyState } from '../storage/survey-store';
import { formView } from './form-view';
import { PageTemplate } from './page-template';

/** True when an Accept-Encoding header takes gzip (`gzip`, `gzip, br`; not `gzip;q=0`). */
export function takesGzip(header: string | undefined): boolean {
  if (!header) return false;
  let any: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    const taken = !q || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return taken;
    if (coding === '*') any = taken;
  }
  return any ?? false;
}

/**
 * The blank form of each survey version, rendered and compressed once, with holes for what
 * differs between two respondents: the form key and the anti-forgery token. A version never
 * changes (its id is its content's hash), so its page is kept for the life of the process.
 */
export class BlankForms {
  private readonly pages = new Map<string, Promise<PageTemplate>>();

  /** Sends the survey's blank form with this page's own key and token, gzip when the browser takes it. */
  async send(req: Request, res: Response, survey: SurveyState, tokens: { form: string; csrf: string }): Promise<void> {
    const template = await this.page(req, survey);
    const gzip = takesGzip(req.headers['accept-encoding']);
    const pieces = template.fill([tokens.csrf, tokens.form], gzip ? 'gzip' : 'identity');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Vary', 'Accept-Encoding');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', pieces.reduce((length, piece) => length + piece.length, 0));
    // Written in one tick, the pieces leave in one write to the socket.
    for (const piece of pieces.slice(0, -1)) res.write(piece);
    res.end(pieces.at(-1));
  }

  private page(req: Request, survey: SurveyState): Promise<PageTemplate> {
    const kept = this.pages.get(survey.versionId);
    if (kept) return kept;
    const holes = { csrf: PageTemplate.hole(), form: PageTemplate.hole() };
    const view = formView(survey.definition, { csrfToken: holes.csrf, formToken: holes.form });
    const page = new Promise<string>((resolve, reject) => {
      req.app.render('form', view, (error, html) => (error ? reject(error) : resolve(html)));
    }).then((html) => new PageTemplate(html, [holes.csrf, holes.form]));
    // A failed render is not kept: the next request tries again.
    page.catch(() => this.pages.delete(survey.versionId));
    this.pages.set(survey.versionId, page);
    return page;
  }
}
