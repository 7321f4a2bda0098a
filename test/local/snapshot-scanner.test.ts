/** The snapshot scanner against `JSON.parse`: same items, whatever the chunk boundaries. */
import { describe, expect, it } from 'vitest';
import { SnapshotScanner, SnapshotSyntaxError } from '../../local/snapshot-scanner';

function scan(text: string, chunk: number) {
  const items: unknown[] = [];
  const scanner = new SnapshotScanner((item, index) => {
    expect(index).toBe(items.length);
    items.push(item);
  });
  for (let i = 0; i < text.length && !scanner.stopped; i += chunk) scanner.write(text.slice(i, i + chunk));
  return { items, result: scanner.end() };
}

const DOCUMENTS = [
  { fileVersion: '1.0', configSnapshotId: 'a"b\\c', configurationItems: [] },
  {
    configSnapshotId: { nested: ['}', ']', '{"x"}'] },
    configurationItems: [
      { resourceId: 'é "q" \\ \u2028 ☃', n: -1.5e3, t: true, f: false, z: null, list: [[], {}, [{ a: ']' }]] },
      42,
      'a string',
      null,
      [1, 2],
    ],
    fileVersion: '1.0',
  },
];

describe('SnapshotScanner', () => {
  it.each(DOCUMENTS.map((d, i) => [i, d] as const))(
    'document %i: every chunk size gives what JSON.parse gives',
    (_, doc) => {
      for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
        for (let chunk = 1; chunk <= text.length; chunk += chunk < 16 ? 1 : 13) {
          const { items, result } = scan(text, chunk);
          expect(items).toEqual(doc.configurationItems);
          expect(result).toEqual({
            topLevel: 'object',
            fileVersion: { value: doc.fileVersion },
            configurationItems: 'array',
          });
        }
      }
    },
  );

  it('says what a file that is not a Config file holds, and stops reading an array at once', () => {
    expect(scan('[1, 2, 3]', 1).result).toEqual({ topLevel: 'array', configurationItems: 'absent' });
    expect(scan(' "x"', 2).result.topLevel).toBe('string');
    expect(scan('{"fileVersion": 1, "configurationItems": {"a": [1]}}', 3).result).toEqual({
      topLevel: 'object',
      fileVersion: { value: 1 },
      configurationItems: 'other',
    });
    expect(scan('{}', 1).result).toEqual({ topLevel: 'object', configurationItems: 'absent' });
  });

  it.each([
    '',
    '   ',
    '{"fileVersion": "1.0", "configurationItems": [',
    '{"fileVersion": "1.0", "configurationItems": [{"a": 1},]}',
    '{"fileVersion": "1.0", "configurationItems": [{"a": 1}]',
    '{"fileVersion": "1.0",}',
    '{"fileVersion" "1.0"}',
    '{"fileVersion": 1.0.0}',
    '{"configurationItems": [{"a": tru}]}',
    '{"configurationItems": []} x',
    '{"configurationItems": [], }',
  ])('%j is not JSON: SnapshotSyntaxError', (text) => {
    expect(() => scan(text, 5)).toThrow(SnapshotSyntaxError);
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyntaxError);
  });
});
