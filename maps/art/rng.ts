/**
 * The seeded PRNG for art and map generation: the simulation's own (xmur3 + sfc32). Each tile or
 * character gets its own stream seeded by its name, so adding a tile never changes how the
 * others look.
 */
export { Rng as ArtRng } from '../../server/engine/rng';
