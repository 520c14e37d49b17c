import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordKey } from '../../../api/dossiers/service.js';

describe('wordKey (headings and channel words as systems write them)', () => {
  it('puts NFD and NFC, old and new tone placement, case and spacing together', () => {
    expect(wordKey('Số hoá hồ sơ:'.normalize('NFD'))).toBe(wordKey('số hóa hồ sơ'));
    expect(wordKey('  TRỰC   TUYẾN  TOÀN TRÌNH ')).toBe('trực tuyến toàn trình'); // "toàn" keeps its tone on the a
    expect(wordKey('Thủ tục hoà giải.')).toBe('thủ tục hòa giải');
    expect(wordKey('khoá')).toBe('khóa');
    expect(wordKey('hoàn thành')).toBe('hoàn thành');
  });

  it('is idempotent and blind to normalisation form and case', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aàáảãạoòóỏõọ ăâêôơưđ hnt:.A'.split('')) }), (text) => {
        const key = wordKey(text);
        expect(wordKey(key)).toBe(key);
        expect(wordKey(text.normalize('NFD').toUpperCase())).toBe(key);
      }),
    );
  });
});
