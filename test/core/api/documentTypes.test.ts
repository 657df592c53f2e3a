import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXTENSIONS,
  acceptMapFor,
  contentTypeFor,
  extensionOf,
  resolveExtensions,
  validateFiles,
} from '../../../src/core';

const file = (name: string, size: number) => ({ name, size });

describe('contentTypeFor', () => {
  it.each([
    ['bill.pdf', 'application/pdf'],
    ['ROOF.JPG', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['scan.tif', 'image/tiff'],
    ['iphone.HEIC', 'image/heic'],
    ['sheet.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['notes.txt', 'text/plain'],
    ['archive.tar.csv', 'text/csv'],
  ])('maps %s to %s', (name, mime) => {
    expect(contentTypeFor(name)).toBe(mime);
  });

  it('returns undefined for unlisted or missing extensions', () => {
    expect(contentTypeFor('virus.exe')).toBeUndefined();
    expect(contentTypeFor('README')).toBeUndefined();
    expect(contentTypeFor('.pdf')).toBeUndefined();
    expect(contentTypeFor('trailing.')).toBeUndefined();
  });

  it('honours an overridden allowlist', () => {
    expect(contentTypeFor('a.pdf', ['png'])).toBeUndefined();
    expect(contentTypeFor('a.png', ['.PNG'])).toBe('image/png');
    expect(contentTypeFor('a.dwg', { dwg: 'image/vnd.dwg' })).toBe('image/vnd.dwg');
  });

  it('covers the 16 default extensions', () => {
    expect(Object.keys(DEFAULT_EXTENSIONS).sort()).toEqual([
      'csv',
      'doc',
      'docx',
      'gif',
      'heic',
      'heif',
      'jpeg',
      'jpg',
      'pdf',
      'png',
      'tif',
      'tiff',
      'txt',
      'webp',
      'xls',
      'xlsx',
    ]);
  });
});

describe('extensionOf', () => {
  it('ignores directories and keeps the last extension', () => {
    expect(extensionOf('C:\\scans\\bill.v2.PDF')).toBe('pdf');
    expect(extensionOf('dir.d/file')).toBeUndefined();
  });
});

describe('acceptMapFor', () => {
  it('groups extensions by MIME type for react-dropzone', () => {
    const map = acceptMapFor(['jpg', 'jpeg', 'pdf']);
    expect(map).toEqual({ 'image/jpeg': ['.jpg', '.jpeg'], 'application/pdf': ['.pdf'] });
  });
  it('maps unknown listed extensions to octet-stream', () => {
    expect(resolveExtensions(['xyz'])).toEqual({ xyz: 'application/octet-stream' });
  });
});

describe('validateFiles', () => {
  it('accepts allowed files and rejects others with every reason', () => {
    const result = validateFiles(
      [file('bill.pdf', 10), file('virus.exe', 10), file('empty.png', 0), file('big.pdf', 2_000_000)],
      { maxSize: 1_000_000 },
    );
    expect(result.accepted.map((f) => f.name)).toEqual(['bill.pdf']);
    expect(result.rejected.map((r) => [r.file.name, r.errors.map((e) => e.code)])).toEqual([
      ['virus.exe', ['invalid-extension']],
      ['empty.png', ['empty-file']],
      ['big.pdf', ['file-too-large']],
    ]);
    expect(result.rejected[0]?.errors[0]?.message).toContain('Allowed: pdf, jpg');
    expect(result.rejected[2]?.errors[0]?.message).toContain('1 MB');
  });

  it('rejects files over maxFiles, counting those already accepted', () => {
    const result = validateFiles(
      [file('a.pdf', 1), file('b.pdf', 1), file('c.pdf', 1)],
      { maxFiles: 3 },
      { alreadyAccepted: 2 },
    );
    expect(result.accepted.map((f) => f.name)).toEqual(['a.pdf']);
    expect(result.rejected.map((r) => r.errors[0]?.code)).toEqual(['too-many-files', 'too-many-files']);
  });

  it('reports several reasons for one file', () => {
    const result = validateFiles([file('x.exe', 0)]);
    expect(result.rejected[0]?.errors.map((e) => e.code)).toEqual(['invalid-extension', 'empty-file']);
  });

  it('never throws on odd input', () => {
    const odd = [
      { name: '', size: 5 },
      { name: 'a.pdf', size: Number.NaN },
      { name: 'b.pdf', size: -1 },
    ];
    const result = validateFiles(odd);
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toHaveLength(3);
    expect(result.rejected[0]?.errors[0]?.code).toBe('invalid-name');
  });

  it('accepts empty files only when allowed', () => {
    expect(validateFiles([file('a.txt', 0)], { allowEmpty: true }).accepted).toHaveLength(1);
  });
});

describe('rejection params (for translated wording)', () => {
  it('name the values each message states', () => {
    const pdf = (name: string, size = 10) => ({ name, size });
    const { rejected } = validateFiles(
      [pdf('a.exe'), pdf('noext'), pdf('big.pdf', 5000), pdf('ok.pdf'), pdf('two.pdf')],
      { extensions: ['pdf'], maxSize: 1000, maxFiles: 1 },
    );
    expect(rejected.map((r) => r.errors.map((e) => [e.code, e.params]))).toEqual([
      [['invalid-extension', { extension: 'exe', allowed: ['pdf'] }]],
      [['invalid-extension', { allowed: ['pdf'] }]],
      [['file-too-large', { maxSize: 1000 }]],
      [['too-many-files', { maxFiles: 1 }]],
    ]);
  });
});

describe('held files', () => {
  it('count toward maxFiles, and the message names the whole limit', () => {
    const { accepted, rejected } = validateFiles(
      [
        { name: 'a.pdf', size: 1 },
        { name: 'b.pdf', size: 1 },
      ],
      { maxFiles: 3, held: 2 },
    );
    expect(accepted.map((f) => f.name)).toEqual(['a.pdf']);
    expect(rejected[0]?.errors[0]).toMatchObject({
      code: 'too-many-files',
      message: 'No more than 3 files can be added.',
    });
  });

  it('are no limit without maxFiles, however many (even an unbounded count)', () => {
    const files = [file('a.pdf', 1), file('b.pdf', 1)];
    expect(validateFiles(files, { held: Infinity }).accepted).toHaveLength(2);
    expect(validateFiles(files, {}, { alreadyAccepted: Infinity }).accepted).toHaveLength(2);
    expect(validateFiles(files, { held: 1e9, maxSize: 10 }).rejected).toEqual([]);
  });
});
