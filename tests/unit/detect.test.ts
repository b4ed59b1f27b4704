import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import entitiesFile from '../../data/entities.json' with { type: 'json' };
import type { Entity } from '../../data/schema.ts';
import { countMentions, detectBlocks, detectText, isSentenceInitial, isTitleLike } from '../../utils/detect.ts';
import { buildLexicon } from '../../utils/matcher.ts';

const lex = buildLexicon(entitiesFile.entities as unknown as Entity[]);
const detected = (text: string) => detectText(lex, text).map((m) => `${m.entity}:${m.text}`);

/** A page that is plainly about the dataset companies (three unambiguous mentions). */
const ABOUT = 'OpenAI, Nvidia and Microsoft announced new compute deals in 2025.';

describe('disambiguation of needsCue aliases', () => {
  it.each([
    // rule 1: an anti-cue nearby vetoes, even on a page about the companies
    [`${ABOUT}\nAfter the deal news we took a boat down from Manaus on Amazon waters.`, []],
    [`${ABOUT}\nShe painted an Azure sky over the harbour.`, []],
    [`${ABOUT}\nWarren Buffett, the Oracle of Omaha, bought more shares.`, []],
    // rule 2: "the X" used as a proper noun
    [`${ABOUT}\nLater that year the team kayaked the length of the Amazon.`, []],
    [`${ABOUT}\nWe boarded the Amazon Clipper at dawn.`, []],
    // …but only the word "the": a verb that ends in it is no article
    [`${ABOUT}\nAnalysts say investors loathe Oracle.`, ['oracle:Oracle']],
    [`${ABOUT}\nThe Amazon.`, []],
    // rule 3: a listing context
    ['$META rose after earnings.', ['meta:META']],
    ['Intel (NASDAQ: INTC) gained.', ['intel:Intel', 'intel:INTC']],
    // rule 4: a corporate suffix
    ['Oracle Corp. said on Monday that it had signed a large contract.', ['oracle:Oracle Corp.']],
    ['Intel Corp. received $5 billion.', ['intel:Intel Corp.']],
    // rule 5: a ticker-like alias wants its own cue, generic words are not enough
    ['THE META GAME IS CHANGING, SAY PLAYERS AND INVESTORS', []],
    ['META, the parent of Facebook, raised its capex forecast.', ['meta:META']],
    // …and a name with its own ticker in brackets
    ['Meta (META.O) rose 2% on Monday.', ['meta:Meta', 'meta:META']],
    // rule 6: a corporate or the entity's own cue nearby
    ['Oracle shares jumped 36% on September 10, 2025.', ['oracle:Oracle']],
    ['Amazon’s warehouse robots now outnumber some shifts.', ['amazon:Amazon']],
    ['Meta is building the Hyperion campus in Louisiana.', ['meta:Meta']],
    ['Stargate is a joint venture formed in January 2025.', ['stargate:Stargate']],
    ['MGX, the Abu Dhabi investor, joined the consortium.', ['mgx:MGX']],
    // rule 7: another company named unambiguously in the same block
    ['OpenAI agreed to pay Oracle for capacity in Abilene, Texas.', ['openai:OpenAI', 'oracle:Oracle']],
    ['Anthropic will buy capacity on Azure.', ['anthropic:Anthropic', 'microsoft:Azure']],
    // rule 9: no evidence at all
    ['Oracle was quiet.', []],
    ['A trip to Amazon was planned.', []],
    ['Nvidia MGX servers use a modular platform design.', ['nvidia:Nvidia']],
  ])('%s', (text, expected) => {
    // Mentions in the ABOUT line that some rows prepend are not what the row is about.
    const skip = text.startsWith(ABOUT) ? ABOUT.length : 0;
    const ms = detectText(lex, text).filter((m) => m.start >= skip);
    expect(ms.map((m) => `${m.entity}:${m.text}`)).toEqual(expected);
  });

  it('accepts a mid-sentence capitalised name on a page about the companies (rule 8)', () => {
    const page = `${ABOUT}\nIt was also a good week for Intel, whose share of the spotlight grew.`;
    expect(detected(page)).toContain('intel:Intel');
    // At a sentence start, before a reporting verb or a possessive.
    expect(detected(`${ABOUT}\nIntel said on Thursday it would sell more.`)).toContain('intel:Intel');
    expect(detected(`${ABOUT}\nOracle’s backlog kept growing.`)).toContain('oracle:Oracle');
    // …or before a verb as news writes it, present or past, or "to".
    expect(detected(`${ABOUT}\nAmazon unveiled the agreement on Monday.`)).toContain('amazon:Amazon');
    expect(detected(`${ABOUT}\nOracle jumped 5% in late trading.`)).toContain('oracle:Oracle');
    expect(detected(`${ABOUT}\nIntel to cut thousands of jobs.`)).toContain('intel:Intel');
    // A closed list: other words ending in -s or -ed open ordinary sentences too.
    expect(detected(`${ABOUT}\nAmazon fires reached a record this year.`)).not.toContain('amazon:Amazon');
    expect(detected(`${ABOUT}\nOracle cards are popular again.`)).not.toContain('oracle:Oracle');
    // The same sentence alone has no evidence.
    expect(detected('It was also a good week for Intel, we think.')).toEqual([]);
  });

  it('does not accept page-level evidence at a sentence start or in a title-case heading', () => {
    expect(detected(`${ABOUT}\nMeta-programming languages were discussed.`)).not.toContain('meta:Meta');
    expect(detected(`${ABOUT}\nOracle, in the story, speaks in riddles.`)).not.toContain('oracle:Oracle');
    expect(detected(`${ABOUT}\nSky And Azure Water`)).not.toContain('microsoft:Azure');
    expect(detected(`${ABOUT}\nGOOD NEWS FOR INTEL`)).not.toContain('intel:INTEL');
  });

  it('marks nothing on a travel page about the river', () => {
    const page = [
      'Our boat left Manaus, the largest city on the Amazon, on a Sunday.',
      'The Amazon Clipper carried six passengers and a guide.',
      'Amazon dolphins followed the canoe at dusk.',
      'Next year we want to see the Amazon again.',
    ].join('\n');
    expect(detected(page)).toEqual([]);
  });
});

