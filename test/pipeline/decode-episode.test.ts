import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../../predictor/errors.js';
import { COOPERATIVE_DECODE_MIN_LENGTH, decodeEpisode, decodeEpisodeCooperatively } from '../../predictor/pipeline/decode-episode.js';
import { buildLongEpisode } from './support/build-long-episode.js';
import { fixtureBytes, smallWireEpisode, toBytes } from './support/episodes.js';

function decodeError(bytes: Uint8Array, index = 0): InvalidInputError {
  try {
    decodeEpisode(bytes, index);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected decodeEpisode to throw');
}

describe('decodeEpisode', () => {
  describe('validation', () => {
    it('names the element index and field path of a wrong type', () => {
      const transcript = Array.from({ length: 15 }, (_, index) => ({ timestamp: index, speaker: 'A', text: 'words' }));
      transcript[14] = { timestamp: 14, speaker: 42 as unknown as string, text: 'words' };
      const error = decodeError(toBytes(smallWireEpisode({ transcript })), 2);
      expect(error.message).to.equal('episode[2].transcript[14].speaker: must be string');
    });

    it('names a missing required field', () => {
      const { title: _title, ...withoutTitle } = smallWireEpisode();
      expect(decodeError(toBytes(withoutTitle), 1).message).to.equal('episode[1].title: is required');
    });

    it('rejects a transcript that is neither segments nor text', () => {
      expect(decodeError(toBytes(smallWireEpisode({ transcript: 7 }))).message).to.equal('episode[0].transcript: must be array or string');
    });

    it('rejects an empty segment list and a too long title', () => {
      expect(decodeError(toBytes(smallWireEpisode({ transcript: [] }))).message).to.match(/^episode\[0\]\.transcript: .*fewer than 1/);
      expect(decodeError(toBytes(smallWireEpisode({ title: 'x'.repeat(501) }))).message).to.match(/^episode\[0\]\.title: .*500/);
    });

    it('rejects more than 50 guests', () => {
      const guests = Array.from({ length: 51 }, (_, index) => `Guest ${index}`);
      expect(decodeError(toBytes(smallWireEpisode({ guests }))).message).to.match(/^episode\[0\]\.guests: /);
    });

    it('rejects a JSON value that is not an object', () => {
      expect(decodeError(toBytes([1, 2]), 3).message).to.equal('episode[3]: must be object');
    });

    it('refuses an element nested deeper than 32 before parsing it, naming the element', () => {
      const half = 4 * 1024 * 1024;
      const deep = new TextEncoder().encode(`{"title":"T","transcript":"x","extra":${'['.repeat(half)}${']'.repeat(half)}}`);
      expect(decodeError(deep, 5).message).to.equal('episode[5]: JSON nesting exceeds the maximum depth of 32');
      const brackets = '[{'.repeat(200);
      expect(decodeEpisode(toBytes(smallWireEpisode({ title: brackets, transcript: `Ann: ${brackets}` })), 0).title).to.equal(brackets);
    });

    it('reports invalid JSON with the element index', () => {
      const error = decodeError(new TextEncoder().encode('{"title": "x",'), 2);
      expect(error.message).to.match(/^episode\[2\]: invalid JSON: /);
    });

    it('rejects invalid UTF-8 instead of replacing it', () => {
      const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      expect(decodeError(bytes, 4).message).to.equal('episode[4]: not valid UTF-8');
    });

    it('rejects a title that is blank once control characters are stripped', () => {
      expect(decodeError(toBytes(smallWireEpisode({ title: '\u0007 \u0001' }))).message).to.equal('episode[0].title: must not be blank');
    });

    describe('text with nothing visible counts as empty', () => {
      // Zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen, LRM, Mongolian vowel
      // separator, a tag character, a variation selector and the Hangul filler: all invisible.
      const INVISIBLE = '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u200E\u180E\u{E0041}\uFE0F\u3164';

      for (const [name, invisible] of [
        ['zero-width characters', '\u200B\u200C\u200D'],
        ['a word joiner and BOMs', '\u2060\uFEFF\uFEFF'],
        ['every kind of invisible character mixed with whitespace', ` ${INVISIBLE}\t ${INVISIBLE} `],
      ] as const) {
        it(`refuses a segment transcript of ${name}, naming the field`, () => {
          const transcript = [
            { timestamp: 1, speaker: 'A', text: invisible },
            { timestamp: 2, speaker: 'B', text: `${invisible}\n${invisible}` },
          ];
          expect(decodeError(toBytes(smallWireEpisode({ transcript }))).message).to.equal('episode[0].transcript: has no text');
        });

        it(`refuses a plain-text transcript of ${name}, naming the field`, () => {
          const transcript = `${invisible}\n\nAnn: ${invisible}\n[00:00:05] ${invisible}`;
          expect(decodeError(toBytes(smallWireEpisode({ transcript })), 3).message).to.equal('episode[3].transcript: has no text');
        });

        it(`refuses a title of ${name} like a whitespace-only one`, () => {
          expect(decodeError(toBytes(smallWireEpisode({ title: invisible }))).message).to.equal('episode[0].title: must not be blank');
          expect(decodeError(toBytes(smallWireEpisode({ title: '   ' }))).message).to.equal('episode[0].title: must not be blank');
        });
      }

      it('drops invisible-only segments, guests, host, section and id, and calls an invisible speaker Unknown', () => {
        const transcript = [
          { timestamp: '\u200B', speaker: '\u200B\u2060', section: '\uFEFF', text: 'Visible words.' },
          { timestamp: 2, speaker: 'Bo', text: INVISIBLE },
        ];
        const episode = decodeEpisode(
          toBytes({ episode_id: '\u200D', title: 'T', host: '\u200C', guests: ['\u2060', 'Cy'], transcript }),
          0,
        );
        expect(episode).to.deep.equal({
          title: 'T',
          guests: ['Cy'],
          segments: [{ timestamp: '', speaker: 'Unknown', text: 'Visible words.' }],
          hasTimestamps: false,
        });
      });

      it('keeps format characters inside visible text (emoji sequences, joiners in scripts)', () => {
        const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
        const persian = 'می\u200Cخواهم';
        const episode = decodeEpisode(
          toBytes(smallWireEpisode({ title: `${family} \u2764\uFE0F`, transcript: [{ timestamp: 1, speaker: 'A', text: persian }] })),
          0,
        );
        expect(episode.title).to.equal(`${family} \u2764\uFE0F`);
        expect(episode.segments[0]?.text).to.equal(persian);
      });
    });

    it('rejects a transcript without any words', () => {
      const transcript = [{ timestamp: 1, speaker: 'A', text: '   ' }];
      expect(decodeError(toBytes(smallWireEpisode({ transcript }))).message).to.equal('episode[0].transcript: has no text');
    });
  });

  describe('normalisation', () => {
    it('tolerates unknown fields at the top level and in segments', () => {
      const episode = decodeEpisode(
        toBytes(smallWireEpisode({ language: 'en', transcript: [{ timestamp: 1, speaker: 'A', text: 'Hi', confidence: 0.9 }] })),
        0,
      );
      expect(episode.segments).to.deep.equal([{ timestamp: '00:00:01', speaker: 'A', text: 'Hi' }]);
    });

    it('NFC-normalises text and strips control characters except newline and tab', () => {
      const decomposed = 'Cafe\u0301';
      const transcript = [
        { timestamp: '1:02', speaker: `Zo\u0065\u0308`, text: `${decomposed}\u0000 ok\tthen\u001b[31m\u202Eevil\r\nnext` },
      ];
      const episode = decodeEpisode(toBytes(smallWireEpisode({ title: `${decomposed}\u0085 Talk`, transcript })), 0);
      expect(episode.title).to.equal('Café Talk');
      expect(episode.segments[0]).to.deep.equal({ timestamp: '1:02', speaker: 'Zoë', text: 'Café ok\tthen[31mevil\nnext' });
    });

    it('renders numeric timestamps in seconds as HH:MM:SS', () => {
      const transcript = [
        { timestamp: 0, speaker: 'A', text: 'start' },
        { timestamp: 3725.9, speaker: 'A', text: 'later' },
        { timestamp: 400000, speaker: 'A', text: 'much later' },
      ];
      const episode = decodeEpisode(toBytes(smallWireEpisode({ transcript })), 0);
      expect(episode.segments.map((segment) => segment.timestamp)).to.deep.equal(['00:00:00', '01:02:05', '111:06:40']);
      expect(episode.hasTimestamps).to.equal(true);
    });

    it('maps wire names to the domain episode and drops segments without words', () => {
      const transcript = [
        { timestamp: '00:00:01', speaker: ' Ana ', section: 'Intro', text: 'Hello.' },
        { timestamp: '00:00:02', speaker: '', text: '\u0000' },
        { timestamp: '', speaker: '', section: ' ', text: 'No speaker given.' },
      ];
      const episode = decodeEpisode(toBytes({ episode_id: 'ep-1', title: 'T', guests: ['  Bo ', ''], transcript }), 0);
      expect(episode).to.deep.equal({
        episodeId: 'ep-1',
        title: 'T',
        guests: ['Bo'],
        segments: [
          { timestamp: '00:00:01', speaker: 'Ana', section: 'Intro', text: 'Hello.' },
          { timestamp: '', speaker: 'Unknown', text: 'No speaker given.' },
        ],
        hasTimestamps: true,
      });
    });

    it('splits the plain-text fixture into speaker turns with its bracketed timestamps', () => {
      const episode = decodeEpisode(fixtureBytes('balcony-tomatoes-plain'), 0);
      expect(episode.segments[0]).to.include({ timestamp: '00:00:00', speaker: 'Ines Calloway' });
      expect(episode.segments[2]).to.deep.equal({
        timestamp: '',
        speaker: 'Ines Calloway',
        text: "Let's start with light. How much sun does a tomato really need?",
      });
      const containers = episode.segments.find((segment) => segment.timestamp === '00:03:47');
      expect(containers?.text).to.match(/twice a day\. Drill holes in the bottom\./);
      expect(episode.hasTimestamps).to.equal(true);
    });

    it('treats plain text without prefixes as Unknown speakers without timestamps', () => {
      const transcript = 'So here is the thing: nobody labelled this.\nIt goes on.\n\nA second paragraph.';
      const episode = decodeEpisode(toBytes({ title: 'Raw', transcript }), 0);
      expect(episode.segments).to.deep.equal([
        { timestamp: '', speaker: 'Unknown', text: 'So here is the thing: nobody labelled this. It goes on.' },
        { timestamp: '', speaker: 'Unknown', text: 'A second paragraph.' },
      ]);
      expect(episode.hasTimestamps).to.equal(false);
    });

    it('accepts an already-decoded string element', () => {
      expect(decodeEpisode(JSON.stringify(smallWireEpisode()), 0).title).to.equal('Short Talk');
    });
  });

  describe('fixtures', () => {
    it('decodes every sample episode', () => {
      expect(decodeEpisode(fixtureBytes('grid-under-pressure'), 0).segments).to.have.length(32);
      expect(decodeEpisode(fixtureBytes('deep-sea-marathon'), 0).segments).to.have.length(420);
    });

    it('keeps the long fixture equal to its builder', () => {
      const file = new URL('../fixtures/episodes/deep-sea-marathon.json', import.meta.url);
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal(buildLongEpisode());
    });
  });

  describe('decodeEpisodeCooperatively', () => {
    const settle = (run: () => unknown): Promise<unknown> =>
      Promise.resolve()
        .then(run)
        .then(
          (value) => ({ value }),
          (error: unknown) => ({ error: (error as Error).message }),
        );

    it('decodes exactly as decodeEpisode does: segments, plain text, strings and every kind of refusal', async () => {
      const segments = Array.from({ length: 5_001 }, (_, index) => ({
        timestamp: index,
        speaker: index % 7 ? 'Host' : ' ',
        text: index % 11 ? `line ${index}` : '\u200b',
      }));
      const elements: (Uint8Array | string)[] = [
        toBytes(smallWireEpisode({ transcript: segments })),
        JSON.stringify(smallWireEpisode({ transcript: segments })),
        toBytes(smallWireEpisode({ transcript: '[00:00:01] Ada: one\n[00:00:02] Bob: two' })),
        fixtureBytes('deep-sea-marathon'),
        toBytes(smallWireEpisode({ transcript: 7 })),
        toBytes(smallWireEpisode({ title: '\u200b' })),
        toBytes(smallWireEpisode({ transcript: Array.from({ length: 3 }, () => ({ timestamp: 1, speaker: 'A', text: ' ' })) })),
        '{"title": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}',
        '{"title": "unterminated',
        JSON.stringify(smallWireEpisode({ title: 'lone \ud800 surrogate' })),
        `\ufeff${JSON.stringify(smallWireEpisode())}`,
        toBytes(smallWireEpisode({ title: ' ', transcript: segments })),
      ];
      for (const [index, element] of elements.entries()) {
        const cooperative = await settle(() => decodeEpisodeCooperatively(element, index, async () => undefined));
        expect(cooperative, `element ${index}`).to.deep.equal(await settle(() => decodeEpisode(element, index)));
      }
    });

    it('hands the event loop back before a large element and between the depth scan, parsing, validation and every 2,000 segments', async () => {
      let turns = 0;
      const segments = Array.from({ length: 10_000 }, (_, index) => ({ timestamp: index, speaker: 'Host', text: `line ${index}` }));
      const element = toBytes(smallWireEpisode({ transcript: segments }));
      expect(element.length).to.be.at.least(COOPERATIVE_DECODE_MIN_LENGTH);
      const episode = await decodeEpisodeCooperatively(element, 0, async () => {
        turns++;
      });
      expect(episode.segments).to.have.length(10_000);
      // Before it, after the depth scan, parsing and validation, then between the five batches of segments.
      expect(turns).to.equal(4 + 4);
    });

    it('decodes a small element at once, so its request is not put behind the others that arrived meanwhile', async () => {
      let turns = 0;
      const element = toBytes(smallWireEpisode());
      expect(element.length).to.be.below(COOPERATIVE_DECODE_MIN_LENGTH);
      await decodeEpisodeCooperatively(element, 0, async () => {
        turns++;
      });
      expect(turns).to.equal(0);
    });
  });

  it('reads a string element as its UTF-8 bytes read: a leading byte-order mark is dropped, as TextDecoder drops it', () => {
    const json = JSON.stringify(smallWireEpisode());
    const fromString = decodeEpisode(`\ufeff${json}`, 0);
    expect(fromString).to.deep.equal(decodeEpisode(new TextEncoder().encode(`\ufeff${json}`), 0));
    expect(fromString).to.deep.equal(decodeEpisode(json, 0));
  });
});
