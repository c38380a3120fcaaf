/**
 * @module test/pipeline/support/build-long-episode
 * A deterministic long episode (a live Q&A marathon on ocean science) for batch, routing
 * and size tests. `test/fixtures/episodes/deep-sea-marathon.json` is this builder's output
 * (a test keeps them equal); timestamps are numeric seconds, as some clients send them.
 */
import type { WireEpisode, WireSegment } from '../../../predictor/pipeline/episode-schema.js';

const SPEAKERS = ['Lena Marsh', 'Dr. Kofi Mensah', 'Dr. Aiko Tanaka', 'Caller'] as const;

const SECTIONS = [
  'Opening',
  'The hadal zone',
  'Hydrothermal vents',
  'Listener questions',
  'Deep-sea mining',
  'Whale falls',
  'Sensors and robots',
  'Closing questions',
] as const;

const OPENERS = [
  'Here is the part that surprises people:',
  'To put that in context,',
  'What we actually measured was this:',
  'I would push back a little, because',
  'A listener asked about exactly this, and',
  'The honest answer is that',
  'On our last expedition,',
] as const;

const FACTS = [
  'the Challenger Deep in the Mariana Trench is roughly eleven thousand metres deep',
  'sunlight effectively disappears below about one thousand metres, which is why we call it the midnight zone',
  'the first hydrothermal vents were discovered near the Galapagos in 1977',
  'pressure rises by about one atmosphere for every ten metres of depth',
  'a whale fall can feed a community of animals on the sea floor for decades',
  'most of the deep sea floor has never been mapped at high resolution',
  'polymetallic nodules grow only a few millimetres every million years',
  'some snailfish live deeper than eight thousand metres',
] as const;

const CLOSERS = [
  'and that changes how we plan a dive.',
  'so we have to be careful about what we claim.',
  'which still amazes me after twenty years.',
  'and the data are public if anyone wants to check.',
  'though the numbers are debated.',
] as const;

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

/** Builds the marathon episode with `segmentCount` segments (420 by default). */
export function buildLongEpisode(segmentCount = 420): WireEpisode {
  const transcript: WireSegment[] = [];
  let seconds = 4;
  for (let index = 0; index < segmentCount; index++) {
    const speaker = index % 9 === 8 ? 'Caller' : pick(SPEAKERS.slice(0, 3), index);
    const section = pick(SECTIONS, Math.floor((index * SECTIONS.length) / segmentCount));
    const text = `${pick(OPENERS, index * 3 + 1)} ${pick(FACTS, index * 5 + 2)}, ${pick(CLOSERS, index * 7 + 3)}`;
    transcript.push({ timestamp: seconds, speaker, section, text });
    seconds += 9 + ((index * 13) % 17);
  }
  return {
    episode_id: 'deep-sea-dispatch-marathon',
    title: 'Deep Sea Dispatch — Live Marathon: Everything You Asked About the Deep Ocean',
    host: 'Lena Marsh',
    guests: ['Dr. Kofi Mensah', 'Dr. Aiko Tanaka'],
    transcript,
  };
}
