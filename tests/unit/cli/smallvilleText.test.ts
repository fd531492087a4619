/**
 * The prose rules of `hamlet import smallville`, on sentences written in the reference's forms
 * (synthetic, not copied): second-person whispers become first-person memories, and a workplace is
 * found even when the prose spells its name a little differently from the map.
 */
import { describe, expect, it } from 'vitest';
import { findHaunt, findWorkplace, misspeltNameAt } from '../../../server/cli/smallville/smallvillePersonas';
import { whisperAsMemory, whispersAsMemories } from '../../../server/cli/smallville/whispers';

describe('whispers as memories', () => {
  it('rewrites the second person as the first: subjects, objects, possessives and "to be"', () => {
    expect(whisperAsMemory('You and Ben Stone are housemates and have known each other for a year')).toBe('Ben Stone and I are housemates and have known each other for a year');
    expect(whisperAsMemory("Cleo Park is your neighbor whom you've known for about a year")).toBe("Cleo Park is my neighbor whom I've known for about a year");
    expect(whisperAsMemory('You are excited to be planning a party at *Hobbs Cafe*')).toBe('I am excited to be planning a party at *Hobbs Cafe*');
    expect(whisperAsMemory('Ada Stone is a loyal friend to you')).toBe('Ada Stone is a loyal friend to me');
    expect(whisperAsMemory('You have known Ben Stone since the time he helped you with some legal matters')).toBe('I have known Ben Stone since the time he helped me with some legal matters');
    expect(whisperAsMemory("In terms of your daily plans, you sometimes spend time at the park but you don't really like the crowd")).toBe(
      "In terms of my daily plans, I sometimes spend time at the park but I don't really like the crowd",
    );
    expect(whisperAsMemory('This is very important -- you have a crush on Cleo Park')).toBe('This is very important -- I have a crush on Cleo Park');
    expect(whisperAsMemory('You and Cleo Park sometimes talk and you two are somewhat close')).toBe('Cleo Park and I sometimes talk and the two of us are somewhat close');
    expect(whisperAsMemory('Your mother thinks you were right')).toBe('My mother thinks I was right');
  });

  it('splits a whisper cell on semicolons and drops the empty pieces', () => {
    expect(whispersAsMemories('You like tea;  You know Ben Stone; ')).toEqual(['I like tea', 'I know Ben Stone']);
  });
});

describe('the workplace named in the daily plan', () => {
  const sectors = ['The Willows Market', 'Hobbs Cafe', 'Oak Hill College', 'Stone house'];
  it('matches names without their leading "the" or with a plural dropped, the earliest mention first', () => {
    expect(findWorkplace('Ada goes to the Willow Market around 9am, then to Hobbs Cafe.', sectors, 'Stone house')).toBe('The Willows Market');
    expect(findWorkplace('Ada sits at Hobbs cafe, then at the Willows Market.', sectors, 'Stone house')).toBe('Hobbs Cafe');
    expect(findWorkplace('Ada goes to Oak Hill college to teach starting 10 am.', sectors, 'Stone house')).toBe('Oak Hill College');
  });

  it('does not take the home, a partial name, or a word inside another word', () => {
    expect(findWorkplace('Ada paints at Stone house all day.', sectors, 'Stone house')).toBeUndefined();
    expect(findWorkplace('Ada walks to the Market at noon.', sectors, 'Stone house')).toBeUndefined();
    expect(findWorkplace('Ada reads about The Willows Marketplace.', sectors, 'Stone house')).toBeUndefined();
  });
});

describe('the place someone goes besides home and work', () => {
  const sectors = ['The Rose and Crown Pub', 'Hobbs Cafe', 'Harvey Oak Supply Store', 'Stone house'];
  it('takes a second place of the daily plan first, then a planning hint of the whispers, in the evening when they say so', () => {
    const plan = 'Ada opens Harvey Oak Supply Store at 8am, and closes it at 6pm, at which point she likes to go to The Rose and Crown Pub to relax';
    expect(findHaunt(['I frequent Hobbs Cafe'], plan, sectors, 'Stone house', 'Harvey Oak Supply Store')).toEqual({ sector: 'The Rose and Crown Pub', evening: false });
    const memories = ['I like tea', 'In terms of my daily plans, I sometimes spend time at The Rose and Crown Pub when it is late', 'I frequent Hobbs Cafe'];
    expect(findHaunt(memories, '', sectors, 'Stone house')).toEqual({ sector: 'The Rose and Crown Pub', evening: true });
    expect(findHaunt(['Ada likes Hobbs Cafe', 'I know Ben'], '', sectors, 'Stone house')).toBeUndefined(); // no planning hint
    expect(findHaunt(['I frequent Harvey Oak Supply Store'], '', sectors, 'Stone house', 'Harvey Oak Supply Store')).toBeUndefined(); // that is work
  });
});

describe('names misspelt in the prose', () => {
  const names = new Set(['hailey johnson', 'abigail chen', 'ben stone', 'bea stone']);
  it('finds a name with a letter wrong in its first or last name, not another person or a far word', () => {
    expect(misspeltNameAt('You find Haily Johnson to be a little pushy', 'Hailey Johnson', names)).toBe(9);
    expect(misspeltNameAt('Abigail Chan is your housemate', 'Abigail Chen', names)).toBe(0);
    expect(misspeltNameAt('You know Bea Stone', 'Ben Stone', names)).toBe(-1); // Bea Stone is someone else
    expect(misspeltNameAt('You know Hannah Johnson', 'Hailey Johnson', names)).toBe(-1);
    expect(misspeltNameAt('You know Hailey', 'Hailey Johnson', names)).toBe(-1);
  });
});