describe('a phrase that vetoes a name on the whole page', () => {
  const EYES = [
    'Doctors call it age-related macular degeneration, or AMD for short.',
    'AMD blurs the centre of vision; injections slow the wet form of AMD.',
    'Nvidia and Microsoft were not part of the study, nor was OpenAI.',
  ].join('\n');

  it('marks no "AMD" on a page about the eye disease, in any paragraph, and the phrase is no mention', () => {
    expect(countMentions(detectText(lex, EYES))).toEqual({ nvidia: 1, microsoft: 1, openai: 1 });
  });

  it('still marks "AMD" on chip news, and the full name even beside the phrase', () => {
    expect(
      detected(`${ABOUT}
AMD shares rose after it agreed to supply OpenAI with chips.`),
    ).toContain('amd:AMD');
    expect(detected('Advanced Micro Devices funds macular degeneration research.')).toEqual([
      'amd:Advanced Micro Devices',
    ]);
  });

  it('does not count a vetoed name as evidence that the page is about the companies', () => {
    // Three "AMD" would make the page about the companies, and a mid-sentence "Oracle" count (rule 8).
    const page = 'Patients with AMD, dry AMD or wet AMD were asked about a vision test made by Oracle staff.';
    expect(detected(page)).toContain('oracle:Oracle');
    expect(detected(`${page}\nAll of them had macular degeneration.`)).toEqual([]);
  });
});

