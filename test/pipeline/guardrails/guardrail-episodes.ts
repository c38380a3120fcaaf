/**
 * Small episodes for guardrail tests (our own sample data).
 */
import type { Episode } from '../../../predictor/pipeline/episode.js';

export function timedEpisode(overrides: Partial<Episode> = {}): Episode {
  return {
    title: 'Cities and Trees',
    host: 'Maria',
    guests: ['Dr. Chen'],
    hasTimestamps: true,
    segments: [
      { timestamp: '00:00:05', speaker: 'Maria', text: 'Welcome back. Today we talk about trees in cities.' },
      {
        timestamp: '00:01:10',
        speaker: 'Dr. Chen',
        text: 'Street trees cool a block by up to three degrees, and they pay for themselves…',
      },
      { timestamp: '00:02:30', speaker: 'Dr. Chen', text: 'within about a decade, according to our Boston data.' },
      { timestamp: '00:03:00', speaker: 'Maria', text: 'Write to me at maria@example.com with your questions.' },
    ],
    ...overrides,
  };
}
