/** Placeholder; replaced below. */
import { TownBuilder } from './builder';
export function buildVillage(): TownBuilder {
  return new TownBuilder('Village', 40, 30);
}
