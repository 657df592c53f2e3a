/**
 * What "English left" means for the Spanish checks (spanish.test.tsx, storiesSpanish.test.tsx): the fixed words of
 * every label of the English catalogue, and the English the core writes into errors and rejections, found in
 * whatever a user or a screen reader meets (text, accessible names and descriptions, titles, alt text, placeholders,
 * validation messages).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { DocumentsLabels } from '../../src';
import { formatDate, formatFileSize, formatRate, formatSeconds } from '../../src/components/shared/format';

const SAMPLE = '§A§';

/**
 * A catalogue's fixed words: strings as they are, functions called with sample values (a name, a count, an info
 * object) and their output split around those values. Labels that only pass their argument through
 * (`thumbnailAlt`, `documentType`, `errorMessage`, `rejectionReason`: the English ones return the name, the type or
 * the core's message, which {@link coreEnglish} covers) are left out.
 */
export function fragments(labels: DocumentsLabels): string[] {
  const info = (count: number) => ({
    name: SAMPLE,
    names: [SAMPLE],
    count,
    reason: SAMPLE,
    message: SAMPLE,
    complete: count,
    total: count,
    percent: count,
    index: count,
    extensions: [SAMPLE],
    maxSize: SAMPLE,
  });
  // 1 and 7: singular and plural wording
  const samples = [SAMPLE, 1, 7, info(1), info(7)];
  const out: string[] = [];
  const add = (text: unknown) => {
    if (typeof text !== 'string') return;
    for (const part of text.split(/§A§|\d+|\[object Object\]|undefined/)) {
      const trimmed = part.replace(/^[\s:,.·()?%]+|[\s:,.·()?%]+$/g, '');
      // Words shared with Spanish or names (PDF, "%", ids) are not English wording.
      if (/[a-z]{3,}/i.test(trimmed) && !/^(PDF|Documentos?|Error)$/.test(trimmed)) out.push(trimmed);
    }
  };
  for (const [key, value] of Object.entries(labels)) {
    if (
      key === 'thumbnailAlt' ||
      key === 'documentType' ||
      key === 'errorMessage' ||
      key === 'rejectionReason'
    )
      continue;
    if (typeof value === 'string') add(value);
    else if (typeof value === 'function')
      for (const sample of samples) {
        try {
          add((value as (arg: unknown) => unknown)(sample));
        } catch {
          // a sample of the wrong shape
        }
      }
    else if (value !== null && typeof value === 'object')
      Object.values(value as Record<string, unknown>).forEach(add);
  }
  return [...new Set(out)].filter((f) => f.length >= 4);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The fixed parts of a string literal or template (`${operation} failed with ${status}` → `failed with`). */
function literalParts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node))
    return [
      node.head.text,
      ...node.templateSpans.flatMap((span) => [...literalParts(span.expression), span.literal.text]),
    ];
  if (ts.isConditionalExpression(node))
    return [...literalParts(node.whenTrue), ...literalParts(node.whenFalse)];
  if (ts.isBinaryExpression(node)) return [...literalParts(node.left), ...literalParts(node.right)];
  if (ts.isParenthesizedExpression(node)) return literalParts(node.expression);
  return [];
}

/**
 * Every English phrase the core can put into a message a user may meet, read from src/core rather than listed by
 * hand: the text arguments of `new …Error(…)`, `message:` properties (rejection reasons), the reasons of
 * `errorFromResponse` (an object of `why` strings) and what `tryAgainIn` returns. Kept: phrases of two or more
 * words (single identifiers such as `content-type` are not wording).
 */
