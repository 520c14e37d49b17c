import { Definition } from '../definition.js';
import { counterTt01 } from './counter-tt01-2018.js';
import { parHanoiDepartments } from './par-hanoi-departments-2024.js';
import { parMinistry } from './par-ministry-qd876-2022.js';
import { parProvince } from './par-province-qd876-2022.js';
import { service766 } from './service-qd766-2022.js';
import { sipas1001 } from './sipas-qd1001-2023.js';
import { sipas1001in2024 } from './sipas-qd1001-2024.js';
import { sipas2640 } from './sipas-qd2640-2017.js';
import { tapRating } from './tap-rating.js';

/** The built-in methods, validated once when the module loads. */
export const DEFINITIONS: readonly Definition[] = [
  sipas2640,
  sipas1001,
  sipas1001in2024,
  counterTt01,
  service766,
  parProvince,
  parMinistry,
  parHanoiDepartments,
  tapRating,
].map((d) => Definition.parse(d));

export function getDefinition(id: string): Definition | undefined {
  return DEFINITIONS.find((d) => d.id === id);
}