describe('detectBlocks and detectText', () => {
  it('returns mentions per block with offsets into that block', () => {
    const blocks = [
      'Amazon Web Services and OpenAI signed on November 3, 2025.',
      'No companies here.',
      'Oracle stock fell.',
    ];
    const out = detectBlocks(lex, blocks);
    expect(out).toHaveLength(3);
    expect(out[0]?.map((m) => [m.entity, m.start, m.end])).toEqual([
      ['aws', 0, 19],
      ['openai', 24, 30],
    ]);
    expect(out[1]).toEqual([]);
    expect(out[2]?.map((m) => blocks[2]?.slice(m.start, m.end))).toEqual(['Oracle']);
  });

  it('marks an ambiguous name in a title-case heading only when the page names that company twice outside its headings', () => {
    const names = (blocks: string[]) => detectBlocks(lex, blocks).map((ms) => ms.map((m) => m.entity));
    const about = 'OpenAI, Nvidia and Microsoft build data centers.';
    const heading = 'Meta Signs Power Deal For Its Louisiana Campus';
    const story = 'Meta said the plant would supply it. Meta will pay for the grid.';
    expect(names([heading, story, about])[0]).toEqual(['meta']);
    // Once is a passing mention; nowhere, or only in other headings, is no evidence.
    expect(names([heading, 'Meta said the plant would supply it.', about])[0]).toEqual([]);
    expect(names([heading, 'The plant would supply it.', about])[0]).toEqual([]);
    expect(names([heading, 'Meta Adds A Campus In Texas', 'Meta Buys Power In Ohio', about])[0]).toEqual([]);
    // A page not about these companies, a hyphenated word, and a heading in capitals: no.
    expect(names([heading, story])[0]).toEqual([]);
    expect(names(['Meta-Analysis Finds Gains', story, about])[0]).toEqual([]);
    expect(names(['META SIGNS POWER DEAL', story, about])[0]).toEqual([]);
  });

  it('splits plain text into paragraphs and reports offsets into the whole text', () => {
    const text = 'Nvidia will invest in OpenAI.\r\n\r\nOracle shares rose; AWS too.\nThe end.';
    const ms = detectText(lex, text);
    for (const m of ms) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(countMentions(ms)).toEqual({ nvidia: 1, openai: 1, oracle: 1, aws: 1 });
  });

  it.each([
    ['Oracle said so.', 0, true],
    ['Yes. Oracle said so.', 5, true],
    ['- Oracle will build it.', 2, true],
    ['“Oracle is ready,” he said.', 1, true],
    ['Shares of Oracle rose.', 10, false],
  ])('knows a sentence start: %s', (block, at, expected) => {
    expect(isSentenceInitial(block, at)).toBe(expected);
  });

  it.each([
    ['Sky and Azure Water', true],
    ['AMAZON RIVER CRUISES', true],
    ['ChatGPT, now hosted on Amazon', false],
    ['OpenAI signs a deal with Amazon', false],
  ])('knows a title-like heading: %s', (block, expected) => {
    expect(isTitleLike(block)).toBe(expected);
  });

  it('reads title-like headings as its definition by regular expression does, on random text', () => {
    // The definition: words are a letter then letters, marks, apostrophes and hyphens;
    // function words do not count; a word is capitalised when its first unit changes lower-cased.
    const FUNCTION = 'a an the and or but of in on at to for with by from as vs via is its into over up nor so yet';
    const functionWords = new Set(FUNCTION.split(' '));
    const reference = (block: string) => {
      let words = 0;
      let capital = 0;
      for (const m of block.matchAll(/[\p{L}][\p{L}\p{M}'’-]*/gu)) {
        const w = m[0];
        if (functionWords.has(w.toLowerCase())) continue;
        words++;
        if (w[0] !== (w[0] as string).toLowerCase()) capital++;
        if (words > 40) break;
      }
      return words >= 2 && capital / words >= 0.8;
    };
    const pieces = fc.constantFrom(
      'The',
      'the',
      'AND',
      'And',
      'Of',
      'With',
      'WITH',
      'Amazon',
      'amazon',
      'RIVER',
      'Élan',
      'élan',
      'Ωmega',
      'İN',
      'ǅemal',
      'O’Neil',
      "o'neil",
      'Meta-Analysis',
      'e\u0301clair',
      '𝐀bc',
      '𝐚bc',
      '\ud835',
      '\udc00',
      ' ',
      '  ',
      '-',
      '’',
      "'",
      '.',
      ',',
      '3',
      '2026',
      '\u0301',
      'ß',
      'Σ',
      'ς',
      'K',
      'ſ',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const block = parts.join('');
        expect(isTitleLike(block)).toBe(reference(block));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('spellings and phrases real copy carries', () => {
  it.each([
    // misspellings from syndicated and machine-rewritten copy
    ['Nvida shipped GB300 racks to the new campus.', ['nvidia:Nvida']],
    ['NVDIA and Broadcomm both supply the buildout.', ['nvidia:NVDIA', 'broadcom:Broadcomm']],
    ['OpenAl agreed to the seven-year term.', ['openai:OpenAl']],
    // descriptors a reader resolves
    [
      'The ChatGPT parent signed with Oracle Corp. for about $300 billion.',
      ['openai:ChatGPT parent', 'oracle:Oracle Corp.'],
    ],
    ['The Facebook parent did not comment.', ['meta:Facebook parent']],
    ['The Gemini maker sells TPUs to Anthropic.', ['google:Gemini maker', 'anthropic:Anthropic']],
    // handles
    ['Posted by @OracleCloud and @SoftBank today.', ['oracle:@OracleCloud', 'softbank:@SoftBank']],
    // ordinary business phrases are no longer read as the look-alike sense
    [`${ABOUT}\nThe retailer keeps its data lake on Azure.`, ['microsoft:Azure']],
    [`${ABOUT}\nThe first Stargate campus is a series of data centers in Abilene.`, ['stargate:Stargate']],
  ])('%s', (text, expected) => {
    // The three mentions of the ABOUT line come first; the rest are the sentence's.
    expect(detected(text).slice(text.startsWith(ABOUT) ? 3 : 0)).toEqual(expected);
  });
});

describe('cue words, looked up word by word', () => {
  const filler = 'and then '.repeat(12);
  it.each([
    // a cue of several words, found where its first word stands; one with a capital only as written
    ['Amazon bought Whole Foods in 2017.', ['amazon:Amazon']],
    ['Amazon bought whole foods in 2017.', []],
    ['Amazon opened a data center in Ohio.', ['amazon:Amazon']],
    ['Amazon opened a data room in Ohio.', []],
    // an anti-cue of several words vetoes
    ['Amazon rain forest news came in from the company.', []],
    // whole words only: "clouds" is not "cloud", "Seattleite" not "Seattle"
    ['Amazon clouds gathered over the Seattleite.', []],
    ['Amazon cloud revenue grew.', ['amazon:Amazon']],
    // any case for a lower-case cue, of one word or several
    ['Amazon SHARES fell.', ['amazon:Amazon']],
    ['Amazon opened a DATA CENTER in Ohio.', ['amazon:Amazon']],
    ['Amazon opened a Data Center in Ohio.', ['amazon:Amazon']],
    ['Amazon RAIN FOREST news came in from the company.', []],
    // lower-cased as the language does, past ASCII too: the Kelvin sign is a "k"
    ['Amazon stoc\u212A fell.', ['amazon:Amazon']],
    ['Amazon sharesé fell.', []],
    // a window edge inside a letter past the Basic Multilingual Plane takes its word whole:
    // "𝐀cloud" is no "cloud" (the edge, 60 characters on, falls between the halves of 𝐀)
    [`Oracle${' x'.repeat(29)} 𝐀cloud fell.`, []],
    [`Oracle${' x'.repeat(29)} 𝐀 cloud fell.`, ['oracle:Oracle']],
    // beyond the radius a cue does not count
    [`Amazon ${filler}shares.`, []],
    [`Amazon ${'and then '.repeat(6)}shares.`, ['amazon:Amazon']],
  ])('%s', (text, expected) => {
    expect(detected(text)).toEqual(expected);
  });
});
