/**
 * @module test/emulator/sample-episode
 * A small hand-written episode for emulator tests: timed segments in sections, claims with
 * numbers and dates, opinions, and non-ASCII text (byte offsets and the token rule).
 */
import type { Episode } from '../../predictor/pipeline/episode.js';

export const SAMPLE_EPISODE: Episode = {
  episodeId: 'ep-bees-7',
  title: 'Rooftop Bees and City Gardens',
  host: 'Maya Lindqvist',
  guests: ['Tomás Okafor'],
  hasTimestamps: true,
  segments: [
    {
      timestamp: '00:00:05',
      speaker: 'Maya Lindqvist',
      section: 'Intro',
      text: 'Welcome back to Green Roofs. Today we talk about urban beekeeping with Tomás Okafor, who keeps hives on twelve rooftops in Lisbon.',
    },
    {
      timestamp: '00:01:10',
      speaker: 'Tomás Okafor',
      section: 'Intro',
      text: 'Thanks for having me. I started with a single hive in 2016 on the roof of a bakery.',
    },
    {
      timestamp: '00:03:40',
      speaker: 'Maya Lindqvist',
      section: 'Hive health',
      text: 'How do rooftop colonies cope with the summer heat? Many listeners worry that city hives overheat.',
    },
    {
      timestamp: '00:04:15',
      speaker: 'Tomás Okafor',
      section: 'Hive health',
      text: 'A strong colony holds about 40,000 bees in July and fans the brood nest to keep it near 35 degrees. Shade boards and a water source matter more than anything else for rooftop colonies.',
    },
    {
      timestamp: '00:07:02',
      speaker: 'Tomás Okafor',
      section: 'Hive health',
      text: 'Varroa mites remain the biggest threat to city colonies. We treat in late summer, and I think every beekeeper should monitor mite counts monthly.',
    },
    {
      timestamp: '00:10:30',
      speaker: 'Maya Lindqvist',
      section: 'City gardens',
      text: 'Your bees need flowers, so what should cities plant? Café owners keep asking me about lavender — est-ce une bonne idée?',
    },
    {
      timestamp: '00:11:05',
      speaker: 'Tomás Okafor',
      section: 'City gardens',
      text: 'Lavender helps, but linden trees feed colonies far better in June. The city council decided in March 2023 to plant 500 linden trees along the river.',
    },
    {
      timestamp: '00:14:20',
      speaker: 'Maya Lindqvist',
      section: 'Closing',
      text: 'We agreed that rooftop beekeeping works when colonies get shade, water and flowers. Next week we will visit the linden avenue together.',
    },
  ],
};