export function coreEnglish(root = join(import.meta.dirname, '../../src/core')): string[] {
  const out = new Set<string>();
  const keep = (text: string) => {
    for (const piece of text.split(/[:;()]/)) {
      const trimmed = piece.replace(/^[\s.,…'"`]+|[\s.,…'"`]+$/g, '');
      if (/[A-Za-z]{2,}[ -]+[A-Za-z]{2,}/.test(trimmed) && /[a-z]{3,}/.test(trimmed)) out.add(trimmed);
    }
  };
  for (const file of filesUnder(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(source)))
        for (const arg of node.arguments ?? []) literalParts(arg).forEach(keep);
      if (
        ts.isPropertyAssignment(node) &&
        /^(message|account|expired|'content-type'|unknown)$/.test(node.name.getText(source))
      )
        literalParts(node.initializer).forEach(keep);
      if (ts.isFunctionDeclaration(node) && node.name?.text === 'tryAgainIn')
        node.forEachChild(function returns(child: ts.Node): void {
          if (ts.isReturnStatement(child) && child.expression !== undefined)
            literalParts(child.expression).forEach(keep);
          child.forEachChild(returns);
        });
      node.forEachChild(visit);
    };
    visit(source);
  }
  // Messages of the schemas' checks (`Expected …`) describe a broken response to developers; they are core
  // English too, and are kept.
  return [...out];
}

/** One piece of text a user or a screen reader meets, and where. */
export interface Piece {
  text: string;
  where: string;
}

const ATTRIBUTES = [
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
  'aria-placeholder',
  'title',
  'alt',
  'placeholder',
] as const;

function describeElement(el: Element): string {
  const id = el.id === '' ? '' : `#${el.id}`;
  const cls = typeof el.className === 'string' && el.className !== '' ? `.${el.className.split(' ')[0]}` : '';
  return `<${el.tagName.toLowerCase()}${id}${cls}>`;
}

/** The text pieces of `root` and everything below it: each element's text, its named attributes, its validation message. */
export function piecesOf(root: Node): Piece[] {
  const out: Piece[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (text.trim() !== '')
        out.push({ text, where: `text in ${describeElement(node.parentElement ?? document.body)}` });
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') return;
    const own = el.textContent ?? '';
    if (own.trim() !== '') out.push({ text: own, where: describeElement(el) });
    for (const attr of ATTRIBUTES) {
      const value = el.getAttribute(attr);
      if (value !== null && value.trim() !== '')
        out.push({ text: value, where: `${attr} of ${describeElement(el)}` });
    }
    const validation = (el as Partial<HTMLInputElement>).validationMessage;
    if (typeof validation === 'string' && validation !== '')
      out.push({ text: validation, where: `validationMessage of ${describeElement(el)}` });
    el.childNodes.forEach(visit);
  };
  visit(root);
  return out;
}

/**
 * Sizes, rates, durations and dates as the components format them in English where Spanish formats them otherwise
 * (`1.8 MB`, `4 sec`, `Oct 5, 2026`), as patterns (any number in place of the sample's).
 */
export function englishFormats(): RegExp[] {
  const samples: ((locale: string) => string)[] = [
    (l) => formatFileSize(1_800_000, l),
    (l) => formatRate(1_250_000, l),
    (l) => formatSeconds(4, l),
    (l) => formatSeconds(3_600 * 2.5, l),
    ...Array.from(
      { length: 12 },
      (_, month) => (l: string) => formatDate(new Date(Date.UTC(2026, month, 15)).toISOString(), l),
    ),
  ];
  return samples
    .filter((format) => format('en') !== format('es'))
    .map(
      (format) =>
        new RegExp(
          format('en')
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\d+/g, '\\d+'),
          'u',
        ),
    );
}

const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A matcher for whole-word occurrences ("Cancel" is no English left in "Cancelar"). */
export function englishMatcher(
  phrases: readonly string[],
  patterns: readonly RegExp[] = [],
): (text: string) => string[] {
  const tests = [
    ...[...new Set(phrases)].map(
      (phrase) => [phrase, new RegExp(`(^|[^\\p{L}])${escape(phrase)}($|[^\\p{L}])`, 'u')] as const,
    ),
    ...patterns.map((pattern) => [pattern.source, pattern] as const),
  ];
  return (text) => tests.filter(([, re]) => re.test(text)).map(([phrase]) => phrase);
}
