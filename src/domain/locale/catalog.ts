import type { Locale } from '../survey/definition';

export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders: format('Choose at least {min}', {min: 2}) → 'Choose at least 2'. */
export function format(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The two ways every catalogue is read: all its words for a page, or one message filled in. */
export interface Catalog<M> {
  messagesFor(locale: Locale): M;
  localize(locale: Locale, key: keyof M, params?: MessageParams): string;
}

/**
 * A catalogue of messages in every language the product speaks, each language's entries
 * checked by the compiler against the catalogue's interface.
 *
 * @example const results = catalog<ResultsMessages>({ 'zh-CN': zhCN, en });
 *          results.localize('en', 'pageInvalid') // 'The page must be a whole number from 1.'
 */
export function catalog<M extends { [K in keyof M]: string }>(byLocale: Record<Locale, M>): Catalog<M> {
  return {
    messagesFor: (locale) => byLocale[locale],
    localize: (locale, key, params) => format(byLocale[locale][key], params),
  };
}
