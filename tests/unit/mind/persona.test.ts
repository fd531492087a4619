import { describe, expect, it } from 'vitest';
import { parsePersonas } from '../../../server/mind/persona';

const person = (id: string, name: string) => ({
  id,
  name,
  age: 30,
  traits: 'kind',
  occupation: 'baker',
  background: '',
  currently: '',
  lifestyle: '',
  home: 'House',
  bed: 'House:bedroom:bed',
  sprite: 0,
  routine: [{ at: '06:00', activity: 'waking up', place: 'House:bedroom', emoji: '⏰' }],
});

describe('parsePersonas', () => {
  it('accepts people with their own ids and names', () => {
    expect(parsePersonas({ personas: [person('ada-moss', 'Ada Moss'), person('ben-moss', 'Ben Moss')] }).map((p) => p.id)).toEqual(['ada-moss', 'ben-moss']);
  });

  it('refuses two personas with the same name, naming both', () => {
    const data = { personas: [person('ada-moss', 'Ada Moss'), person('ben-moss', 'Ben Moss'), person('ada-moss-2', 'ada  moss ')] };
    expect(() => parsePersonas(data, 'town.personas.json')).toThrow(
      'town.personas.json: personas "ada-moss" and "ada-moss-2" are both named "ada  moss"; give each person their own name',
    );
  });

  it('refuses two personas with the same id, saying where', () => {
    const data = { personas: [person('ada-moss', 'Ada Moss'), person('ada-moss', 'Ada Moss the Younger')] };
    expect(() => parsePersonas(data, 'town.personas.json')).toThrow('town.personas.json: persona id "ada-moss" appears twice (personas #1 and #2)');
  });
});
