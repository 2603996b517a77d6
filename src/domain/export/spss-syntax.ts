import type { ExportColumn, MeasurementLevel } from '../question-types/export-columns';
import { singleLine, textCell } from './csv-cells';

/** SPSS keeps at most this many bytes of a variable label, and of a value label. */
const VARIABLE_LABEL_BYTES = 255;
const VALUE_LABEL_BYTES = 120;
/** Long strings are written in pieces joined by `+`, so that no line of syntax grows long. */
const PIECE_BYTES = 100;

const LEVEL_KEYWORDS: Record<MeasurementLevel, string> = { nominal: 'NOMINAL', ordinal: 'ORDINAL', scale: 'SCALE' };

/** The longest start of `text` of at most `maxBytes` UTF-8 bytes, never cutting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * A string literal of SPSS syntax: in single quotes with quotes doubled, on one line (a line
 * break becomes a space, a control character U+FFFD: no NUL in the file), cut to `maxBytes`,
 * and in pieces joined with `+` when long.
 *
 * @example spssString("it's") // 'it''s'
 */
export function spssString(text: string, maxBytes = Infinity): string {
  let rest = utf8Prefix(singleLine(text), maxBytes);
  const pieces: string[] = [];
  do {
    const piece = utf8Prefix(rest, PIECE_BYTES) || rest.slice(0, 1);
    pieces.push(`'${piece.replace(/'/g, "''")}'`);
    rest = rest.slice(piece.length);
  } while (rest.length > 0);
  return pieces.join(' +\n      ');
}

/** The input format GET DATA reads a column with. */
function inputFormat(column: ExportColumn): string {
  return column.cells.kind === 'number' ? `F${column.cells.digits}.0` : `A${column.cells.bytes}`;
}

/** A code as VALUE LABELS writes it: a number, or the text as it stands in the CSV (formula guard included). */
function codeLiteral(column: ExportColumn, code: string): string {
  return column.cells.kind === 'number' ? code : spssString(textCell(code));
}

/**
 * SPSS syntax (also run by GNU PSPP) that reads the raw responses CSV written with codes and
 * gives every variable its format, its label (VARIABLE LABELS), every code its label (VALUE
 * LABELS) and its measurement level (VARIABLE LEVEL). The file is meant to be saved as UTF-8
 * with a byte-order mark, which is how SPSS and PSPP recognise a UTF-8 syntax file; the CSV is
 * read as UTF-8 (`/ENCODING='UTF8'`, the spelling both accept), its first line (the BOM and the
 * names) skipped.
 *
 * @example spssSyntax(columns, 'every-type-responses.csv') // "GET DATA /TYPE=TXT\n  /FILE='every-type-responses.csv'\n…"
 */
export function spssSyntax(columns: readonly ExportColumn[], csvFile: string, comments: readonly string[] = []): string {
  const lines: string[] = comments.map((comment) => `* ${singleLine(comment).replace(/\.?$/, '.')}`);
  if (lines.length) lines.push('');

  lines.push(
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssString(csvFile)}`,
    "  /ENCODING='UTF8'",
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...columns.map((column, i) => `    ${column.name} ${inputFormat(column)}${i === columns.length - 1 ? '.' : ''}`),
    '',
  );

  lines.push('VARIABLE LABELS');
  columns.forEach((column, i) => {
    lines.push(`  ${i ? '/' : ''}${column.name} ${spssString(column.label, VARIABLE_LABEL_BYTES)}${i === columns.length - 1 ? '.' : ''}`);
  });
  lines.push('');

  const labelled = columns.filter((column) => column.valueLabels.length > 0);
  if (labelled.length) {
    lines.push('VALUE LABELS');
    labelled.forEach((column, i) => {
      lines.push(`  ${i ? '/' : ''}${column.name}`);
      column.valueLabels.forEach(({ code, label }, j) => {
        const end = i === labelled.length - 1 && j === column.valueLabels.length - 1 ? '.' : '';
        lines.push(`    ${codeLiteral(column, code)} ${spssString(label, VALUE_LABEL_BYTES)}${end}`);
      });
    });
    lines.push('');
  }

  const levels = (Object.keys(LEVEL_KEYWORDS) as MeasurementLevel[])
    .map((level) => ({ level, names: columns.filter((c) => c.level === level).map((c) => c.name) }))
    .filter((group) => group.names.length > 0);
  lines.push('VARIABLE LEVEL');
  levels.forEach(({ level, names }, i) => {
    lines.push(`  ${i ? '/' : ''}${names.join(' ')} (${LEVEL_KEYWORDS[level]})${i === levels.length - 1 ? '.' : ''}`);
  });
  lines.push('', 'EXECUTE.', '');
  return lines.join('\n');
}
