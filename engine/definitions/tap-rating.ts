import type { DefinitionInput } from '../definition.js';
import { L } from './parts.js';

/**
 * The everyday figure of the dashboard: the share of satisfied kiosk and online taps. Taps are
 * self-selected, not a sampled survey, so this is never presented as SIPAS.
 */
export const tapRating: DefinitionInput = {
  id: 'tap-rating',
  version: '1',
  title: L('Tỷ lệ hài lòng (đánh giá nhanh)', 'Satisfied share (quick ratings)'),
  legalBasis: {
    document: 'Không có: chỉ số theo dõi vận hành của hệ thống (đánh giá tại quầy và trực tuyến)',
    date: null,
    issuer: 'SIPAS / PAR index engine',
    note: 'Operational indicator of kiosk and online taps; not a sampled survey, so not SIPAS.',
  },
  notSipas: true,
  options: {
    headline: 'value',
    decimals: 2,
    minN: 30,
    missing: 'incomplete',
    unconfirmed: ['minN'],
  },
  root: {
    id: 'satisfied',
    label: L('Tỷ lệ hài lòng và rất hài lòng', 'Share satisfied or very satisfied'),
    rule: 'share',
    levels: 5,
    minLevel: 4,
    note: 'Counts come from stored taps per unit, counter, channel and period.',
  },
};
